package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// parquetEncoder writes conversations as rows: each conversation as the
// JSON object jsonl writes, its members as columns. Parquet needs the
// columns before the first row, so they are taken from the conversations
// of the first row group: a member that holds values of different kinds
// there (content a string here, parts there) is a JSON column. A later
// conversation that does not fit those columns is an error.
type parquetEncoder struct {
	w       io.Writer
	pw      *parquet.GenericWriter[any]
	columns *jsonType
	held    []any // the row group being filled, as decoded JSON values
	bytes   int
	written int // conversations written so far, for messages
	losses  *losses
}

func newParquetEncoder(w io.Writer, opts EncodeOptions) Encoder {
	return &parquetEncoder{w: w, losses: newLosses("parquet", opts)}
}

func (e *parquetEncoder) Encode(c *chat.Conversation) error {
	v, size, err := e.value(c)
	if err != nil {
		return err
	}
	e.held = append(e.held, v)
	e.bytes += size
	if len(e.held) >= parquetGroupRows || e.bytes >= parquetGroupBytes {
		return e.flush()
	}
	return nil
}

// value returns c's record (see record) decoded as encoding/json decodes
// it into an any (numbers as json.Number), and the record's size. A
// spooled string is read whole once, into the decoded value: the record
// holds its marker (markSpools), not an escaped copy; and so is every
// spooled string when a marker is not found whole in a string.
func (e *parquetEncoder) value(c *chat.Conversation) (v any, size int, err error) {
	marked, spools := c, []splice(nil)
	if hasSpools(c) {
		if marked, spools, err = markSpools(c, everyString); err != nil {
			return nil, 0, err
		}
	}
	record, err := e.record(marked)
	if err != nil {
		return nil, 0, err
	}
	d := parquetRecord{spools: spools, size: len(record)}
	if v, err = d.decode(record); err != nil || d.markers == bytes.Count(record, []byte(markOpen[:len("\uE000")])) {
		return v, d.size, err
	}
	whole, _, err := markSpools(c, nil)
	if err != nil {
		return nil, 0, err
	}
	if record, err = e.record(whole); err != nil {
		return nil, 0, err
	}
	d = parquetRecord{size: len(record)}
	v, err = d.decode(record)
	return v, d.size, err
}

// record is the JSON object whose members are c's columns: what jsonl
// writes, or for a trainer's example (a preference pair, a prompt and a
// completion) what trl-preference or trl-completion writes, the columns
// TRL's datasets have.
func (e *parquetEncoder) record(c *chat.Conversation) ([]byte, error) {
	switch {
	case c.Rejected() != nil:
		return writePreference(c, e.losses)
	case c.Example != nil:
		return writePromptCompletion(c, e.losses)
	}
	jw := jsonWriter{style: jsonStyle{object: true}}
	jw.conversation(c, 0)
	return jw.b, nil
}

// parquetRecord decodes a record whose strings may hold the markers of
// spools, putting each spool's string, read whole, in its marker's place.
type parquetRecord struct {
	spools  []splice
	markers int // the markers put back
	size    int // the record's size with the spools' strings in it, escaped
}

func (d *parquetRecord) decode(record []byte) (any, error) {
	// Strings without escapes share the record, which is not used again.
	root, err := jsontree.Parse(record, jsontree.Options{Shared: true})
	if err != nil {
		return nil, err
	}
	return d.value(root)
}

func (d *parquetRecord) value(v *jsontree.Value) (any, error) {
	switch v.Kind {
	case jsontree.Null:
		return nil, nil
	case jsontree.Bool:
		return v.Bool, nil
	case jsontree.Number:
		return json.Number(v.Str), nil
	case jsontree.String:
		return d.unmarked(v.Str)
	case jsontree.Array:
		a := make([]any, len(v.Items))
		for i, item := range v.Items {
			var err error
			if a[i], err = d.value(item); err != nil {
				return nil, err
			}
		}
		return a, nil
	}
	m := make(map[string]any, len(v.Members))
	for _, mem := range v.Members {
		x, err := d.value(mem.Value)
		if err != nil {
			return nil, err
		}
		m[mem.Key] = x // the last of a repeated key, as encoding/json has it
	}
	return m, nil
}

