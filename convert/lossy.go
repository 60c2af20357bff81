package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// LossError is what an encoder returns under EncodeOptions.Strict when the
// target format cannot hold part of a conversation.
type LossError struct {
	Format string
	Kind   string // what would be lost, e.g. "tool call ids dropped"
}

func (e *LossError) Error() string {
	return fmt.Sprintf("writing %s would lose data: %s", e.Format, e.Kind)
}

// losses tells the user, once per kind, what a writer could not carry over.
type losses struct {
	format string
	warn   func(string)
	strict bool
	seen   map[string]bool
}

func newLosses(format string, opts EncodeOptions) *losses {
	return &losses{format: format, warn: opts.Warn, strict: opts.Strict, seen: map[string]bool{}}
}

// lose records that kind could not be written as it was; under Strict it
// returns the error that stops the write.
func (l *losses) lose(kind string) error {
	if l.strict {
		return &LossError{l.format, kind}
	}
	if !l.seen[kind] {
		l.seen[kind] = true
		if l.warn != nil {
			l.warn(l.format + ": " + kind)
		}
	}
	return nil
}

// name reports a message name the format has no place for. A tool
// result's name is its function's, which the call already says.
func (l *losses) name(m *chat.Message) error {
	if m.Name == "" || m.Role == chat.Tool || m.Role == chat.Function {
		return nil
	}
	return l.lose("message names dropped")
}

// jsonValues parses a document that holds one JSON value, or JSON Lines
// (one value per line), into its top-level conversations: an array's
// elements, or the value itself.
func jsonValues(data []byte) ([]*jsontree.Value, error) {
	v, err := parseJSON(data, 1)
	if err == nil {
		if v.Kind == jsontree.Array {
			return v.Items, nil
		}
		return []*jsontree.Value{v}, nil
	}
	// JSON Lines: fall back only when the first line is a whole value.
	lines := bytes.Split(data, []byte("\n"))
	if len(lines) < 2 || !json.Valid(bytes.TrimPrefix(lines[0], []byte("\xef\xbb\xbf"))) {
		return nil, err
	}
	var out []*jsontree.Value
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := parseJSON(line, i+1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// objectDecoder reads each top-level object of a JSON document (or JSON
// Lines) with conv. The elements of a top-level array, as in a dataset or
// a data export, are read one at a time, so that memory holds about one
// conversation however many there are; any other document is read whole.
func objectDecoder(r io.Reader, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) Decoder {
	return &objectArrayDecoder{stream: jsontree.NewMemberStream(r, "", jsontree.Options{}), conv: conv}
}

type objectArrayDecoder struct {
	stream *jsontree.ArrayStream
	conv   func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)
	whole  Decoder // the document read whole, when it is not an array
	n      int     // elements read so far
	convs  []*chat.Conversation
}

func (d *objectArrayDecoder) Decode() (*chat.Conversation, error) {
	for len(d.convs) == 0 {
		if d.whole != nil {
			return d.whole.Decode()
		}
		v, err := d.stream.Next()
		switch {
		case d.n == 0 && errors.Is(err, jsontree.ErrNotArray):
			d.whole = wholeObjectDecoder(d.stream.Rest(), d.conv)
			continue
		case err == io.EOF:
			return nil, io.EOF
		case err != nil:
			return nil, located(err)
		}
		ptr := "/" + strconv.Itoa(d.n)
		d.n++
		if v.Kind != jsontree.Object {
			return nil, errAt(v, ptr, "expected a conversation object, got %s", kindName(v))
		}
		if d.convs, err = d.conv(v, ptr); err != nil {
			return nil, err
		}
	}
	c := d.convs[0]
	d.convs[0], d.convs = nil, d.convs[1:]
	return c, nil
}

// wholeObjectDecoder is objectDecoder for a document read whole.
func wholeObjectDecoder(r io.Reader, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) Decoder {
	return &documentDecoder{r: r, parse: func(data []byte) ([]*chat.Conversation, error) {
		vals, err := jsonValues(data)
		if err != nil {
			return nil, err
		}
		var convs []*chat.Conversation
		for i, v := range vals {
			ptr := ""
			if len(vals) > 1 || v.Kind != jsontree.Object {
				ptr = "/" + strconv.Itoa(i)
			}
			if v.Kind != jsontree.Object {
				return nil, errAt(v, ptr, "expected a conversation object, got %s", kindName(v))
			}
			cs, err := conv(v, ptr)
			if err != nil {
				return nil, err
			}
			convs = append(convs, cs...)
		}
		return convs, nil
	}}
}

// singleDecoder reads each top-level object as one conversation.
func singleDecoder(read func(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error)) func(io.Reader, DecodeOptions) Decoder {
	return func(r io.Reader, opts DecodeOptions) Decoder {
		return objectDecoder(r, func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			c, err := read(v, ptr, opts.Warn)
			return []*chat.Conversation{c}, err
		})
	}
}

// renderEncoder writes each conversation as the JSON document render
// builds, reporting losses under the format's name.
func renderEncoder(name string, render func(*chat.Conversation, *losses) ([]byte, error)) func(io.Writer, EncodeOptions) Encoder {
	return func(w io.Writer, opts EncodeOptions) Encoder {
		l := newLosses(name, opts)
		return &rawEncoder{w: w, render: func(c *chat.Conversation) ([]byte, error) { return render(c, l) }}
	}
}

