package jsontree

import (
	"bytes"

	"github.com/convkit/convkit/chat"
)

// Strings too long to hold. An ArrayStream holds an element whole while it
// parses it, so a string of 100 MB in an element would be 100 MB of buffer
// and 100 MB of Str. With SinkStrings, the parser, when what has been read
// ends inside a long string at a place its caller asks for, decodes the
// string into a sink (a chat.Sink) as it reads on, and takes what it has
// decoded out of the buffer. Positions stay those of the source: the
// parser adds what was taken out of a line to the columns after it (cuts).

// A Step is one step of a path from an element to a value in it: into the
// member of an object whose key is Key, or into the element Index of an
// array. Index is -1 in an object. In is that object or array, as far as
// it has been read: the members before Key, the elements before Index.
type Step struct {
	Key   string
	Index int
	In    *Value
}

// longElement and longString are how long an element, and an open string
// in it, must be before the string goes to a sink. Variables, for tests.
var longElement, longString = 1 << 20, 64 << 10

// maxEscape is the longest escape, a surrogate pair.
const maxEscape = len(`\ud83d\ude00`)

// SinkStrings makes the stream give each long string value inside an
// element to the sink open returns for its path in the element (such as
// content, 0, text), or keep it whole if open returns nil. open must not
// keep path. A Value whose string went to a sink has its Sink set and an
// empty Str, and its Src, and those of the values around it, lack the
// bytes taken out. The sink is closed at the string's closing quote, or
// aborted if the document fails inside the string; if a sink fails, Next
// returns its error once the element has parsed.
func (s *ArrayStream) SinkStrings(open func(path []Step) chat.Sink) {
	s.sinkFor = open
}

// A LoneSurrogateSink is told, before Close, that its string held a \u
// escape of a lone surrogate, which it was given as U+FFFD: what a
// reader that checks the string's Src would have found.
type LoneSurrogateSink interface {
	chat.Sink
	LoneSurrogate()
}

// SinkJSON makes the stream give the JSON text of each long object or
// array inside an element, without the white space outside its strings
// (as json.Compact writes it), to the sink open returns for its path, or
// keep it whole if open returns nil; as SinkStrings does for a string,
// and for a value that holds a long string no SinkStrings sink takes. A
// Value whose text went to a sink has its Sink set, no Members or Items,
// and an empty Src; the strings in it go to no other sink.
func (s *ArrayStream) SinkJSON(open func(path []Step) chat.Sink) {
	s.jsonFor = open
}

// openSink is the parser's sinks while it parses an element.
func (s *ArrayStream) openSink(path []Step) chat.Sink {
	return s.opened(s.sinkFor, path)
}

// openJSONSink is the parser's jsonSinks while it parses an element.
func (s *ArrayStream) openJSONSink(path []Step) chat.Sink {
	return s.opened(s.jsonFor, path)
}

// opened returns the sink open gives for path, if open is set.
func (s *ArrayStream) opened(open func(path []Step) chat.Sink, path []Step) chat.Sink {
	if open == nil {
		return nil
	}
	sink := open(path)
	if sink != nil {
		s.dropped = true // Rest could not give the document back
	}
	return sink
}

// setSinks gives the parser the stream's sinks for an element.
func (s *ArrayStream) setSinks() {
	if s.sinkFor != nil || s.jsonFor != nil {
		s.p.sinks, s.p.jsonSinks = s.openSink, s.openJSONSink
	}
}

// A jsonSink is an object or array whose text goes to a sink: the text
// from from on is not yet written; inString and escaped say where in it
// the text written so far ended.
type jsonSink struct {
	sink              chat.Sink
	value             *Value
	from              int
	inString, escaped bool
}

// openJSONSink gives the outermost object or array around the string at
// pos that jsonSinks takes a sink for to that sink.
func (p *parser) openJSONSink() {
	for i := 1; i < len(p.path); i++ {
		if sink := p.jsonSinks(p.path[:i]); sink != nil {
			p.json = jsonSink{sink: sink, value: p.path[i].In, from: p.starts[i]}
			return
		}
	}
}

// flushJSONSink writes the text read of the value whose text goes to a
// sink, compact, and takes it out of data.
func (p *parser) flushJSONSink() {
	text := p.data[p.json.from:p.pos]
	p.sinkWrite(p.json.sink, text[:p.json.compact(text)])
	p.takeOut(p.json.from)
}

// endJSONSink ends the value v, which err failed, if its text goes to a
// sink: it writes the rest and closes the sink, or aborts it.
func (p *parser) endJSONSink(v *Value, err error) error {
	if p.json.sink == nil || p.json.value != v {
		return err
	}
	sink := p.json.sink
	if err != nil {
		sink.Abort()
	} else {
		p.flushJSONSink()
		p.sinkClose(sink, false) // its text is JSON, escapes and all
		v.Sink, v.Members, v.Items = sink, nil, nil
	}
	p.json = jsonSink{}
	return err
}

// compact drops the white space outside strings from text, the JSON text
// after what it was given before, in place, and returns the length left.
func (j *jsonSink) compact(text []byte) int {
	n := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case j.escaped:
			j.escaped = false
		case j.inString && c == '\\':
			j.escaped = true
		case j.inString:
			if c == '"' {
				j.inString = false
				break
			}
			// A run of plain characters, at once.
			run := bytes.IndexAny(text[i:], `"\`)
			if run < 0 {
				run = len(text) - i
			}
			n += copy(text[n:], text[i:i+run])
			i += run - 1
			continue
		case c == '"':
			j.inString = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		}
		text[n] = c
		n++
	}
	return n
}

// long reports whether the string whose opening quote is data[q] is long
// enough, in an element long enough, to go to a sink.
func (p *parser) long(q int) bool {
	return len(p.data)-p.elemStart >= longElement && len(p.data)-q >= longString
}

// sinkWrite writes part of a string to its sink.
func (p *parser) sinkWrite(sink chat.Sink, part []byte) {
	if _, err := sink.Write(part); err != nil && p.sinkErr == nil {
		p.sinkErr = err
	}
}

// sinkClose closes a sink after its string's last part, first telling a
// LoneSurrogateSink that the string held a lone surrogate.
func (p *parser) sinkClose(sink chat.Sink, lone bool) {
	if ls, ok := sink.(LoneSurrogateSink); ok && lone {
		ls.LoneSurrogate()
	}
	if err := sink.Close(); err != nil && p.sinkErr == nil {
		p.sinkErr = err
	}
}

// A cut is n bytes taken out of data at at.
type cut struct{ at, n int }

// takeOut takes data[from:pos] out of data, from a string or a value going
// to a sink, and leaves pos at from.
func (p *parser) takeOut(from int) {
	n := p.pos - from
	if n == 0 {
		return
	}
	p.data = p.data[:from+copy(p.data[from:], p.data[p.pos:])]
	p.pos = from
	if p.lineStart > from {
		// A line began in what was taken out (a value's text): the cuts
		// before it are on lines before.
		p.lineStart -= n
		p.cuts = p.cuts[:0]
		return
	}
	if c := len(p.cuts); c > 0 && p.cuts[c-1].at == from {
		p.cuts[c-1].n += n
	} else {
		p.cuts = append(p.cuts, cut{from, n})
	}
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
