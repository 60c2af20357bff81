package numfmt

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Width is how many terminal cells s takes: two for a wide or full-width
// character (CJK, most emoji), none for a combining mark or a control,
// one for the rest. Columns aligned by it line up on screen, where
// padding by bytes or runes does not.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r == utf8.RuneError, unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.IsControl(r), r == '\u200d':
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	if r >= 0x1F300 && r <= 0x1FAFF { // emoji pictographs, wide on terminals
		return 2
	}
	return 1
}

// PadRight pads s with spaces to cells wide, as %-*s does by runes.
func PadRight(s string, cells int) string {
	if w := Width(s); w < cells {
		return s + strings.Repeat(" ", cells-w)
	}
	return s
}
