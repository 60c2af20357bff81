package bpe

// The pre-tokenizers below reproduce, alternative by alternative, the
// leftmost-first backtracking match of each encoding's regular expression at
// position i and return where the piece ends. Every character is matched by
// some alternative, so pieces tile the text. Each scan is bounded by the run
// it ends up consuming, so splitting is linear in the text.
//
// cl100k_base:
//
//	(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// o200k_base:
//
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//	\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// r50k_base and p50k_base (GPT-2's pattern):
//
//	's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+

// nextCl100k returns the end of the cl100k_base piece starting at s[i].
func nextCl100k(s []byte, i int) int { return cl100kLike(s, i, 3) }

// nextQwen returns the end of the piece of Qwen2's pattern (Qwen2Pattern)
// starting at s[i]: cl100k_base's with \p{N} for \p{N}{1,3}.
func nextQwen(s []byte, i int) int { return cl100kLike(s, i, 1) }

// cl100kLike returns the end of the piece of cl100k_base's pattern with
// \p{N}{1,maxDigits} that starts at s[i].
func cl100kLike(s []byte, i, maxDigits int) int {
	if n := contraction(s, i); n != 0 {
		return i + n
	}
	c, w := asciiClass[s[i]&0x7f], 1
	if s[i] >= 0x80 {
		c, w = classAtRune(s, i)
	}
	if c&(cL|cN|cCRLF) == 0 && i+w < len(s) {
		if c2, _ := classAt(s, i+w); c2&cL != 0 {
			return runEnd(s, i+w, cL)
		}
	}
	if c&cL != 0 {
		return runEnd(s, i, cL)
	}
	if c&cN != 0 {
		return digits(s, i, maxDigits)
	}
	if e := punct(s, i, false); e != 0 {
		return e
	}
	return space(s, i, true)
}

// nextO200k returns the end of the o200k_base piece starting at s[i]. The
// first two alternatives are each tried with the optional leading character
// and then without it, as backtracking does; only a mark can start either
// alternative after being refused as the leading character.
func nextO200k(s []byte, i int) int {
	c, w := asciiClass[s[i]&0x7f], 1
	if s[i] >= 0x80 {
		c, w = classAtRune(s, i)
	}
	lead := c&(cL|cN|cCRLF) == 0
	if lead {
		if e := lowerWord(s, i+w); e != 0 {
			return e
		}
	}
	if c&(cUpper|cLower) != 0 {
		if e := lowerWord(s, i); e != 0 {
			return e
		}
	}
	if lead {
		if e := upperWord(s, i+w); e != 0 {
			return e
		}
	}
	if c&cUpper != 0 {
		return upperWord(s, i)
	}
	if c&cN != 0 {
		return digits(s, i, 3)
	}
	if e := punct(s, i, true); e != 0 {
		return e
	}
	return space(s, i, true)
}

// nextGPT2 returns the end of the r50k_base or p50k_base piece starting at
// s[i]. A space leads the letter, number or other run after it; a space
// before white space belongs to the white space.
func nextGPT2(s []byte, i int) int {
	if n := contractionExact(s, i); n != 0 {
		return i + n
	}
	j := i
	if s[i] == ' ' && i+1 < len(s) {
		j++
	}
	switch c, _ := classAt(s, j); {
	case c&cL != 0:
		return runEnd(s, j, cL)
	case c&cN != 0:
		return runEnd(s, j, cN)
	case c&cSpace == 0:
		return runEndNot(s, j, cSpace|cL|cN)
	}
	return space(s, i, false)
}

// lowerWord matches [Upper]*[Lower]+contraction? at s[j], returning its end
// or 0. When the character after the greedy upper run is not lower case,
// backtracking gives characters back until one of them (a Lm, Lo or mark,
// which are in both classes) can serve as the lower part.
func lowerWord(s []byte, j int) int {
	k, lastLower := j, 0
	for k < len(s) {
		c, w := asciiClass[s[k]&0x7f], 1
		if s[k] >= 0x80 {
			c, w = classAtRune(s, k)
		}
		if c&cUpper == 0 {
			break
		}
		k += w
		if c&cLower != 0 {
			lastLower = k
		}
	}
	e := runEnd(s, k, cLower)
	if e == k {
		if lastLower == 0 {
			return 0
		}
		e = lastLower
	}
	return e + contraction(s, e)
}

