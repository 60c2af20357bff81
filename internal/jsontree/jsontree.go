// Package jsontree parses JSON strictly into a tree that remembers where every
// value stood in its source.
//
// encoding/json accepts invalid UTF-8 (replacing it) and duplicate object keys
// (keeping the last); convkit refuses both, and every error and every value
// carries a line and column so that problems can be pointed at precisely.
package jsontree

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/convkit/convkit/chat"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// Pos is a place in a source: 1-based line and column (columns count bytes).
type Pos struct {
	Line, Col int
}

// Value is one JSON value with its position.
type Value struct {
	Kind Kind
	Pos  Pos
	// Src is the value's JSON text exactly as it stood in the source.
	Src []byte
	// Str holds the decoded string of a String, and the literal of a Number.
	Str     string
	Bool    bool
	Items   []*Value  // Array elements
	Members []*Member // Object members, in source order
	// Sink is where an ArrayStream gave a String too long to hold (see
	// SinkStrings); Str is then empty.
	Sink chat.Sink
}

// Member is one key of an object.
type Member struct {
	Key    string
	KeyPos Pos
	Value  *Value
}

// Get returns the value of key in an object, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for _, m := range v.Members {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// SyntaxError is a JSON syntax error at a position.
type SyntaxError struct {
	Pos Pos
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

// MaxDepth bounds nesting so that hostile input cannot exhaust the stack,
// nor make the writers' indented output grow with the square of its depth
// (10,000 levels in 20 KB were 200 MB written): no conversation nests more
// than a few levels, a tool's arguments or schema a few dozen.
const MaxDepth = 500

// Options adjust where positions start, so that a line of a JSONL file
// reports the file's own line numbers.
type Options struct {
	FirstLine int // line number of data[0]; 0 means 1
	// Shared makes Parse's strings without escapes share data's memory,
	// as Src always does, rather than copy it: data must then not change
	// while any of the tree's strings is in use. It saves a copy of most
	// of the text where the tree is read and let go (validate).
	Shared bool
}

// Parse parses exactly one JSON value from data; anything but white space
// after it is an error. A leading UTF-8 byte order mark is skipped.
func Parse(data []byte, opts Options) (*Value, error) {
	work := pooledBuffers.Get().(*buffers)
	defer pooledBuffers.Put(work)
	return parse(data, opts, work, nil)
}

// parse is Parse working in work, kept for the next, and putting the tree
// in arena's memory when it is not nil.
func parse(data []byte, opts Options, work *buffers, arena *Parser) (*Value, error) {
	p := &parser{data: data, line: 1, buffers: *work, shared: opts.Shared, arena: arena}
	defer func() {
		p.buffers.keep()
		*work = p.buffers
	}()
	if opts.FirstLine > 0 {
		p.line = opts.FirstLine
	}
	p.pos = skipBOM(data)
	p.lineStart = p.pos
	p.skipSpace()
	if p.pos >= len(p.data) {
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, p.errorf("empty input: no JSON value")
		}
		return nil, p.errorf("unexpected end of input")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return nil, p.errorf("unexpected %s after the JSON value", p.describe())
	}
	return v, nil
}

func skipBOM(data []byte) int {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return 3
	}
	return 0
}

type parser struct {
	data      []byte
	pos       int
	line      int
	lineStart int
	buffers
	shared bool    // Options.Shared: strings without escapes alias data
	arena  *Parser // where the tree goes, or nil: the heap
	// An ArrayStream's: more reads on onto data, and reports false at the
	// end; sinks, while an element is parsed, opens sinks for its long
	// strings (see long.go).
	more      func() bool
	sinks     func(path []Step) chat.Sink
	elemStart int
	cuts      []cut
	sinkErr   error // the first error a sink gave
	// With SinkJSON, the object or array whose text goes to a sink.
	jsonSinks func(path []Step) chat.Sink
	json      jsonSink
}

// avail reports whether there is a byte at pos, reading on if it must.
func (p *parser) avail() bool { return p.pos < len(p.data) || p.refill() }

// ensure reads on until n bytes from pos have been read, or to the end.
func (p *parser) ensure(n int) {
	for len(p.data)-p.pos < n && p.refill() {
	}
}

// refill reads more of the document onto data, and reports whether it
// got any: a stream's parser reads the document as it goes, so that it
// fails and stops where Parse of the whole document would.
func (p *parser) refill() bool {
	for p.more != nil {
		n := len(p.data)
		if !p.more() {
			return false
		}
		if len(p.data) > n {
			return true
		}
	}
	return false
}

