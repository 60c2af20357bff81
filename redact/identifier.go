package redact

import "strings"

// looksLikeName says whether a value gitleaks' generic rule captured is a
// name written in code or on a command line (decryptionKey1024,
// win32api.RegEnumKey, EVP_KEYMGMT-ED448, --sleep-interval=N) rather than
// a key. gitleaks already drops values of letters alone; these hold digits
// or an = too. The value is split into words at _ - . =, at a lower case
// letter before an upper case one and between letters and digits. A name
// has two words or more, at most one of them under three letters, fewer
// numbers than words, and words that read as words: lower case or
// capitalised, with a vowel, no more than three consonants in a row, at
// most 15 letters; a word in capitals (an acronym) only between
// separators (EVP_KEYMGMT). Random characters, as machines make keys,
// split into short pieces, long runs or runs of capitals.
func looksLikeName(value string) bool {
	separated := strings.ContainsAny(value, "_-.=")
	camel := false
	var words, shortWords, numbers, avgLetters int
	readable := true
	var prev byte // class of the previous byte: 'a', 'A', '0', or 0 after a separator
	wordStart := 0
	endWord := func(end int) {
		if end <= wordStart {
			return
		}
		w := value[wordStart:end]
		switch {
		case isDigit(w[0]):
			numbers++
			return
		case len(w) < 3:
			shortWords++
		case !readableWord(w, separated):
			readable = false
		}
		words++
		avgLetters += len(w)
	}
	for i := 0; i < len(value); i++ {
		c := value[i]
		var class byte
		switch {
		case c >= 'a' && c <= 'z':
			class = 'a'
		case c >= 'A' && c <= 'Z':
			class = 'A'
		case isDigit(c):
			class = '0'
		case c == '_' || c == '-' || c == '.' || c == '=':
			endWord(i)
			wordStart, prev = i+1, 0
			continue
		default:
			return false
		}
		switch {
		case prev == 0:
		case class == 'A' && prev == 'a':
			camel = true
			endWord(i)
			wordStart = i
		case class == '0' && prev != '0', class != '0' && prev == '0':
			endWord(i)
			wordStart = i
		case class == 'a' && prev == 'A' && i-wordStart > 1: // the W of ABCWord starts a word
			endWord(i - 1)
			wordStart = i - 1
		}
		prev = class
	}
	endWord(len(value))
	return readable && (camel || separated) && words >= 2 && shortWords <= 1 && numbers <= 1 && avgLetters >= 3*words
}

// readableWord says whether w, three letters or more, reads as a word of
// a name (see looksLikeName).
func readableWord(w string, separated bool) bool {
	if len(w) > 15 {
		return false
	}
	lower := strings.ToLower(w)
	if lower[1:] != w[1:] { // capitals: an acronym
		return separated && lower != w
	}
	vowels, run := 0, 0
	for i := 0; i < len(lower); i++ {
		if strings.IndexByte("aeiouy", lower[i]) >= 0 {
			vowels++
			run = 0
		} else if run++; run > 3 {
			return false
		}
	}
	return vowels > 0 && (len(w) < 4 || 4*vowels >= len(w))
}

// countingValue says whether a value is characters counted in order
// (0123456789abcdef, abcdefgh), a placeholder in examples.
func countingValue(value string) bool {
	for i := 1; i < len(value); i++ {
		prev, c := value[i-1], value[i]
		if c != prev+1 && !(prev == '9' && (c == 'a' || c == 'A')) {
			return false
		}
	}
	return len(value) > 1
}