// upperWord matches [Upper]+[Lower]*contraction? at s[j], returning its end
// or 0.
func upperWord(s []byte, j int) int {
	k := runEnd(s, j, cUpper)
	if k == j {
		return 0
	}
	e := runEnd(s, k, cLower)
	return e + contraction(s, e)
}

// contraction returns the length of (?i:'s|'t|'re|'ve|'m|'ll|'d) at s[i], or
// 0. Rust's regex folds case by Unicode simple case folding, under which
// U+017F LATIN SMALL LETTER LONG S matches s as well.
func contraction(s []byte, i int) int {
	if i+1 >= len(s) || s[i] != '\'' {
		return 0
	}
	// Setting bit 5 lower-cases ASCII letters and maps no other byte onto
	// one of the letters tested.
	switch s[i+1] | 0x20 {
	case 's', 't', 'm', 'd':
		return 2
	case 'r', 'v':
		if i+2 < len(s) && s[i+2]|0x20 == 'e' {
			return 3
		}
	case 'l':
		if i+2 < len(s) && s[i+2]|0x20 == 'l' {
			return 3
		}
	}
	if s[i+1] == 0xC5 && i+2 < len(s) && s[i+2] == 0xBF {
		return 3
	}
	return 0
}

// contractionExact returns the length of 's|'t|'re|'ve|'m|'ll|'d at s[i],
// lower case only, or 0.
func contractionExact(s []byte, i int) int {
	if i+1 >= len(s) || s[i] != '\'' {
		return 0
	}
	switch s[i+1] {
	case 's', 't', 'm', 'd':
		return 2
	case 'r', 'v':
		if i+2 < len(s) && s[i+2] == 'e' {
			return 3
		}
	case 'l':
		if i+2 < len(s) && s[i+2] == 'l' {
			return 3
		}
	}
	return 0
}

// digits matches \p{N}{1,most} at s[i], which is a number.
func digits(s []byte, i, most int) int {
	for n := 0; n < most && i < len(s); n++ {
		c, w := classAt(s, i)
		if c&cN == 0 {
			break
		}
		i += w
	}
	return i
}

// punct matches ` ?[^\s\p{L}\p{N}]+[\r\n]*` (with slash, `[\r\n/]*`) at s[i],
// returning its end or 0.
func punct(s []byte, i int, slash bool) int {
	j := i
	if s[i] == ' ' {
		j++
	}
	if j >= len(s) {
		return 0
	}
	if c, _ := classAt(s, j); c&(cSpace|cL|cN) != 0 {
		return 0
	}
	e := runEndNot(s, j, cSpace|cL|cN)
	for e < len(s) && (s[e] == '\r' || s[e] == '\n' || slash && s[e] == '/') {
		e++
	}
	return e
}

// space matches \s*[\r\n]+|\s+(?!\S)|\s+ at s[i], which is white space:
// up to the last line break of the run if it has one; else the whole run if
// it ends the text; else all but its last character, which is left to lead
// the next piece, unless that is the only one. Without breaks, the pattern
// has no \s*[\r\n]+ and line breaks are white space like any other.
func space(s []byte, i int, breaks bool) int {
	e, nl, last := i, 0, i
	for e < len(s) {
		c, w := classAt(s, e)
		if c&cSpace == 0 {
			break
		}
		last = e
		e += w
		if c&cCRLF != 0 {
			nl = e
		}
	}
	switch {
	case breaks && nl != 0:
		return nl
	case e == len(s) || last == i:
		return e
	}
	return last
}

// runEnd returns the end of the run of characters from s[i] with any class
// bit of mask.
func runEnd(s []byte, i int, mask byte) int {
	for i < len(s) {
		if b := s[i]; b < 0x80 {
			if asciiClass[b]&mask == 0 {
				break
			}
			i++
			continue
		}
		c, w := classAt(s, i)
		if c&mask == 0 {
			break
		}
		i += w
	}
	return i
}

// runEndNot returns the end of the run of characters from s[i] with no class
// bit of mask.
func runEndNot(s []byte, i int, mask byte) int {
	for i < len(s) {
		c, w := classAt(s, i)
		if c&mask != 0 {
			break
		}
		i += w
	}
	return i
}