func (p *parser) here() Pos {
	if len(p.cuts) > 0 {
		return p.hereCut()
	}
	return Pos{p.line, p.pos - p.lineStart + 1}
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{p.here(), fmt.Sprintf(format, args...)}
}

// describe names the byte at pos for an error message.
func (p *parser) describe() string {
	p.ensure(utf8.UTFMax)
	if p.pos >= len(p.data) {
		return "end of input"
	}
	c := p.data[p.pos]
	switch {
	case c == 0:
		return "NUL byte"
	case c < 0x20:
		return fmt.Sprintf("control character %#02x", c)
	case c < utf8.RuneSelf:
		return fmt.Sprintf("character %q", rune(c))
	}
	r, size := utf8.DecodeRune(p.data[p.pos:])
	if r == utf8.RuneError && size <= 1 {
		if c == 0xFF || c == 0xFE {
			return "byte " + fmt.Sprintf("%#02x", c) + " (is this file UTF-16? convkit reads UTF-8)"
		}
		return fmt.Sprintf("invalid UTF-8 byte %#02x", c)
	}
	return fmt.Sprintf("character %q", r)
}

func (p *parser) skipSpace() {
	for p.avail() {
		switch p.data[p.pos] {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.pos++
			p.line++
			p.lineStart = p.pos
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*Value, error) {
	if depth > MaxDepth {
		return nil, p.errorf("nesting deeper than %d levels", MaxDepth)
	}
	start := p.pos
	v := p.newValue()
	v.Pos = p.here()
	var err error
	switch c := p.data[p.pos]; {
	case c == '{':
		v.Kind = Object
		p.path, p.starts = append(p.path, Step{Index: -1, In: v}), append(p.starts, start)
		err = p.object(v, depth)
		p.path, p.starts = p.path[:len(p.path)-1], p.starts[:len(p.starts)-1]
		err = p.endJSONSink(v, err)
	case c == '[':
		v.Kind = Array
		p.path, p.starts = append(p.path, Step{In: v}), append(p.starts, start)
		err = p.array(v, depth)
		p.path, p.starts = p.path[:len(p.path)-1], p.starts[:len(p.starts)-1]
		err = p.endJSONSink(v, err)
	case c == '"':
		v.Kind = String
		v.Str, v.Sink, err = p.string(p.sinks != nil && len(p.path) > 0)
	case c == '-' || (c >= '0' && c <= '9'):
		v.Kind = Number
		err = p.number()
		v.Str = p.literalText(start)
	case c == 't':
		v.Kind, v.Bool = Bool, true
		err = p.literal("true")
	case c == 'f':
		v.Kind = Bool
		err = p.literal("false")
	case c == 'n':
		v.Kind = Null
		err = p.literal("null")
	default:
		return nil, p.errorf("unexpected %s, expected a JSON value", p.describe())
	}
	if err != nil {
		return nil, err
	}
	// Inside a value whose text went to a sink, start may have been taken out.
	v.Src = p.data[min(start, p.pos):p.pos]
	return v, nil
}

// Compact returns a copy of the value's JSON text without insignificant
// white space; number literals and string escapes are kept as written.
func (v *Value) Compact() []byte {
	if v.Kind != Object && v.Kind != Array {
		return append([]byte(nil), v.Src...)
	}
	var b bytes.Buffer
	b.Grow(len(v.Src))
	if err := json.Compact(&b, v.Src); err != nil {
		return v.Src // unreachable: Src was parsed already
	}
	return b.Bytes()
}

func (p *parser) literal(word string) error {
	p.ensure(len(word))
	if !bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		return p.errorf("unexpected %s, expected a JSON value", p.describe())
	}
	p.pos += len(word)
	return nil
}

func (p *parser) number() error {
	if p.data[p.pos] == '-' {
		p.pos++
	}
	// at reports whether the byte at pos is one of set.
	at := func(set string) bool {
		return p.avail() && strings.IndexByte(set, p.data[p.pos]) >= 0
	}
	const digit = "0123456789"
	digits := func() int {
		n := 0
		for ; at(digit); n++ {
			p.pos++
		}
		return n
	}
	if at("0") {
		p.pos++
		if at(digit) {
			return p.errorf("number with a leading zero")
		}
	} else if digits() == 0 {
		return p.errorf("unexpected %s in a number", p.describe())
	}
	if at(".") {
		p.pos++
		if digits() == 0 {
			return p.errorf("unexpected %s in a number, expected a digit", p.describe())
		}
	}
	if at("eE") {
		p.pos++
		if at("+-") {
			p.pos++
		}
		if digits() == 0 {
			return p.errorf("unexpected %s in a number's exponent", p.describe())
		}
	}
	return nil
}

// string reads the string at pos, the opening quote. Runs of plain
// characters are copied whole; a string with escapes is assembled in
// scratch, reused from string to string, so that every string costs one
// allocation of its own length. Past longDecoded bytes of a string with
// escapes, scratch stops growing (deferred): the rest is unescaped from
// data once its end is found, straight into the string's own memory,
// instead of doubling scratch and copying it. A sinkable string, a value
// in a stream's element, that is long when what has been read ends inside
// it may go to a sink instead (see long.go): it is then decoded into the
// sink as it is read, and taken out of data.
func (p *parser) string(sinkable bool) (string, chat.Sink, error) {
	if s, ok := p.quickString(); ok {
		return s, nil, nil
	}
	q := p.pos
	p.pos++
	start, run := p.pos, p.pos
	buf := p.scratch[:0]
	deferred := false // buf holds data[start:run] unescaped, and data[run:pos] is still escaped
	lone := false     // a lone surrogate was read as U+FFFD
	// catchUp makes buf hold all that has been read, for a sink.
	catchUp := func() {
		if deferred {
			buf, run, deferred = appendUnescaped(buf, p.data[run:p.pos]), p.pos, false
		}
	}
	var sink chat.Sink
	fail := func(err error) (string, chat.Sink, error) {
		if sink != nil {
			sink.Abort()
		}
		return "", nil, err
	}
	more := true // whether the end of data may not be the end of the document
	// Whether the string may go to the sink of a value around it (not a
	// key), and whether part of it has.
	inJSONSink, cut := sinkable, false
	for {
		if err := p.skipPlain(more); err != nil {
			return fail(err)
		}
		d := p.data
		if p.mustReadOn(more) {
			if sinkable && p.json.sink == nil && p.long(q) {
				sinkable, sink = false, p.sinks(p.path)
				if sink == nil {
					p.openJSONSink()
				}
			}
			switch {
			case sink != nil:
				catchUp()
				p.sinkWrite(sink, append(buf, d[run:p.pos]...))
				p.takeOut(q + 1)
				buf, run = buf[:0], p.pos
			case inJSONSink && p.json.sink != nil && len(d)-p.json.from >= longString:
				catchUp()
				p.flushJSONSink()
				buf, run, cut = buf[:0], p.pos, true
			}
			if more = p.refill(); !more && p.pos >= len(p.data) {
				return fail(p.errorf("unterminated string"))
			}
			continue
		}
		switch c := d[p.pos]; {
		case c == '"':
			var s string
			switch {
			case sink != nil:
				catchUp()
				p.sinkWrite(sink, append(buf, d[run:p.pos]...))
				p.sinkClose(sink, lone)
			case cut: // its text is in the sink of the value around it
			default:
				s = p.ended(start, run, p.pos, buf, deferred)
			}
			p.pos++
			return s, sink, nil
		case c == '\\':
			deferred = deferred || len(buf)+p.pos-run >= longDecoded
			if !deferred {
				buf = append(buf, d[run:p.pos]...)
			}
			r, isLone, err := p.escape()
			if err != nil {
				return fail(err)
			}
			lone = lone || isLone
			if !deferred {
				buf = utf8.AppendRune(buf, r)
				run = p.pos
			}
		case c == '\n':
			return fail(p.errorf("unterminated string (a raw newline must be written \\n)"))
		default:
			return fail(p.errorf("%s in a string must be escaped", p.describe()))
		}
	}
}

// skipPlain moves pos past the characters of a string that need no escape,
// up to a quote, a backslash, a control character, the end of data or, if
// more may be read, a character only part of which has been read.
func (p *parser) skipPlain(more bool) error {
	d := p.data
	for p.pos < len(d) {
		p.pos = skipASCII(d, p.pos)
		if p.pos >= len(d) {
			break
		}
		c := d[p.pos]
		if c == '"' || c == '\\' || c < 0x20 {
			return nil
		}
		if c < utf8.RuneSelf {
			p.pos++
			continue
		}
		if more && !utf8.FullRune(d[p.pos:]) {
			return nil
		}
		r, size := utf8.DecodeRune(d[p.pos:])
		if r == utf8.RuneError && size <= 1 {
			return p.errorf("invalid UTF-8 in a string")
		}
		p.pos += size
	}
	return nil
}

// quickString reads the string at pos, the common way: when it ends in what
// has been read and holds only characters, valid UTF-8 and the escapes of
// one letter. Anything else (a \u escape, a character that must be
// escaped, the end of what has been read) it leaves to string, which says
// what is wrong or reads on: it then changes nothing.
func (p *parser) quickString() (string, bool) {
	d := p.data
	start := p.pos + 1
	buf := p.scratch[:0]
	deferred := false // as in string
	for i, run := start, start; ; {
		if i = skipASCII(d, i); i >= len(d) {
			return "", false
		}
		switch c := d[i]; {
		case c == '"':
			s := p.ended(start, run, i, buf, deferred)
			p.pos = i + 1
			return s, true
		case c == '\\':
			if i+1 >= len(d) || d[i+1] == 'u' || simpleEscapes[d[i+1]] == 0 {
				return "", false
			}
			if deferred = deferred || len(buf)+i-run >= longDecoded; deferred {
				i += 2
				continue
			}
			buf = append(append(buf, d[run:i]...), byte(simpleEscapes[d[i+1]]))
			i += 2
			run = i
		case c < 0x20:
			return "", false
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size <= 1 {
				return "", false
			}
			i += size
		}
	}
}

// ended returns the string of data[start:end]: that text itself when it
// held no escape (run == start), else buf, what came before run decoded,
// and the rest, unescaped if deferred.
func (p *parser) ended(start, run, end int, buf []byte, deferred bool) string {
	d := p.data
	switch {
	case deferred:
		p.scratch = buf
		return p.keepUnescaped(buf, d[run:end])
	case run == start && p.shared && end > start:
		return unsafe.String(&d[start], end-start)
	case run == start:
		return p.keepString(d[start:end])
	}
	buf = append(buf, d[run:end]...)
	p.scratch = buf
	return p.keepString(buf)
}

// literalText returns a number's literal, from start to pos.
func (p *parser) literalText(start int) string {
	if p.shared {
		return unsafe.String(&p.data[start], p.pos-start)
	}
	return p.keepString(p.data[start:p.pos])
}

// skipASCII returns the index of the first byte at or after i, or near it,
// that is not plain ASCII in a string (a quote, a backslash, a control
// character, or the start of a multi-byte character), eight bytes at a time.
// It may stop a little early, never late.
func skipASCII(d []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(d); i += 8 {
		w := binary.LittleEndian.Uint64(d[i:])
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		// A byte is zero in x where (x - ones) &^ x has its high bit set
		// (borrows may mark bytes after a true one: stopping early is fine).
		special := (quote-ones)&^quote | (backslash-ones)&^backslash | (w-ones*0x20)&^w | w
		if special&highs != 0 {
			break
		}
	}
	return i
}

// mustReadOn reports whether string, stopped at pos, must read on first: at
// the end of what has been read, or where only part of a character or an
// escape has been read, if more may be.
func (p *parser) mustReadOn(more bool) bool {
	d := p.data
	return p.pos >= len(d) || more && (d[p.pos] >= utf8.RuneSelf || d[p.pos] == '\\' && len(d)-p.pos < maxEscape)
}

var simpleEscapes = [256]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape decodes the escape at pos (a backslash), joining surrogate pairs;
// string has read on to maxEscape bytes past pos, or to the end. lone
// says it was a lone surrogate, read as U+FFFD.
func (p *parser) escape() (r rune, lone bool, err error) {
	d := p.data
	if p.pos+1 >= len(d) {
		p.pos = len(d)
		return 0, false, p.errorf("unterminated string")
	}
	c := d[p.pos+1]
	if r := simpleEscapes[c]; r != 0 {
		p.pos += 2
		return r, false, nil
	}
	if c != 'u' {
		return 0, false, p.errorf("invalid escape \\%c in a string", c)
	}
	if r, err = p.hex4(); err != nil {
		return 0, false, err
	}
	if utf16.IsSurrogate(r) {
		if r < 0xDC00 && bytes.HasPrefix(d[p.pos:], []byte(`\u`)) {
			save := p.pos
			if r2, err := p.hex4(); err == nil {
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					return pair, false, nil
				}
			}
			p.pos = save
		}
		// A lone surrogate cannot be UTF-8; tiktoken and the API see U+FFFD.
		return utf8.RuneError, true, nil
	}
	return r, false, nil
}

