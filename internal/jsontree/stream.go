package jsontree

import (
	"bytes"
	"errors"
	"io"
	"slices"

	"github.com/convkit/convkit/chat"
)

// ErrNotArray is what ArrayStream.Next returns first when the document's
// top level is not an array.
var ErrNotArray = errors.New("jsontree: the document is not an array")

// An ArrayStream reads the array at the top level of a document, or in one
// member of a top-level object, one element at a time, so that memory holds
// about one element however long the array; an object's other members are
// kept whole. Positions and errors are those Parse gives for the whole
// document.
type ArrayStream struct {
	r       io.Reader
	readErr error // the reader's error, io.EOF once it is exhausted
	filled  bool  // the last read filled the buffer: more may be waiting
	p       parser
	dropped bool // p.data no longer starts at the document's first byte
	state   streamState
	err     error
	// The key of the member whose array streams, whether the document is
	// such an object, its other members not yet handed out, and where each
	// key was first seen.
	key     string
	object  bool
	members []*Member
	keys    map[string]Pos
	// sinkFor and jsonFor open the caller's sinks for long strings and
	// values (see long.go).
	sinkFor, jsonFor func(path []Step) chat.Sink
	// lone makes a document that streams no array one element (LoneValue);
	// gaveLone says Next has given it.
	lone, gaveLone bool
	// The first line's number, and where JSON Lines after a lone value
	// start (LinesAfter).
	firstLine, linesFrom int
	linesRest            io.Reader
	// Where the document's value and the streamed array start, and the
	// offsets of the value and of its line in the document.
	docPos, arrayPos   Pos
	docAt, docLineFrom int
}

type streamState uint8

const (
	beforeArray streamState = iota
	afterElement
	finished
)

// NewMemberStream returns a stream of the elements of the array r holds,
// or, if r holds an object, of the array its member key holds. Next gives
// ErrNotArray, and Rest the document, if the object has no such member,
// its value is not an array, or the object is not well formed before it.
func NewMemberStream(r io.Reader, key string, opts Options) *ArrayStream {
	s := &ArrayStream{r: r, p: parser{line: max(opts.FirstLine, 1)}, key: key, keys: map[string]Pos{}, firstLine: max(opts.FirstLine, 1)}
	s.p.more = s.more
	return s
}

// Positions returns where the document's value starts, where the key of
// the streamed member does (in an object), and where the array does, once
// Next has given the first element or io.EOF.
func (s *ArrayStream) Positions() (doc, key, array Pos) {
	return s.docPos, s.keys[s.key], s.arrayPos
}

// Object reports whether the stream's array is a member of an object.
func (s *ArrayStream) Object() bool { return s.object }

// Members returns the members of the object, other than the streamed one,
// read since Members was last called: those before the array once Next has
// given its first element (or io.EOF), the rest once Next has given
// io.EOF. They are valid until the next call to Next.
func (s *ArrayStream) Members() []*Member {
	m := s.members
	s.members = nil
	return m
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

// next follows parser.array step by step; the parser reads more of the
// document whenever it reaches the end of what has been read.
func (s *ArrayStream) next() (*Value, error) {
	p := &s.p
	switch s.state {
	case finished:
		return nil, io.EOF
	case beforeArray:
		p.ensure(3)
		p.pos = skipBOM(p.data)
		p.lineStart = p.pos
		p.skipSpace()
		s.docPos, s.docAt, s.docLineFrom = p.here(), p.pos, p.lineStart
		if s.key != "" && p.pos < len(p.data) && p.data[p.pos] == '{' && !s.enterMember() {
			s.object, s.members = false, nil
			if s.lone {
				return s.loneValue()
			}
			return nil, ErrNotArray
		}
		if p.pos < len(p.data) && p.data[p.pos] != '[' && s.lone {
			return s.loneValue()
		}
		if p.pos >= len(p.data) || p.data[p.pos] != '[' {
			return nil, ErrNotArray
		}
		s.arrayPos = p.here()
		p.pos++
		p.skipSpace()
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			return nil, s.end()
		}
	case afterElement:
		p.foldCuts()
		s.drop()
		p.skipSpace()
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
		p.skipSpace()
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input in an array (missing ']')")
	}
	if p.data[p.pos] == ']' {
		return nil, p.errorf("trailing comma before ']'")
	}
	depth := 1
	if s.object {
		depth = 2
	}
	p.elemStart, p.path, p.sinkErr = p.pos, p.path[:0], nil
	s.setSinks()
	v, err := p.value(depth)
	p.sinks, p.jsonSinks = nil, nil
	if err == nil {
		err = p.sinkErr
	}
	if err != nil {
		return nil, err
	}
	s.state = afterElement
	return v, nil
}