// object builds a JSON object member by member, in order. A key is
// written once: a later member with the same key is left out.
type object struct {
	b    []byte
	keys []string
}

func (o *object) raw(key string, value []byte) *object {
	if slices.Contains(o.keys, key) {
		return o
	}
	o.keys = append(o.keys, key)
	if len(o.b) == 0 {
		o.b = append(o.b, '{')
	} else {
		o.b = append(o.b, ',')
	}
	o.b = appendString(o.b, key)
	o.b = append(o.b, ':')
	o.b = append(o.b, value...)
	return o
}

func (o *object) str(key, value string) *object { return o.raw(key, appendString(nil, value)) }

func (o *object) fields(fs chat.Fields) *object {
	for _, f := range fs {
		o.raw(f.Key, f.Value)
	}
	return o
}

func (o *object) bytes() []byte {
	if len(o.b) == 0 {
		return []byte("{}")
	}
	return append(o.b, '}')
}

// array joins raw JSON values into an array.
func array(items [][]byte) []byte {
	b := []byte{'['}
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	return append(b, ']')
}

// rawEncoder writes one JSON document per conversation, indented, or a JSON
// array of them when there are several; render builds a conversation's
// compact JSON.
type rawEncoder struct {
	w       io.Writer
	render  func(*chat.Conversation) ([]byte, error)
	pending []byte
	many    bool
}

func (e *rawEncoder) Encode(c *chat.Conversation) error {
	doc, err := e.render(c)
	if err != nil {
		return err
	}
	if e.pending == nil && !e.many {
		e.pending = doc
		return nil
	}
	if e.pending != nil {
		if err := e.write("[\n  ", e.pending, "  "); err != nil {
			return err
		}
		e.pending, e.many = nil, true
	}
	return e.write(",\n  ", doc, "  ")
}

func (e *rawEncoder) write(before string, doc []byte, prefix string) error {
	var buf bytes.Buffer
	buf.WriteString(before)
	if err := json.Indent(&buf, doc, prefix, "  "); err != nil {
		return err
	}
	_, err := e.w.Write(buf.Bytes())
	return err
}

func (e *rawEncoder) Close() error {
	switch {
	case e.many:
		_, err := io.WriteString(e.w, "\n]\n")
		return err
	case e.pending != nil:
		if err := e.write("", e.pending, ""); err != nil {
			return err
		}
		_, err := io.WriteString(e.w, "\n")
		return err
	}
	return nil
}

// str returns v's string, or "" when v is not a string.
func str(v *jsontree.Value) string {
	if v != nil && v.Kind == jsontree.String {
		return v.Str
	}
	return ""
}

// items returns v's elements if it is an array: none if it is missing.
func items(v *jsontree.Value) []*jsontree.Value {
	if v != nil && v.Kind == jsontree.Array {
		return v.Items
	}
	return nil
}

// extras returns the members of v other than the named keys, verbatim.
func extras(v *jsontree.Value, known ...string) chat.Fields {
	var fs chat.Fields
next:
	for _, m := range v.Members {
		for _, k := range known {
			if m.Key == k {
				continue next
			}
		}
		fs = append(fs, chat.Field{Key: m.Key, Value: m.Value.Compact()})
	}
	return fs
}

// hasOnly reports whether every key of object v is one of keys.
func hasOnly(v *jsontree.Value, keys ...string) bool {
	return len(extras(v, keys...)) == 0
}

// argumentsJSON returns a tool call's arguments as a JSON value: the
// arguments when they are a JSON object, else nil.
func argumentsJSON(args string) json.RawMessage {
	trimmed := strings.TrimSpace(args)
	if trimmed == "" {
		return json.RawMessage("{}")
	}
	if trimmed[0] == '{' && json.Valid([]byte(trimmed)) {
		var buf bytes.Buffer
		json.Compact(&buf, []byte(trimmed))
		return buf.Bytes()
	}
	return nil
}

// dataURL splits a data: URL into its media type and base64 data.
func dataURL(u string) (mediaType, data string, ok bool) {
	rest, found := strings.CutPrefix(u, "data:")
	if !found {
		return "", "", false
	}
	head, data, found := strings.Cut(rest, ",")
	mediaType, isB64 := strings.CutSuffix(head, ";base64")
	return mediaType, data, found && isB64
}

// leadingInstructions splits off the system and developer messages a
// format keeps apart from the turns, reporting instructions found later.
func leadingInstructions(msgs []chat.Message) (instr, rest []chat.Message, late bool) {
	for i := range msgs {
		if msgs[i].Role.Instruction() {
			if len(rest) > 0 {
				late = true
			}
			instr = append(instr, msgs[i])
		} else {
			rest = append(rest, msgs[i])
		}
	}
	return instr, rest, late
}

// pythonJSON spaces compact JSON the way Python's json.dumps does by
// default (", " and ": "), as datasets and chat templates write it.
func pythonJSON(compact []byte) string {
	var b strings.Builder
	inString, escaped := false, false
	for _, c := range compact {
		b.WriteByte(c)
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == ':'):
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// developer reports a developer message written with the system role, in a
// format that has no developer role.
func (l *losses) developer(m *chat.Message) error {
	if m.Role != chat.Developer {
		return nil
	}
	return l.lose("developer messages written as system")
}
