package bpe

import (
	_ "embed"
	"unicode/utf8"

	"github.com/convkit/convkit/count/bpe/internal/table"
)

//go:embed classes.bin
var classTable string

// Class bits, named for the pattern element each stands for.
const (
	cL     = table.L
	cN     = table.N
	cUpper = table.Upper
	cLower = table.Lower
	cSpace = table.Space
	cCRLF  = table.CRLF
)

const nBlocks = (utf8.MaxRune + 1) >> table.BlockBits

// asciiClass saves a table walk for the common case.
var asciiClass = func() (a [utf8.RuneSelf]byte) {
	for r := range a {
		a[r] = classOf(rune(r))
	}
	return a
}()

// classOf returns the class bits of r from the generated table.
func classOf(r rune) byte {
	blk := int(classTable[2*(r>>table.BlockBits)]) | int(classTable[2*(r>>table.BlockBits)+1])<<8
	return classTable[2*nBlocks+blk<<table.BlockBits+int(r&(1<<table.BlockBits-1))]
}

// classAt returns the class bits and width of the rune starting at s[i].
// It is just too large to inline, so the hottest paths test for ASCII
// themselves and call classAtRune for the rest.
func classAt(s []byte, i int) (byte, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	return classAtRune(s, i)
}

// classAtRune is classAt for a rune that is not ASCII.
func classAtRune(s []byte, i int) (byte, int) {
	r, w := utf8.DecodeRune(s[i:])
	return classOf(r), w
}