// LoneValue makes Next give a document that is not an array (nor an
// object with the member of a member stream) as the stream's one element,
// its long strings in sinks like an element's, and then io.EOF. Next still
// gives ErrNotArray, and Rest the document, when the value is followed by
// more than white space (JSON Lines) or fails to parse, unless a sink has
// already taken a string of it: then it gives the error Parse gives, or
// the value if more may be JSON Lines (see LinesAfter).
func (s *ArrayStream) LoneValue() {
	s.lone = true
}

// Lone reports whether Next has given the document as its one element
// (LoneValue).
func (s *ArrayStream) Lone() bool { return s.gaveLone }

// loneValue parses the document as one element, for LoneValue.
func (s *ArrayStream) loneValue() (*Value, error) {
	p := &s.p
	s.state = finished
	p.pos, p.lineStart, p.line = s.docAt, s.docLineFrom, s.docPos.Line // a member stream may have read on
	p.elemStart, p.path, p.sinkErr = p.pos, p.path[:0], nil
	s.setSinks()
	v, err := p.value(0)
	p.sinks, p.jsonSinks = nil, nil
	if err == nil {
		err = p.sinkErr
	}
	endLine := p.line
	if err == nil {
		p.skipSpace()
		if p.pos < len(p.data) {
			err = p.errorf("unexpected %s after the JSON value", p.describe())
		}
	}
	switch {
	case err != nil && !s.dropped:
		return nil, ErrNotArray
	case err != nil && s.docPos.Line == s.firstLine && endLine == s.firstLine && p.line > endLine:
		// The value is alone on the first line and more follows on
		// another: JSON Lines, perhaps.
		s.linesFrom = p.line
		s.linesRest = io.MultiReader(bytes.NewReader(p.data[p.lineStart:]), s.r)
	case err != nil:
		return nil, err
	}
	s.gaveLone = true
	return v, nil
}

// LinesAfter returns, once Next has given a lone value (LoneValue) that
// stood alone on the document's first line and more than white space
// follows on a later line, the document from the start of that line and
// its number, as a reader of JSON Lines would read on; ok is false when
// nothing follows the value.
func (s *ArrayStream) LinesAfter() (rest io.Reader, line int, ok bool) {
	return s.linesRest, s.linesFrom, s.linesRest != nil
}

// end reads what follows the array: the object's other members, if it is
// a member's, then nothing but white space.
func (s *ArrayStream) end() error {
	s.state = finished
	if s.object {
		if err := s.leaveMember(); err != nil {
			return err
		}
	}
	s.p.skipSpace()
	if s.p.pos < len(s.p.data) {
		return s.p.errorf("unexpected %s after the JSON value", s.p.describe())
	}
	return io.EOF
}

