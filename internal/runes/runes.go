// Package runes holds what readers of UTF-8 text in parts share.
package runes

import "unicode/utf8"

// Whole returns the length of b but for a character cut short at its end,
// which the next part completes.
func Whole(b []byte) int {
	for k := len(b) - 1; k >= 0 && k >= len(b)-utf8.UTFMax; k-- {
		if utf8.RuneStart(b[k]) {
			if utf8.FullRune(b[k:]) {
				return len(b)
			}
			return k
		}
	}
	return len(b)
}
