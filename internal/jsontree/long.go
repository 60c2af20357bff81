package jsontree

import (
	"cmp"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// Strings too long to hold. An ArrayStream reads an element whole before
// parsing it, so a string of 100 MB in an element is 100 MB of buffer and
// 100 MB of Str. With SinkStrings, a long string at a place its caller
// asks for is decoded as it is read, given to a sink a part at a time, and
// taken out of the buffer; the parser then sees the string's last part
// alone, which goes to the sink when the element has parsed. Positions
// stay those of the source: the parser adds what was taken out of a line
// to the columns after it (cuts).

// A StringSink takes the decoded text of a string too long to hold, in
// parts.
type StringSink interface {
	io.Writer
	// Close follows the last part; an error fails the stream.
	Close() error
	// Abort stands for Close when the document fails before the string
	// has been read to its end.
	Abort()
}

// longElement and longString are how long an element, and an open string
// in it, must be before the string goes to a sink; sinkPart is about how
// much of it is decoded and written at a time. Variables, for tests.
var longElement, longString, sinkPart = 1 << 20, 64 << 10, 256 << 10

// maxEscape is the longest escape, a surrogate pair: a string is decoded
// up to this many bytes before the end of what has been read, so that
// every escape it meets is whole.
const maxEscape = len(`\ud83d\ude00`)

// SinkStrings makes the stream give each long string of an element to the
// sink open returns for its path in the element (a JSON Pointer such as
// "/content/0/text"), or keep it whole if open returns nil. A Value whose
// string went to a sink has its Sink set and an empty Str, and its Src,
// and those of the values around it, lack the bytes taken out.
func (s *ArrayStream) SinkStrings(open func(path string) StringSink) {
	s.sinkFor = open
}

// A cut is n bytes taken out of data at at.
type cut struct{ at, n int }

// A sunkString is a string, its opening quote at q, going to sink; v is
// its Value once parsed.
type sunkString struct {
	q    int
	sink StringSink
	err  error // the sink's first Write error
	v    *Value
}

// hereCut is here for a parser that holds cuts.
func (p *parser) hereCut() Pos {
	col := p.pos - p.lineStart + 1
	for _, c := range p.cuts {
		if c.at >= p.lineStart && c.at <= p.pos {
			col += c.n
		}
	}
	return Pos{p.line, col}
}

// foldCuts makes the cuts part of lineStart once the parser is past them
// all, so that they cost nothing more.
func (p *parser) foldCuts() {
	for _, c := range p.cuts {
		if c.at >= p.lineStart {
			p.lineStart -= c.n
		}
	}
	p.cuts = p.cuts[:0]
}

// sunkValue notes v, the string that starts at data[start], if it is
// going to a sink.
func (p *parser) sunkValue(start int, v *Value) {
	for _, ss := range p.sunk {
		if ss.q == start {
			ss.v = v
		}
	}
}

// stringPart decodes the characters of a string from pos, appending them
// to buf, as string does; it stops at the first character that starts at
// or past limit, at the closing quote, and at any character string would
// fail on, leaving pos there.
func (p *parser) stringPart(buf []byte, limit int) []byte {
	d := p.data
	for p.pos < limit {
		switch c := d[p.pos]; {
		case c == '"' || c < 0x20:
			return buf
		case c == '\\':
			at := p.pos
			r, err := p.escape()
			if err != nil {
				p.pos = at
				return buf
			}
			buf = utf8.AppendRune(buf, r)
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(d[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				return buf
			}
			buf = append(buf, d[p.pos:p.pos+size]...)
			p.pos += size
		}
	}
	return buf
}

// sinkOpen gives the string that sc is in at the end of what has been
// read, if it is long and its caller wants it, to a sink: all of it but
// its last maxEscape bytes, which it takes out of the buffer. It returns
// where the scan goes on, and whether to read no more because the string
// holds a character the parser will fail on.
func (s *ArrayStream) sinkOpen(sc *bracketScan) (resume int, halt bool) {
	p := &s.p
	n, q := len(p.data), sc.start
	if n-p.pos < longElement || n-q < longString {
		return n, false
	}
	var ss *sunkString
	if k := len(p.sunk); k > 0 && p.sunk[k-1].q == q {
		ss = p.sunk[k-1]
	} else {
		if q == s.skip {
			return n, false
		}
		var sink StringSink
		if path, ok := s.track.pathTo(p.data, q); ok {
			sink = s.sinkFor(path)
		}
		if sink == nil {
			s.skip = q
			return n, false
		}
		ss = &sunkString{q: q, sink: sink}
		p.sunk = append(p.sunk, ss)
		s.dropped = true // Rest could not give the document back
	}
	elem, limit := p.pos, n-maxEscape
	p.pos = q + 1
	for p.pos < limit {
		part := min(limit, p.pos+sinkPart)
		buf := p.stringPart(p.scratch[:0], part)
		p.scratch = buf[:0]
		if _, err := ss.sink.Write(buf); err != nil && ss.err == nil {
			ss.err = err
		}
		if p.pos < part {
			break // at the closing quote, or at what the parser will fail on
		}
	}
	stop := p.pos
	p.pos = elem
	k := stop - (q + 1)
	p.data = p.data[:q+1+copy(p.data[q+1:], p.data[stop:])]
	switch c := len(p.cuts); {
	case k == 0:
	case c > 0 && p.cuts[c-1].at == q+1:
		p.cuts[c-1].n += k
	default:
		p.cuts = append(p.cuts, cut{q + 1, k})
	}
	*sc = bracketScan{depth: sc.depth, inString: true, start: q}
	return q + 1, stop < limit && p.data[q+1] != '"'
}

// endSunk gives the strings that went to sinks their last parts, now that
// their element has parsed, and closes the sinks.
func (s *ArrayStream) endSunk() error {
	var first error
	for _, ss := range s.p.sunk {
		if ss.v == nil { // not a string to the parser: cannot be, as it parsed
			ss.sink.Abort()
			first = cmp.Or(first, errors.New("jsontree: a long string was not parsed as one"))
			continue
		}
		if _, err := io.WriteString(ss.sink, ss.v.Str); err != nil && ss.err == nil {
			ss.err = err
		}
		if err := ss.sink.Close(); err != nil && ss.err == nil {
			ss.err = err
		}
		if first == nil {
			first = ss.err
		}
		ss.v.Str, ss.v.Sink = "", ss.sink
	}
	s.p.sunk = s.p.sunk[:0]
	return first
}

// abortSunk ends the sinks of an element that failed.
func (s *ArrayStream) abortSunk() {
	for _, ss := range s.p.sunk {
		ss.sink.Abort()
	}
	s.p.sunk = s.p.sunk[:0]
}

// A pathScan follows the structure of an element from its start, as far
// as it has been asked, to give the path of a string in it. It expects
// JSON: on anything else it gives up, and the string is kept whole.
type pathScan struct {
	at     int
	frames []pathFrame
	want   pathWant
	failed bool
}

type pathFrame struct {
	object bool
	key    string // of the member being read
	index  int
}

type pathWant uint8

const (
	wantValue pathWant = iota
	wantKey
	wantColon
	wantComma // or the end of the object or array
)

// pathTo goes on from where it stopped to the string whose opening quote
// is data[q], and returns its path if it is a value.
func (t *pathScan) pathTo(data []byte, q int) (string, bool) {
	i := t.at
	for !t.failed && i < q {
		switch c := data[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '{' || c == '[':
			if t.want != wantValue {
				t.failed = true
				break
			}
			t.frames = append(t.frames, pathFrame{object: c == '{'})
			t.want = wantValue
			if c == '{' {
				t.want = wantKey
			}
			i++
		case c == '}' || c == ']':
			if len(t.frames) == 0 || t.frames[len(t.frames)-1].object != (c == '}') {
				t.failed = true
				break
			}
			t.frames = t.frames[:len(t.frames)-1]
			t.want = wantComma
			i++
		case c == ',':
			if len(t.frames) == 0 || t.want != wantComma {
				t.failed = true
				break
			}
			f := &t.frames[len(t.frames)-1]
			f.index++
			t.want = wantValue
			if f.object {
				t.want = wantKey
			}
			i++
		case c == ':':
			if t.want != wantColon {
				t.failed = true
				break
			}
			t.want = wantValue
			i++
		case c == '"':
			end := stringEnd(data, i)
			if end < 0 || end > q {
				t.failed = true
				break
			}
			switch t.want {
			case wantKey:
				kp := parser{data: data[:end], pos: i}
				key, err := kp.string()
				t.frames[len(t.frames)-1].key = key
				t.failed = err != nil
				t.want = wantColon
			case wantValue:
				t.want = wantComma
			default:
				t.failed = true
			}
			i = end
		default: // a number or a literal
			if t.want != wantValue {
				t.failed = true
				break
			}
			for i < q && !isDelimiter(data[i]) {
				i++
			}
			t.want = wantComma
		}
	}
	t.at = i
	if t.failed || t.at != q || t.want != wantValue || len(t.frames) == 0 {
		return "", false
	}
	var path []byte
	for _, f := range t.frames {
		if f.object {
			path = append(append(path, '/'), f.key...)
		} else {
			path = strconv.AppendInt(append(path, '/'), int64(f.index), 10)
		}
	}
	return string(path), true
}

// stringEnd returns the end of the string whose opening quote is data[i],
// or -1 if data ends first.
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', ':', '[', ']', '{', '}', '"', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}