// unmarked returns s with each marker of a spool in it replaced by the
// spool's string (past what the marker follows of it: skip).
func (d *parquetRecord) unmarked(s string) (string, error) {
	if len(d.spools) == 0 || !strings.Contains(s, markOpen) {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, markOpen)
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		end := strings.Index(s[i:], markClose)
		if end < 0 {
			b.WriteString(s)
			return b.String(), nil // counted as no marker: read whole
		}
		n, err := strconv.Atoi(s[i+len(markOpen) : i+end])
		if err != nil || n < 0 || n >= len(d.spools) {
			b.WriteString(s)
			return b.String(), nil
		}
		sp := d.spools[n]
		text, err := readSpool(sp.spool)
		if err != nil {
			return "", err
		}
		text = text[min(sp.skip, len(text)):]
		if b.Len() == 0 && i == 0 && end+len(markClose) == len(s) {
			d.markers++ // alone in its string: kept as read, not copied
			d.size += escapedLen(text) - len(s)
			return text, nil
		}
		b.WriteString(s[:i])
		b.WriteString(text)
		d.markers++
		d.size += escapedLen(text) - (end + len(markClose))
		s = s[i+end+len(markClose):]
	}
}

// flush writes the held conversations as one row group, first deciding
// the columns if this is the first.
func (e *parquetEncoder) flush() error {
	if e.pw == nil {
		e.columns = &jsonType{}
		for _, v := range e.held {
			e.columns.add(v)
		}
		if e.columns.kind != kindObject {
			// No conversation at all: the columns of an empty dataset.
			e.columns.add(map[string]any{"messages": []any{map[string]any{"role": "", "content": ""}}})
		}
		schema := parquet.NewSchema("conversation", e.columns.group())
		options := []parquet.WriterOption{schema, parquet.Compression(&parquet.Zstd)}
		long := map[string][]string{}
		for _, v := range e.held {
			e.columns.longLeaves(v, nil, long)
		}
		for _, key := range slices.Sorted(maps.Keys(long)) {
			options = append(options, parquet.SkipPageStatistics(long[key]...), parquet.SkipPageBounds(long[key]...))
		}
		e.pw = parquet.NewGenericWriter[any](e.w, options...)
	}
	if len(e.held) == 0 {
		return nil
	}
	rows := make([]any, len(e.held))
	for i, v := range e.held {
		row, err := e.columns.fit(v, "")
		if err != nil {
			return fmt.Errorf("parquet: conversation %d does not fit the columns taken from the first %d: %w", e.written+i+1, parquetGroupRows, err)
		}
		rows[i] = row
	}
	if _, err := e.pw.Write(rows); err != nil {
		return err
	}
	e.written += len(rows)
	e.held, e.bytes = e.held[:0], 0
	return e.pw.Flush()
}

func (e *parquetEncoder) Close() error {
	if err := e.flush(); err != nil {
		return err
	}
	return e.pw.Close()
}

// jsonKind is the kind of the values a column holds.
type jsonKind int

const (
	kindNone jsonKind = iota // only nulls seen
	kindBool
	kindInt
	kindFloat
	kindString
	kindObject
	kindArray
	kindJSON // values of several kinds: a JSON column
)

// jsonType is what the values seen at one place of the conversations have
// in common: the column they make.
type jsonType struct {
	kind   jsonKind
	fields map[string]*jsonType // kindObject
	names  []string             // the fields in the order first seen
	elem   *jsonType            // kindArray
}

func kindOf(v any) jsonKind {
	switch v := v.(type) {
	case nil:
		return kindNone
	case bool:
		return kindBool
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return kindInt
		}
		if !strings.ContainsAny(string(v), ".eE") {
			return kindJSON // an integer past int64, kept as written
		}
		return kindFloat
	case string:
		return kindString
	case map[string]any:
		if len(v) == 0 {
			return kindJSON // Parquet has no empty struct
		}
		return kindObject
	case []any:
		return kindArray
	}
	return kindJSON
}

// add widens t to hold v.
func (t *jsonType) add(v any) {
	k := kindOf(v)
	switch {
	case k == kindNone || t.kind == kindJSON:
		return
	case t.kind == kindNone:
		t.kind = k
	case t.kind == kindInt && k == kindFloat || t.kind == kindFloat && k == kindInt:
		t.kind = kindFloat
		return
	case t.kind != k:
		t.kind, t.fields, t.names, t.elem = kindJSON, nil, nil, nil
		return
	}
	switch v := v.(type) {
	case map[string]any:
		if t.fields == nil {
			t.fields = map[string]*jsonType{}
		}
		for _, name := range slices.Sorted(maps.Keys(v)) {
			f := t.fields[name]
			if f == nil {
				f = &jsonType{}
				t.fields[name] = f
				t.names = append(t.names, name)
			}
			f.add(v[name])
		}
	case []any:
		if t.elem == nil {
			t.elem = &jsonType{}
		}
		for _, x := range v {
			t.elem.add(x)
		}
	}
}