func (p *parser) hex4() (rune, error) {
	d := p.data
	if p.pos+6 > len(d) {
		return 0, p.errorf("truncated \\u escape")
	}
	n, err := strconv.ParseUint(string(d[p.pos+2:p.pos+6]), 16, 32)
	if err != nil {
		return 0, p.errorf("invalid \\u escape %q", d[p.pos:p.pos+6])
	}
	p.pos += 6
	return rune(n), nil
}

func (p *parser) array(v *Value, depth int) error {
	p.pos++ // [
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return nil
	}
	base := len(p.items)
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errorf("unexpected end of input in an array (missing ']')")
		}
		if p.data[p.pos] == ']' {
			return p.errorf("trailing comma before ']'")
		}
		p.path[len(p.path)-1].Index = len(p.items) - base
		v.Items = p.items[base:len(p.items):len(p.items)] // the elements so far, as for an object's members
		item, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		p.items = append(p.items, item)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errorf("unexpected end of input in an array (missing ']')")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			v.Items = p.closeArray(base)
			return nil
		default:
			return p.errorf("unexpected %s in an array, expected ',' or ']'", p.describe())
		}
	}
}

// memberKey reads an object's key, which dup checks, and its colon, and
// leaves p at the member's value.
func (p *parser) memberKey(dup func(key string, keyPos Pos) error) (string, Pos, error) {
	if p.pos >= len(p.data) {
		return "", Pos{}, p.errorf("unexpected end of input in an object (missing '}')")
	}
	if p.data[p.pos] == '}' {
		return "", Pos{}, p.errorf("trailing comma before '}'")
	}
	if p.data[p.pos] != '"' {
		return "", Pos{}, p.errorf("unexpected %s in an object, expected a quoted key", p.describe())
	}
	keyPos := p.here()
	key, _, err := p.string(false)
	if err == nil {
		err = dup(key, keyPos)
	}
	if err != nil {
		return "", Pos{}, err
	}
	p.skipSpace()
	if p.pos >= len(p.data) || p.data[p.pos] != ':' {
		return "", Pos{}, p.errorf("unexpected %s after an object key, expected ':'", p.describe())
	}
	p.pos++
	p.skipSpace()
	if p.pos >= len(p.data) {
		return "", Pos{}, p.errorf("unexpected end of input in an object (missing '}')")
	}
	return key, keyPos, nil
}