// more reads the next chunk of the document onto the end of p.data and
// reports whether it got any.
func (s *ArrayStream) more() bool {
	if s.readErr != nil {
		return false
	}
	// The first read asks for 4 KiB, which holds a small file whole, so
	// that reading one allocates (and the process touches) little; once a
	// read fills what it was given, the buffer is 64 KiB, and doubles when
	// an element fills it. (Which long strings go to sinks depends on where
	// the buffer ends: the sizes are those it always had.) Without sinks,
	// nothing depends on it: past a megabyte, the buffer grows by a
	// megabyte, and past four by a quarter, so that an element held whole
	// (a long string in it) takes about its size, not up to twice.
	d := s.p.data
	switch {
	case cap(d) == 0:
		d = make([]byte, 0, 4<<10)
	case cap(d) < 64<<10 && (s.filled || len(d) == cap(d)):
		d = append(make([]byte, 0, 64<<10), d...)
	case len(d) == cap(d) && (s.sinkFor != nil || s.jsonFor != nil):
		d = slices.Grow(d, len(d))
	case len(d) == cap(d):
		d = slices.Grow(d, max(len(d)/4, min(len(d), keptWindowBytes)))
	}
	n, err := s.r.Read(d[len(d):cap(d)])
	s.filled = len(d)+n == cap(d)
	s.p.data = d[:len(d)+n]
	if err != nil {
		s.readErr = err
	}
	return n > 0 || err == nil
}

// enterMember reads a top-level object's members up to the one named
// s.key and leaves the parser at the '[' of its value. It reports false if
// there is no such member, if its value is not an array, or if anything
// before it is not well formed; then nothing has been dropped, for Rest.
func (s *ArrayStream) enterMember() bool {
	p := &s.p
	s.object = true
	p.pos++ // {
	for first := true; ; first = false {
		p.skipSpace()
		if !first {
			if p.pos >= len(p.data) || p.data[p.pos] != ',' {
				return false
			}
			p.pos++
			p.skipSpace()
		}
		key, keyPos, err := s.memberKey()
		if err != nil {
			return false
		}
		if key == s.key {
			return p.pos < len(p.data) && p.data[p.pos] == '['
		}
		if err := s.memberValue(key, keyPos); err != nil {
			return false
		}
	}
}

// leaveMember reads the object's members after the streamed array, and
// its closing brace, with the errors Parse gives.
func (s *ArrayStream) leaveMember() error {
	p := &s.p
	for {
		p.skipSpace()
		if end, err := p.afterMember(); end || err != nil {
			return err
		}
		p.skipSpace()
		key, keyPos, err := s.memberKey()
		if err != nil {
			return err
		}
		if err := s.memberValue(key, keyPos); err != nil {
			return err
		}
	}
}

// memberKey reads an object's key and its colon, as parser.object does,
// and leaves the parser at the value.
func (s *ArrayStream) memberKey() (string, Pos, error) {
	key, keyPos, err := s.p.memberKey(func(key string, keyPos Pos) error {
		if first, dup := s.keys[key]; dup {
			return duplicateKey(key, keyPos, first)
		}
		return nil
	})
	if err == nil {
		s.keys[key] = keyPos
	}
	return key, keyPos, err
}

// memberValue reads the value of a member other than the streamed one and
// keeps the member for Members.
func (s *ArrayStream) memberValue(key string, keyPos Pos) error {
	v, err := s.p.value(1)
	if err != nil {
		return err
	}
	s.members = append(s.members, &Member{Key: key, KeyPos: keyPos, Value: v})
	return nil
}

// keptWindowBytes bounds the window drop keeps, when it may let it go.
const keptWindowBytes = 1 << 20

// drop forgets what the parser has read, so that the window holds about
// one element at a time. It waits until what has been read is at least
// what is left, so that many small elements do not each move the rest.
// A window that a huge element grew is let go, when no sink depends on
// where reads end (see more): the element has been handed out, and the
// window would hold its size for as long as the stream is read.
func (s *ArrayStream) drop() {
	p := &s.p
	if p.pos == 0 || p.pos < len(p.data)-p.pos {
		return
	}
	n := len(p.data) - p.pos
	if s.sinkFor == nil && s.jsonFor == nil && cap(p.data) > keptWindowBytes && n < cap(p.data)/4 {
		p.data = append(make([]byte, 0, max(2*n, 64<<10)), p.data[p.pos:]...)
	} else {
		p.data = p.data[:copy(p.data, p.data[p.pos:])]
	}
	p.lineStart -= p.pos
	p.pos = 0
	s.dropped = true
}
