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

// Carry joins the characters that a text written in parts cuts between
// two parts, so that whoever reads the parts sees whole characters.
type Carry struct {
	held  []byte // the start of a character the last part ended in
	first []byte // what Next returns of held
}

// Next returns what can be read of the text once p is added, in two
// pieces read in order: the character (or characters) held from the last
// part, completed from p, then the whole characters of the rest of p. It
// holds back the start of a character p ends in. An invalid byte counts as
// a character, as utf8.DecodeRune reads it; a byte after it may start the
// next. first is valid until the next call.
func (c *Carry) Next(p []byte) (first, rest []byte) {
	c.first = c.first[:0]
	for len(c.held) > 0 {
		for len(p) > 0 && !utf8.FullRune(c.held) {
			c.held, p = append(c.held, p[0]), p[1:]
		}
		if !utf8.FullRune(c.held) {
			return c.first, nil
		}
		_, size := utf8.DecodeRune(c.held)
		c.first = append(c.first, c.held[:size]...)
		c.held = append(c.held[:0], c.held[size:]...)
	}
	end := Whole(p)
	c.held = append(c.held, p[end:]...)
	return c.first, p[:end]
}

// End returns the start of a character the text ended in, cut short, and
// forgets it; it is valid until the next call.
func (c *Carry) End() []byte {
	b := c.held
	c.held = c.held[:0]
	return b
}

// Runes calls add with each character that can be read once p is added:
// Next's pieces, decoded.
func (c *Carry) Runes(p []byte, add func(rune)) {
	first, rest := c.Next(p)
	for _, piece := range [][]byte{first, rest} {
		for len(piece) > 0 {
			r, size := utf8.DecodeRune(piece)
			add(r)
			piece = piece[size:]
		}
	}
}
