package jsontree

import (
	"bytes"
	"errors"
	"io"
	"slices"
)

// ErrNotArray is what ArrayStream.Next returns first when the document's
// top level is not an array.
var ErrNotArray = errors.New("jsontree: the document is not an array")

// An ArrayStream reads a document whose top level is an array one element
// at a time, so that memory holds about one element however long the
// array. Positions and errors are those Parse gives for the whole document.
type ArrayStream struct {
	r       io.Reader
	readErr error // the reader's error, io.EOF once it is exhausted
	p       parser
	dropped bool // p.data no longer starts at the document's first byte
	state   streamState
	err     error
}

type streamState uint8

const (
	beforeArray streamState = iota
	afterElement
	finished
)

// NewArrayStream returns a stream of the elements of the array r holds.
func NewArrayStream(r io.Reader) *ArrayStream {
	return &ArrayStream{r: r, p: parser{line: 1}}
}

// Next returns the next element of the array, valid until the following
// call, or io.EOF after the last. Its first call returns ErrNotArray if
// the document is not an array. Once Next has failed, it fails again.
func (s *ArrayStream) Next() (*Value, error) {
	if s.err != nil {
		return nil, s.err
	}
	v, err := s.next()
	if s.readErr != nil && s.readErr != io.EOF {
		v, err = nil, s.readErr // what the document would have said is unknown
	}
	if err != nil {
		s.err = err
	}
	return v, err
}

// Rest returns the whole document from its first byte, so that a caller
// that has looked at the first element can parse the document whole after
// all. It must be called before the second call to Next.
func (s *ArrayStream) Rest() io.Reader {
	if s.dropped {
		panic("jsontree: ArrayStream.Rest after the second element")
	}
	if s.readErr != nil {
		return io.MultiReader(bytes.NewReader(s.p.data), errReader{s.readErr})
	}
	return io.MultiReader(bytes.NewReader(s.p.data), s.r)
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// next follows parser.array step by step, reading more of the document
// whenever the parser would reach the end of what has been read.
func (s *ArrayStream) next() (*Value, error) {
	p := &s.p
	switch s.state {
	case finished:
		return nil, io.EOF
	case beforeArray:
		for len(p.data) < 3 && s.more() {
		}
		p.pos = skipBOM(p.data)
		p.lineStart = p.pos
		s.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '[' {
			return nil, ErrNotArray
		}
		p.pos++
		s.skipSpace()
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			return nil, s.end()
		}
	case afterElement:
		s.drop()
		s.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in an array (missing ']')")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return nil, s.end()
		default:
			return nil, p.errorf("unexpected %s in an array, expected ',' or ']'", p.describe())
		}
		s.skipSpace()
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input in an array (missing ']')")
	}
	if p.data[p.pos] == ']' {
		return nil, p.errorf("trailing comma before ']'")
	}
	if c := p.data[p.pos]; c == '{' || c == '[' {
		s.readValue()
	} else {
		s.readAll() // a scalar: not what streams are for
	}
	pos, line, lineStart := p.pos, p.line, p.lineStart
	v, err := p.value(1)
	if err != nil && s.readErr == nil {
		// The value may have looked complete to readValue and not be: read
		// the rest, so that the error is the one the whole document gives.
		s.readAll()
		p.pos, p.line, p.lineStart = pos, line, lineStart
		v, err = p.value(1)
	}
	if err != nil {
		return nil, err
	}
	s.state = afterElement
	return v, nil
}

// end checks that nothing but white space follows the array.
func (s *ArrayStream) end() error {
	s.state = finished
	s.skipSpace()
	if s.p.pos < len(s.p.data) {
		return s.p.errorf("unexpected %s after the JSON value", s.p.describe())
	}
	return io.EOF
}

// skipSpace skips white space, reading on until something else or the end.
func (s *ArrayStream) skipSpace() {
	for {
		s.p.skipSpace()
		if s.p.pos < len(s.p.data) || !s.more() {
			return
		}
	}
}

// more reads the next chunk of the document onto the end of p.data and
// reports whether it got any.
func (s *ArrayStream) more() bool {
	if s.readErr != nil {
		return false
	}
	d := s.p.data
	if len(d) == cap(d) {
		d = slices.Grow(d, max(64<<10, len(d)))
	}
	n, err := s.r.Read(d[len(d):cap(d)])
	s.p.data = d[:len(d)+n]
	if err != nil {
		s.readErr = err
	}
	return n > 0 || err == nil
}

func (s *ArrayStream) readAll() {
	for s.more() {
	}
}

// readValue reads until the array or object at p.pos is complete as far
// as brackets outside strings tell, or until the end of the document.
func (s *ArrayStream) readValue() {
	var sc bracketScan
	i := s.p.pos
	for {
		if i = sc.scan(s.p.data, i); i >= 0 || !s.more() {
			return
		}
		i = -i - 1
	}
}

// drop forgets what the parser has read, so that the window holds about
// one element at a time. It waits until what has been read is at least
// what is left, so that many small elements do not each move the rest.
func (s *ArrayStream) drop() {
	p := &s.p
	if p.pos == 0 || p.pos < len(p.data)-p.pos {
		return
	}
	n := copy(p.data, p.data[p.pos:])
	p.data = p.data[:n]
	p.lineStart -= p.pos
	p.pos = 0
	s.dropped = true
}

// bracketScan follows brackets and strings across the chunks of a value.
type bracketScan struct {
	depth            int
	inString, escape bool
}

// scan goes on from b[i] and returns the end of the value, or -(len(b)+1)
// if b ends first.
func (sc *bracketScan) scan(b []byte, i int) int {
	for ; i < len(b); i++ {
		c := b[i]
		if sc.inString {
			switch {
			case sc.escape:
				sc.escape = false
			case c == '\\':
				sc.escape = true
			case c == '"':
				sc.inString = false
			}
			continue
		}
		switch c {
		case '"':
			sc.inString = true
		case '{', '[':
			sc.depth++
		case '}', ']':
			if sc.depth--; sc.depth == 0 {
				return i + 1
			}
		}
	}
	return -(len(b) + 1)
}
