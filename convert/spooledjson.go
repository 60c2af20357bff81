package convert

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unsafe"

	"github.com/convkit/convkit/internal/runes"
)

// Tool call arguments that pass through in parts. argumentsJSON makes
// arguments that are a JSON object one (trimmed, checked, compacted) and
// leaves others a string; for spooled arguments, spoolIsObject decides
// the same reading the spool once, and memberWriter writes the object's
// members as json.Compact does, spaced as pythonJSON or indented as
// json.Indent does when asked. jsonEscaper escapes what any splice copies
// into a JSON string.

// spoolIsObject reports whether argumentsJSON makes a JSON object of the
// text r reads: one that is all space (unicode.IsSpace, as
// strings.TrimSpace has it), or a JSON object json.Valid accepts with
// only space around it.
func spoolIsObject(r io.Reader) (bool, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	c, err := skipSpace(br)
	if err == io.EOF {
		return true, nil
	}
	if err != nil || c != '{' {
		return false, err
	}
	check := jsonCheck{}
	check.step('{')
	for len(check.open) > 0 {
		b, err := br.ReadByte()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if !check.step(b) {
			return false, nil
		}
	}
	_, err = skipSpace(br)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// skipSpace reads runes that unicode.IsSpace holds space and returns the
// first that is not.
func skipSpace(br *bufio.Reader) (rune, error) {
	for {
		r, _, err := br.ReadRune()
		if err != nil || !unicode.IsSpace(r) {
			return r, err
		}
	}
}

// jsonCheck follows JSON a byte at a time as encoding/json's scanner does
// (json.Valid): the same grammar, control bytes refused in strings, bytes
// not UTF-8 let be, at most maxJSONDepth arrays and objects open.
type jsonCheck struct {
	open    []byte // '{' or '[' of each array and object open
	state   jsonState
	key     bool   // the string read is an object's key
	literal string // what is left of true, false or null
	hex     int    // hex digits of a \u escape read
}

type jsonState uint8

const (
	jsValue      jsonState = iota // a value next
	jsValueOrEnd                  // after '['
	jsKeyOrEnd                    // after '{'
	jsKey                         // after ',' in an object
	jsColon                       // after a key
	jsAfter                       // after a value
	jsString
	jsEscape
	jsHex
	jsLiteral
	jsMinus    // after '-'
	jsZero     // a number's leading 0
	jsInt      // its other digits before '.'
	jsDot      // after '.'
	jsFraction // digits after '.'
	jsExpMark  // after 'e' or 'E'
	jsExpSign  // after the exponent's sign
	jsExp      // the exponent's digits
)

// maxJSONDepth is encoding/json's maxNestingDepth.
const maxJSONDepth = 10000

func jsonSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func digit(c byte) bool { return '0' <= c && c <= '9' }

// step takes the next byte, and reports whether the JSON is still valid.
func (j *jsonCheck) step(c byte) bool {
	switch j.state {
	case jsValue, jsValueOrEnd, jsKeyOrEnd, jsKey, jsColon, jsAfter:
		if jsonSpace(c) {
			return true
		}
	}
	switch j.state {
	case jsValueOrEnd:
		if c == ']' {
			return j.close()
		}
		return j.value(c)
	case jsValue:
		return j.value(c)
	case jsKeyOrEnd:
		if c == '}' {
			return j.close()
		}
		fallthrough
	case jsKey:
		j.state, j.key = jsString, true
		return c == '"'
	case jsColon:
		j.state = jsValue
		return c == ':'
	case jsAfter:
		if len(j.open) == 0 {
			return false
		}
		switch top := j.open[len(j.open)-1]; {
		case c == ',' && top == '{':
			j.state = jsKey
		case c == ',':
			j.state = jsValue
		case c == '}' && top == '{', c == ']' && top == '[':
			return j.close()
		default:
			return false
		}
		return true
	case jsString:
		switch {
		case c == '"':
			j.state = jsAfter
			if j.key {
				j.state = jsColon
			}
		case c == '\\':
			j.state = jsEscape
		case c < 0x20:
			return false
		}
		return true
	case jsEscape:
		switch c {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			j.state = jsString
		case 'u':
			j.state, j.hex = jsHex, 0
		default:
			return false
		}
		return true
	case jsHex:
		if !digit(c) && !('a' <= c && c <= 'f') && !('A' <= c && c <= 'F') {
			return false
		}
		if j.hex++; j.hex == 4 {
			j.state = jsString
		}
		return true
	case jsLiteral:
		if c != j.literal[0] {
			return false
		}
		if j.literal = j.literal[1:]; j.literal == "" {
			j.state = jsAfter
		}
		return true
	case jsMinus:
		return j.number(c == '0', digit(c))
	case jsZero, jsInt, jsFraction, jsExp:
		switch {
		case digit(c) && j.state != jsZero:
			return true
		case c == '.' && (j.state == jsZero || j.state == jsInt):
			j.state = jsDot
			return true
		case (c == 'e' || c == 'E') && j.state != jsExp:
			j.state = jsExpMark
			return true
		}
		// The number ended: c comes after it.
		j.state = jsAfter
		return j.step(c)
	case jsDot:
		j.state = jsFraction
		return digit(c)
	case jsExpMark:
		switch {
		case c == '+' || c == '-':
			j.state = jsExpSign
			return true
		case digit(c):
			j.state = jsExp
			return true
		}
		return false
	case jsExpSign:
		j.state = jsExp
		return digit(c)
	}
	return false
}

// value takes c, the first byte of a value.
func (j *jsonCheck) value(c byte) bool {
	switch c {
	case '{', '[':
		j.open = append(j.open, c)
		j.state = jsKeyOrEnd
		if c == '[' {
			j.state = jsValueOrEnd
		}
		return len(j.open) <= maxJSONDepth
	case '"':
		j.state, j.key = jsString, false
		return true
	case '-':
		j.state = jsMinus
		return true
	case 't':
		j.state, j.literal = jsLiteral, "rue"
		return true
	case 'f':
		j.state, j.literal = jsLiteral, "alse"
		return true
	case 'n':
		j.state, j.literal = jsLiteral, "ull"
		return true
	}
	return j.number(c == '0', digit(c))
}

// number takes the first digit of a number, zero or another.
func (j *jsonCheck) number(zero, other bool) bool {
	switch {
	case zero:
		j.state = jsZero
	case other:
		j.state = jsInt
	default:
		return false
	}
	return true
}

// close ends the array or object open.
func (j *jsonCheck) close() bool {
	j.open = j.open[:len(j.open)-1]
	j.state = jsAfter
	return true
}

// memberWriter takes the text of arguments spoolIsObject holds an object
// and writes to w the object's members, what goes between its braces, as
// json.Compact writes them; spaced as pythonJSON spaces them; or, with
// indent set, as json.Indent indents them where margin is the white space
// that begins the line of the object's opening brace.
type memberWriter struct {
	w              io.Writer
	spaced         bool
	margin, indent string

	depth      int // arrays and objects open, the object itself counted
	js         jsonScan
	needIndent bool // a '{' or '[' just written: json.Indent's delayed newline
	level      int  // indent levels within the object
	out        []byte
}

func (m *memberWriter) Write(p []byte) (int, error) {
	out := m.out[:0]
	for _, c := range p {
		switch {
		case m.depth == 0:
			// Space before the object, or after it.
			if c == '{' {
				m.depth, m.needIndent = 1, m.indent != ""
			}
			continue
		case m.js.inString:
			out = append(out, c)
			m.js.step(c)
			continue
		case jsonSpace(c):
			continue
		}
		if m.needIndent && c != '}' && c != ']' {
			m.needIndent = false
			m.level++
			out = m.newline(out)
		}
		switch c {
		case '"':
			m.js.step(c)
			out = append(out, c)
		case '{', '[':
			m.depth++
			out = append(out, c)
			m.needIndent = m.indent != ""
		case '}', ']':
			if m.needIndent {
				m.needIndent = false
			} else if m.indent != "" {
				m.level--
				out = m.newline(out)
			}
			if m.depth--; m.depth > 0 {
				out = append(out, c)
			}
		case ',':
			out = append(out, c)
			if m.spaced {
				out = append(out, ' ')
			}
			if m.indent != "" {
				out = m.newline(out)
			}
		case ':':
			out = append(out, c)
			if m.spaced || m.indent != "" {
				out = append(out, ' ')
			}
		default:
			out = append(out, c)
		}
	}
	m.out = out
	if _, err := m.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (m *memberWriter) newline(out []byte) []byte {
	out = append(out, '\n')
	out = append(out, m.margin...)
	return append(out, strings.Repeat(m.indent, m.level)...)
}

// jsonEscaper writes to w what is written to it escaped as the inside of
// a JSON string, as appendEscaped (or appendMarshaled) escapes it: a character split between
// two writes is escaped whole, once the next completes it or flush ends
// the string.
type jsonEscaper struct {
	w         io.Writer
	marshaled bool // as appendMarshaled escapes
	carry     runes.Carry
	out       []byte
}

func (e *jsonEscaper) Write(p []byte) (int, error) {
	first, rest := e.carry.Next(p)
	if err := e.write(first); err != nil {
		return 0, err
	}
	if err := e.write(rest); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (e *jsonEscaper) write(b []byte) error {
	// Neither escape keeps any part of its string: b need not be copied.
	escape := appendEscaped
	if e.marshaled {
		escape = appendMarshaled
	}
	e.out = escape(e.out[:0], unsafe.String(unsafe.SliceData(b), len(b)))
	_, err := e.w.Write(e.out)
	return err
}

// flush escapes a character cut short at the string's end.
func (e *jsonEscaper) flush() error { return e.write(e.carry.End()) }

// A MarshaledEscaper writes to its writer what is written to it escaped as
// json.Marshal escapes the inside of a string (HTML's <, > and & too), a
// character split between two writes escaped whole: a long string written
// into JSON a part at a time. Flush ends the string.
type MarshaledEscaper struct{ e jsonEscaper }

// NewMarshaledEscaper returns a MarshaledEscaper that writes to w.
func NewMarshaledEscaper(w io.Writer) *MarshaledEscaper {
	return &MarshaledEscaper{jsonEscaper{w: w, marshaled: true}}
}

func (m *MarshaledEscaper) Write(p []byte) (int, error) { return m.e.Write(p) }

// Flush escapes a character cut short at the string's end.
func (m *MarshaledEscaper) Flush() error { return m.e.flush() }
