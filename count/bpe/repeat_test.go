package bpe

import (
	"strings"
	"testing"
)

// TestCountRepeats puts runs of one character, held as Repeats, between
// other text and compares with the count of the whole text.
func TestCountRepeats(t *testing.T) {
	for _, name := range names {
		e := encoding(t, name)
		for _, run := range []string{"a", "Z", "中", "\u0301", "'", "/", " ", "\t", "\n", "\r", "\u00a0", "-", "😀", "\ufffd"} {
			for _, ctx := range [][2]string{{"", ""}, {"x", "y"}, {"It's ", " done.\n"}, {"\n", "'s"}, {"1", " 2"}, {"中", "😀 "}} {
				for _, extra := range []int{0, 1, 100, 5000, 100000} {
					head := ctx[0] + strings.Repeat(run, 4)
					text := head + strings.Repeat(run, 4) + ctx[1]
					rep := Repeat{At: len(head), Extra: extra}
					got, err := e.CountRepeats([]byte(text), []Repeat{rep})
					want := e.Count(head + strings.Repeat(run, extra+4) + ctx[1])
					if err != nil || got != want {
						t.Errorf("%s: %q + %d × %q + %q: %d (%v), want %d", name, head, extra, run, ctx[1], got, err, want)
					}
				}
			}
		}
	}
}

func TestCountRepeatsRefuses(t *testing.T) {
	e := encoding(t, "o200k_base")
	for _, c := range []struct {
		text string
		rep  Repeat
	}{
		{"1111", Repeat{At: 2, Extra: 5}}, // digits go three at a time
		{"aa  ", Repeat{At: 2, Extra: 5}}, // not inside a run
		{"aaaa", Repeat{At: 4, Extra: 5}}, // past the text
		{"  x", Repeat{At: 1, Extra: 5}},  // where a piece starts: " ", " x"
	} {
		if n, err := e.CountRepeats([]byte(c.text), []Repeat{c.rep}); err == nil {
			t.Errorf("%q with %+v: %d, want an error", c.text, c.rep, n)
		}
	}
}
