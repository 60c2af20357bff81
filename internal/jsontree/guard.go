package jsontree

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// BadByteError is the first byte of an input that no text convkit reads
// can hold: a NUL, or a byte that is not UTF-8.
type BadByteError struct {
	Pos  Pos
	Byte byte
}

func (e *BadByteError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg())
}

// Msg says what the byte is, without its place.
func (e *BadByteError) Msg() string {
	if e.Byte == 0 {
		return "NUL byte"
	}
	return fmt.Sprintf("invalid UTF-8 byte %#02x", e.Byte)
}

// Guard passes on what R reads until the first NUL byte or byte that is
// not UTF-8, and then fails with a *BadByteError, so that a reader that
// buffers until a delimiter (a whole document, a line) stops at the first
// byte that cannot continue the input instead of reading /dev/zero or
// /dev/urandom to its end. With KeepBad, the read that holds the bad byte
// is passed on whole and the error comes with the next one, for a parser
// that words its own error about it.
type Guard struct {
	R       io.Reader
	KeepBad bool
	// FirstLine is the number of R's first line, for an input read from
	// a later line on; 0 is 1.
	FirstLine int

	line, col int    // of the next byte, once started
	part      []byte // the start of a character cut by the last read
	partPos   Pos
	err       error
}

func (g *Guard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if g.line == 0 {
		g.line, g.col = max(g.FirstLine, 1), 1
	}
	n, err := g.R.Read(p)
	good, bad := g.scan(p[:n], err != nil)
	if bad != nil {
		g.err = bad
		if g.KeepBad && good < n {
			// This read goes on whole, the bad byte with it, and the
			// error comes with the next: a parser that parses what it
			// has read before it reads again words its own error.
			return n, nil
		}
		return good, g.err
	}
	if err != nil && err != io.EOF {
		g.err = err
	}
	return n, err
}

// scan checks b, which follows what was read before, and returns how many
// of its bytes come before the first bad one, and that one.
func (g *Guard) scan(b []byte, final bool) (good int, bad *BadByteError) {
	i := 0
	if len(g.part) > 0 {
		need := min(len(b), utf8.UTFMax-len(g.part))
		whole := append(g.part, b[:need]...)
		if !utf8.FullRune(whole) && !final {
			g.part = whole
			g.advance(b)
			return len(b), nil
		}
		r, size := utf8.DecodeRune(whole)
		g.part = g.part[:0]
		if r == utf8.RuneError && size == 1 {
			g.KeepBad = false // the bad byte was passed on with the last read
			return 0, &BadByteError{Pos: g.partPos, Byte: whole[0]}
		}
		i = size - (len(whole) - need)
		g.advance(b[:i])
	}
	rest := b[i:]
	end, cut := len(rest), len(rest)
	if z := bytes.IndexByte(rest, 0); z >= 0 {
		end, cut = z, z
	} else if !final {
		// A character cut at the end of the read is finished by the next.
		for k := 1; k < utf8.UTFMax && k <= end; k++ {
			if utf8.RuneStart(rest[end-k]) {
				if !utf8.FullRune(rest[end-k:]) {
					cut = end - k
				}
				break
			}
		}
	}
	if !utf8.Valid(rest[:cut]) {
		for j := 0; j < cut; {
			r, size := utf8.DecodeRune(rest[j:cut])
			if r == utf8.RuneError && size == 1 {
				g.advance(rest[:j])
				return i + j, &BadByteError{Pos: Pos{g.line, g.col}, Byte: rest[j]}
			}
			j += size
		}
	}
	g.advance(rest[:cut])
	if end < len(rest) {
		return i + end, &BadByteError{Pos: Pos{g.line, g.col}, Byte: 0}
	}
	if cut < end {
		g.partPos = Pos{g.line, g.col}
		g.part = append(g.part[:0], rest[cut:]...)
		g.advance(rest[cut:])
	}
	return len(b), nil
}

// advance moves the position past b.
func (g *Guard) advance(b []byte) {
	if nl := bytes.LastIndexByte(b, '\n'); nl >= 0 {
		g.line += bytes.Count(b, []byte{'\n'})
		g.col = len(b) - nl
		return
	}
	g.col += len(b)
}
