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

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
	"github.com/convkit/convkit/internal/parquetfile"
	"github.com/convkit/convkit/internal/spool"
)

// parquetEncoder writes conversations as rows: each conversation as the
// JSON object jsonl writes, its members as columns. Parquet needs the
// columns before the first row, so they are taken from the conversations
// of the first row group, held until it is full: a member that holds
// values of different kinds there (content a string here, parts there) is
// a JSON column. A later conversation that does not fit those columns is
// an error. Rows after the first group are written as they come.
type parquetEncoder struct {
	w        io.Writer
	pw       *parquetfile.Writer
	columns  *jsonType
	held     []any       // the first row group, as decoded JSON values
	kept     *spool.File // the held rows' long strings, copied from their spools
	rows     int         // in the row group being filled
	bytes    int         // of JSON in it
	written  int         // conversations written so far, for messages
	sampled  int         // conversations the columns were taken from
	nullTold bool        // a null member was reported
	losses   *losses
}

// newParquetEncoder writes what jsonl writes, told and dropped alike.
func newParquetEncoder(w io.Writer, opts EncodeOptions) Encoder {
	l := newLosses("parquet", opts)
	enc := metadataDropped{&parquetEncoder{w: w, losses: l}, l}
	if opts.KeepVendor {
		return enc
	}
	return vendorTold{itemFieldsDropped{enc, l}, newLosses("parquet", EncodeOptions{Warn: opts.Warn})}
}

func (e *parquetEncoder) Encode(c *chat.Conversation) error {
	v, size, err := e.value(c)
	if err != nil {
		return err
	}
	e.rows++
	e.bytes += size
	full := e.rows >= parquetGroupRows || e.bytes >= parquetGroupBytes
	if e.pw == nil {
		// A reader may let a spool go once the next conversation is read.
		if v, err = e.keep(v); err != nil {
			return err
		}
		e.held = append(e.held, v)
		if full {
			return e.start()
		}
		return nil
	}
	if err := e.write(v); err != nil {
		return err
	}
	if full {
		e.rows, e.bytes = 0, 0
		return e.pw.Flush()
	}
	return nil
}

// start decides the columns from the held conversations, writes them and
// ends the first row group.
func (e *parquetEncoder) start() error {
	e.columns = &jsonType{}
	e.sampled = len(e.held)
	for _, v := range e.held {
		e.columns.add(v)
	}
	if e.columns.kind != kindObject {
		// No conversation at all: the columns of an empty dataset.
		e.columns.add(map[string]any{"messages": []any{map[string]any{"role": "", "content": ""}}})
	}
	var err error
	e.pw, err = parquetfile.NewWriter(e.w, "conversation", e.columns.field("").Fields, parquetfile.Options{CreatedBy: "convkit"})
	if err != nil {
		return err
	}
	for _, v := range e.held {
		if err := e.write(v); err != nil {
			return err
		}
	}
	e.held = nil
	if e.kept != nil {
		e.kept.Close() // Write has read the long strings
		e.kept = nil
	}
	e.rows, e.bytes = 0, 0
	return e.pw.Flush()
}

// write writes a conversation's row.
func (e *parquetEncoder) write(v any) error {
	if !e.nullTold && hasNullMember(v) {
		e.nullTold = true
		if err := e.losses.lose("null members dropped (read back absent)"); err != nil {
			return err
		}
	}
	row, err := e.columns.fit(v, "")
	if err != nil {
		return fmt.Errorf("parquet: conversation %d does not fit the columns taken from the first %d: %w", e.written+1, e.sampled, err)
	}
	e.written++
	return e.pw.Write(row.(map[string]any))
}

func (e *parquetEncoder) Close() error {
	if e.pw == nil {
		if err := e.start(); err != nil {
			return err
		}
	}
	return e.pw.Close()
}

// keep copies the long strings of v, a row held, to the encoder's own
// temporary file.
func (e *parquetEncoder) keep(v any) (any, error) {
	switch x := v.(type) {
	case parquetLong:
		if e.kept == nil {
			var err error
			if e.kept, err = spool.Scratch(""); err != nil {
				return nil, err
			}
		}
		return keptLong(e.kept, x)
	case map[string]any:
		for k, item := range x {
			kept, err := e.keep(item)
			if err != nil {
				return nil, err
			}
			x[k] = kept
		}
	case []any:
		for i, item := range x {
			kept, err := e.keep(item)
			if err != nil {
				return nil, err
			}
			x[i] = kept
		}
	}
	return v, nil
}

