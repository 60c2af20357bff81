package runes

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCarry cuts texts of valid and invalid UTF-8 at random places and
// checks that what Carry gives, piece by piece, holds every byte in order
// and reads as the same characters as the whole text: no piece ends in the
// middle of a character.
func TestCarry(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := [][]byte{[]byte("a"), []byte("é"), []byte("中"), []byte("🙂"), {0xff}, {0xe6}, {0xe6, 0x97}, {0x80}}
	for round := range 2000 {
		var text []byte
		for range r.IntN(30) {
			text = append(text, alphabet[r.IntN(len(alphabet))]...)
		}
		var c Carry
		var got []byte
		var chars []rune
		read := func(piece []byte) {
			got = append(got, piece...)
			for _, ch := range string(piece) {
				chars = append(chars, ch)
			}
		}
		for rest := text; len(rest) > 0; {
			n := 1 + r.IntN(min(len(rest), 5))
			first, whole := c.Next(rest[:n])
			read(first)
			read(whole)
			rest = rest[n:]
		}
		read(c.End())
		if string(got) != string(text) {
			t.Fatalf("round %d: %q came out as %q", round, text, got)
		}
		var want []rune
		for _, ch := range string(text) {
			want = append(want, ch)
		}
		if !slices.Equal(chars, want) {
			t.Fatalf("round %d: %q read in pieces as %q, whole as %q", round, text, string(chars), string(want))
		}
	}
}