// parquetLongValue is the length past which a value makes its column's
// statistics useless and costly: each page header and the column chunk's
// metadata would hold the page's minimum and maximum whole, and the writer
// copy them several times on the way (Arrow writes no statistics past
// 4 KiB).
const parquetLongValue = 64 << 10

// longLeaves adds to long, by their joined path, the paths of the string
// and JSON columns of t (at path) that hold a value of v longer than
// parquetLongValue bytes.
func (t *jsonType) longLeaves(v any, path []string, long map[string][]string) {
	switch t.kind {
	case kindNone, kindString, kindJSON:
		if jsonLength(v) > parquetLongValue {
			long[strings.Join(path, "\x00")] = slices.Clone(path)
		}
	case kindObject:
		if m, ok := v.(map[string]any); ok {
			for _, name := range t.names {
				t.fields[name].longLeaves(m[name], append(path, name), long)
			}
		}
	case kindArray:
		if a, ok := v.([]any); ok {
			for _, x := range a {
				t.elem.longLeaves(x, append(path, "list", "element"), long)
			}
		}
	}
}

// jsonLength is about the length of v as JSON: its strings' bytes and
// its numbers', with two for each string's quotes and one for each comma
// or colon.
func jsonLength(v any) int {
	switch v := v.(type) {
	case string:
		return len(v) + 2
	case json.Number:
		return len(v)
	case map[string]any:
		n := 2
		for k, x := range v {
			n += len(k) + 4 + jsonLength(x)
		}
		return n
	case []any:
		n := 2
		for _, x := range v {
			n += jsonLength(x) + 1
		}
		return n
	}
	return 5 // null, true, false
}

// node is the Parquet column of t. Every column is optional: a struct
// column has every field in every row.
func (t *jsonType) node() parquet.Node {
	switch t.kind {
	case kindBool:
		return parquet.Optional(parquet.Leaf(parquet.BooleanType))
	case kindInt:
		return parquet.Optional(parquet.Int(64))
	case kindFloat:
		return parquet.Optional(parquet.Leaf(parquet.DoubleType))
	case kindNone, kindString:
		return parquet.Optional(parquet.String())
	case kindObject:
		return parquet.Optional(t.group())
	case kindArray:
		return parquet.Optional(parquet.List(t.elem.node()))
	}
	return parquet.Optional(parquet.JSON())
}

// group is the struct of an object's columns.
func (t *jsonType) group() parquet.Group {
	g := parquet.Group{}
	for name, f := range t.fields {
		g[name] = f.node()
	}
	return g
}

// fit turns v into the value its column takes, or says why it cannot;
// ptr is where v is, for that message.
func (t *jsonType) fit(v any, ptr string) (any, error) {
	if v == nil {
		return nil, nil
	}
	k := kindOf(v)
	switch {
	case t.kind == kindJSON:
		b, err := json.Marshal(v)
		str := string(b)
		return &str, err
	case k == t.kind || k == kindInt && t.kind == kindFloat:
	case t.kind == kindNone && k == kindString:
	default:
		return nil, fmt.Errorf("%s is %s, the column holds %s", orRoot(ptr), kindWords[k], kindWords[t.kind])
	}
	// Leaves go as pointers: the writer takes a zero value in an optional
	// column for a null, a pointer to it for the value.
	switch v := v.(type) {
	case json.Number:
		if t.kind == kindInt {
			n, err := v.Int64()
			return &n, err
		}
		f, err := v.Float64()
		return &f, err
	case string:
		return &v, nil
	case bool:
		return &v, nil
	case map[string]any:
		row := make(map[string]any, len(v))
		for name, x := range v {
			f := t.fields[name]
			if f == nil {
				return nil, fmt.Errorf("%s has a field %q that no column holds", orRoot(ptr), name)
			}
			fx, err := f.fit(x, ptr+"/"+name)
			if err != nil {
				return nil, err
			}
			row[name] = fx
		}
		return row, nil
	case []any:
		list := make([]any, len(v))
		for i, x := range v {
			fx, err := t.elem.fit(x, fmt.Sprintf("%s/%d", ptr, i))
			if err != nil {
				return nil, err
			}
			list[i] = fx
		}
		return list, nil
	}
	return v, nil
}

var kindWords = map[jsonKind]string{kindNone: "null", kindBool: "a boolean", kindInt: "an integer", kindFloat: "a number",
	kindString: "a string", kindObject: "an object", kindArray: "an array", kindJSON: "JSON"}

func orRoot(ptr string) string {
	if ptr == "" {
		return "the conversation"
	}
	return ptr
}
