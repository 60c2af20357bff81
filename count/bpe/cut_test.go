package bpe

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkCuts fails t unless every cut Cut finds in text[:n] splits text
// into pieces that join to text's own: pieces before a cut must not change
// with what follows it. Pieces after a cut are the text's from there on
// (no pattern looks behind), so each cut is checked from the one before.
func checkCuts(t *testing.T, e *Encoding, text string, n int) (cuts int) {
	t.Helper()
	whole, at := pieces(e, text), 0 // whole[at:] starts at the last cut
	b := []byte(text[:n])
	prev := 0
	for i := e.Cut(b, 0); i != 0; i = e.Cut(b, i+1) {
		if i >= n || !utf8.RuneStart(b[i]) {
			t.Fatalf("%s: Cut(%.40q…) = %d, not inside the text or not where a character starts", e.name, b, i)
		}
		got, end := pieces(e, text[prev:i]), at
		for size := 0; size < i-prev && end < len(whole); end++ {
			size += len(whole[end])
		}
		if !slices.Equal(got, whole[at:end]) {
			t.Fatalf("%s: cutting %.80q at %d (%q|%q) changes its pieces", e.name, text, i, text[max(0, i-8):i], text[i:min(len(text), i+8)])
		}
		prev, at = i, end
		cuts++
	}
	return cuts
}

// TestCut cuts every text of the corpus everywhere Cut allows. Text in
// scripts written without spaces must have cuts as well as English does.
func TestCut(t *testing.T) {
	texts := corpus(t)
	for _, name := range names {
		e := encoding(t, name)
		cuts, size := 0, 0
		for _, s := range texts {
			if utf8.ValidString(s) {
				cuts += checkCuts(t, e, s, len(s))
				size += len(s)
			}
		}
		if cuts < size/100 {
			t.Errorf("%s: %d cuts in %d bytes: too few to test, or to stream on", name, cuts, size)
		}
		for _, s := range []string{"你好，世界！这是一段没有空格的中文。\n第二段也是。", "日本語のテキスト、句読点あり。\n次の行", "ภาษาไทยไม่มีช่องว่าง\nบรรทัดใหม่"} {
			text := strings.Repeat(s, 50)
			if n := checkCuts(t, e, text, len(text)); n < 50 {
				t.Errorf("%s: only %d cuts in %q × 50", name, n, s)
			}
		}
		for _, s := range []string{"😀 😀 😀 ", "1!2?3#", "!!! ??? ", "a\u0301 b\u0301, 12 34"} {
			text := strings.Repeat(s, 50)
			if n := checkCuts(t, e, text, len(text)); n < 50 {
				t.Errorf("%s: only %d cuts in %q × 50", name, n, s)
			}
		}
		// A run of one kind has no place to cut.
		for _, s := range []string{strings.Repeat("a", 5000), strings.Repeat("中", 2000), strings.Repeat("😀", 1000), strings.Repeat(" ", 5000), strings.Repeat("\n", 5000), strings.Repeat("1", 5000)} {
			if i := e.Cut([]byte(s), 0); i != 0 {
				t.Errorf("%s: Cut(%.20q…) = %d, want none in one piece", name, s, i)
			}
		}
	}
}

// FuzzCut checks that cuts found in a prefix of the text hold for the
// whole text, whatever follows the prefix.
func FuzzCut(f *testing.F) {
	for _, s := range tricky {
		f.Add(s, uint(len(s)/2))
	}
	for i, s := range generated(17, 40) {
		f.Add(s, uint(i*7))
	}
	f.Fuzz(func(t *testing.T, s string, n uint) {
		if !utf8.ValidString(s) || len(s) == 0 {
			return
		}
		for _, name := range names {
			checkCuts(t, encoding(t, name), s, int(n%uint(len(s)+1)))
		}
	})
}