// value returns c's record (see record) decoded as encoding/json decodes
// it into an any (numbers as json.Number), and the record's size. A
// spooled string alone in a string of the record is a parquetLong; one
// beside other text is read whole into it, and so is every spooled string
// when a marker is not found whole in a string.
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
// spools, putting each spool's string in its marker's place: a
// parquetLong for a marker alone in its string, else the string read whole.
type parquetRecord struct {
	spools  []splice
	markers int // the markers put back
	// The record's size with the spools' strings in it: unescaped for a
	// parquetLong, escaped for a string read whole.
	size int
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
// spool's string (past what the marker follows of it: skip): a
// parquetLong of the spools' strings and the text around them.
func (d *parquetRecord) unmarked(s string) (any, error) {
	if len(d.spools) == 0 || !strings.Contains(s, markOpen) {
		return s, nil
	}
	var parts []parquetLong
	for {
		i := strings.Index(s, markOpen)
		if i < 0 {
			break
		}
		end := strings.Index(s[i:], markClose)
		if end < 0 {
			break // counted as no marker: the record is read whole
		}
		n, err := strconv.Atoi(s[i+len(markOpen) : i+end])
		if err != nil || n < 0 || n >= len(d.spools) {
			break
		}
		long, err := spooledString(d.spools[n].spool, d.spools[n].skip)
		if err != nil {
			return nil, err
		}
		parts = append(parts, textLong(s[:i]), long)
		d.markers++
		d.size += int(long.size) - (end + len(markClose))
		s = s[i+end+len(markClose):]
	}
	return joinLongs(append(parts, textLong(s))), nil
}

// hasNullMember reports whether v, a row, has a member whose value is
// null, other than a content: the reader leaves out every other null
// member (dropNulls), as a struct column cannot tell null from absent.
func hasNullMember(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, item := range x {
			if item == nil && k != "content" || hasNullMember(item) {
				return true
			}
		}
	case []any:
		for _, item := range x {
			if hasNullMember(item) {
				return true
			}
		}
	}
	return false
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
		if !inFloat64Range(v) {
			return kindJSON // 1e400 or 1e-400, kept as written
		}
		return kindFloat
	case string, parquetLong:
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

// inFloat64Range says whether n, a number with a fraction or exponent, is
// neither too large for a float64 nor so small it would read back as 0.
func inFloat64Range(n json.Number) bool {
	f, err := n.Float64()
	if err != nil {
		return false
	}
	mantissa, _, _ := strings.Cut(strings.ToLower(string(n)), "e")
	return f != 0 || strings.Trim(mantissa, "-0.") == ""
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
		t.kind, t.fields, t.elem = kindJSON, nil, nil
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

// field is the Parquet column of t, called name.
func (t *jsonType) field(name string) parquetfile.Field {
	f := parquetfile.Field{Name: name}
	switch t.kind {
	case kindBool:
		f.Kind = parquetfile.Bool
	case kindInt:
		f.Kind = parquetfile.Int64
	case kindFloat:
		f.Kind = parquetfile.Double
	case kindNone, kindString:
		f.Kind = parquetfile.String
	case kindObject:
		f.Kind = parquetfile.Struct
		for _, name := range slices.Sorted(maps.Keys(t.fields)) {
			f.Fields = append(f.Fields, t.fields[name].field(name))
		}
	case kindArray:
		f.Kind = parquetfile.List
		elem := t.elem.field("element")
		f.Elem = &elem
	default:
		f.Kind = parquetfile.JSON
	}
	return f
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
		return jsonColumn(v)
	case k == t.kind || k == kindInt && t.kind == kindFloat:
	case t.kind == kindNone && k == kindString:
	default:
		return nil, fmt.Errorf("%s is %s, the column holds %s", orRoot(ptr), kindWords[k], kindWords[t.kind])
	}
	switch v := v.(type) {
	case json.Number:
		if t.kind == kindInt {
			return v.Int64()
		}
		return v.Float64()
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