func duplicateKey(key string, at, first Pos) error {
	return &SyntaxError{at, fmt.Sprintf("duplicate key %q (first at %d:%d)", key, first.Line, first.Col)}
}

func (p *parser) object(v *Value, depth int) error {
	p.pos++ // {
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return nil
	}
	base := len(p.members)
	var seen map[string]Pos
	dup := func(key string, keyPos Pos) error {
		members := p.members[base:]
		if len(members) >= 8 && seen == nil {
			seen = make(map[string]Pos, 16)
			for _, m := range members {
				seen[m.Key] = m.KeyPos
			}
		}
		if seen != nil {
			if first, dup := seen[key]; dup {
				return duplicateKey(key, keyPos, first)
			}
			seen[key] = keyPos
			return nil
		}
		for _, m := range members {
			if m.Key == key {
				return duplicateKey(key, keyPos, m.KeyPos)
			}
		}
		return nil
	}
	for {
		p.skipSpace()
		key, keyPos, err := p.memberKey(dup)
		if err != nil {
			return err
		}
		p.path[len(p.path)-1].Key = key
		// While a member's value is read, the object's members so far are
		// its Members (a Step's In): a sink chooser may look at them.
		v.Members = p.members[base:len(p.members):len(p.members)]
		val, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		m := p.newMember()
		m.Key, m.KeyPos, m.Value = key, keyPos, val
		p.members = append(p.members, m)
		p.skipSpace()
		if end, err := p.afterMember(); end || err != nil {
			if end {
				v.Members = p.closeObject(base)
			}
			return err
		}
	}
}

// afterMember reads the comma or the brace after an object's member, and
// reports whether it was the brace.
func (p *parser) afterMember() (end bool, err error) {
	if p.pos >= len(p.data) {
		return false, p.errorf("unexpected end of input in an object (missing '}')")
	}
	switch p.data[p.pos] {
	case ',':
		p.pos++
		return false, nil
	case '}':
		p.pos++
		return true, nil
	}
	return false, p.errorf("unexpected %s in an object, expected ',' or '}'", p.describe())
}
