package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/spool"
)

// parquetFormat is Apache Parquet as Hugging Face ships datasets: one row
// per conversation, a "messages" column (a list of structs {role, content},
// content a string or a list of parts), ShareGPT's "conversations" (a
// list of structs {from, value}), or TRL's "prompt" and "completion" or
// "chosen" and "rejected" (strings or lists of messages, read as
// trl-completion, trl-unpaired and trl-preference read them); every other
// column is kept as a field of the conversation. It is read a row group at a time, through random access
// to the file (its index is at its end), and written with zstd compression
// in row groups of parquetGroupRows conversations.
var parquetFormat = &Format{
	Name:        "parquet",
	Description: "Apache Parquet datasets (Hugging Face): a messages or conversations column, other columns kept; read a row group at a time",
	Extensions:  []string{".parquet"},
	NewDecoder:  newParquetDecoder,
	NewEncoder:  newParquetEncoder,
	Binary:      true,
	Sniff: func(s *Shape) int {
		if bytes.HasPrefix(s.Head, parquetMagic) {
			return 100
		}
		return 0
	},
	// A spooled string goes to its page in parts (parquetLong).
	PassesLong: true,
	pairs:      true,
	signatures: true,
}

var parquetMagic = []byte("PAR1")

// The row groups convkit writes hold parquetGroupRows conversations, or
// fewer when they pass parquetGroupBytes of JSON: a writer holds the first
// group's rows (the columns are taken from them), and a reader one group's
// pages.
const (
	parquetGroupRows  = 1000
	parquetGroupBytes = 32 << 20
)

// RandomAccess is an input that can also be read at any offset: a Parquet
// decoder reads through it when NewDecoder is given one.
type RandomAccess interface {
	io.Reader
	io.ReaderAt
	Size() int64
}

// WithRandomAccess returns r, which reads the same bytes as at from its
// start, with at's random access; r itself when at is nil.
func WithRandomAccess(r io.Reader, at io.ReaderAt, size int64) io.Reader {
	if at == nil {
		return r
	}
	return &randomAccess{Reader: r, ReaderAt: at, size: size}
}

type randomAccess struct {
	io.Reader
	io.ReaderAt
	size int64
}

func (r *randomAccess) Size() int64 { return r.size }

type parquetDecoder struct {
	r      io.Reader
	jr     jsonReader
	file   *parquet.File
	groups []parquet.RowGroup
	rows   parquet.Rows
	buf    []parquet.Row
	held   []parquet.Row // read, not yet given
	row    int           // rows given so far, for messages
	line   bytes.Buffer  // the last row as JSON
	err    error
	// spooled is the copy of an input with no random access, closed
	// (and so removed) when the decoder is done.
	spooled *spool.File
}

func newParquetDecoder(r io.Reader, opts DecodeOptions) Decoder {
	return &parquetDecoder{r: r, jr: newJSONReader(DecodeOptions{Warn: opts.Warn})}
}

// open reads the file's footer. An input with no random access (a pipe, a
// decompressed stream) is copied to a temporary file first, which the
// decoder removes when it has read the last row or failed (and which has
// no name from the start where the system allows it: see spool.Copy).
func (d *parquetDecoder) open() error {
	at, ok := d.r.(RandomAccess)
	if !ok {
		sf, err := spool.Copy("", d.r)
		if err != nil {
			return err
		}
		d.spooled, at = sf, &randomAccess{ReaderAt: sf, size: sf.Size()}
	}
	// The index, and the magic bytes again, are at the end.
	tail := make([]byte, len(parquetMagic))
	if at.Size() < 2*int64(len(parquetMagic)) {
		return &Error{Msg: "not a readable Parquet file: it ends before its index (a truncated file?)"}
	}
	if _, err := at.ReadAt(tail, at.Size()-int64(len(tail))); err != nil {
		return err
	}
	if !bytes.Equal(tail, parquetMagic) {
		return &Error{Msg: "not a readable Parquet file: it does not end with PAR1 as one does (a truncated file?)"}
	}
	if md := readFooter(at); md != nil {
		if err := checkLayout(md); err != nil {
			return err
		}
	}
	f, err := parquet.OpenFile(at, at.Size(), parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
	if err != nil {
		return &Error{Msg: fmt.Sprintf("not a readable Parquet file: %v", err)}
	}
	d.file, d.groups = f, f.RowGroups()
	d.buf = make([]parquet.Row, 64)
	return nil
}

func (d *parquetDecoder) Decode() (*chat.Conversation, error) {
	obj, data, err := d.nextRow()
	if err != nil {
		return nil, err
	}
	c, err := d.conversation(obj, data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			err = &Error{Msg: fmt.Sprintf("row %d: %s", d.row, e.Msg)}
		}
		d.fail(err)
	}
	return c, err
}

// fail makes err the answer to every later call, io.EOF included, and
// lets go of the input.
func (d *parquetDecoder) fail(err error) {
	d.err = err
	if d.rows != nil {
		d.rows.Close()
		d.rows = nil
	}
	if d.spooled != nil {
		d.spooled.Close()
		d.spooled = nil
	}
}

// nextRow returns the next row as the JSON object of its columns, null
// struct fields left out (see dropNulls), and as one line of JSON.
func (d *parquetDecoder) nextRow() (obj map[string]any, line []byte, err error) {
	// A damaged file can make the Parquet library panic: that is an error
	// in the input, not a crash.
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Msg: fmt.Sprintf("row %d: damaged Parquet file: %v", d.row, p)}
			obj, line = nil, nil
			d.fail(err)
		}
	}()
	if d.err != nil {
		return nil, nil, d.err
	}
	if d.file == nil {
		if err := d.open(); err != nil {
			d.fail(err)
			return nil, nil, err
		}
	}
	for len(d.held) == 0 {
		if d.rows == nil {
			if len(d.groups) == 0 {
				d.fail(io.EOF)
				return nil, nil, io.EOF
			}
			d.rows, d.groups = d.groups[0].Rows(), d.groups[1:]
		}
		n, err := d.rows.ReadRows(d.buf)
		d.held = d.buf[:n]
		if errors.Is(err, io.EOF) {
			d.rows.Close()
			d.rows = nil
		} else if err != nil {
			err = &Error{Msg: fmt.Sprintf("row %d: %v", d.row+n+1, err)}
			d.fail(err)
			return nil, nil, err
		}
	}
	row := d.held[0]
	d.held = d.held[1:]
	d.row++
	var v any
	err = d.file.Schema().Reconstruct(&v, row)
	obj, _ = dropNulls(v).(map[string]any)
	if err == nil {
		err = decodeJSONColumns(obj)
	}
	d.line.Reset()
	if err == nil {
		enc := json.NewEncoder(&d.line)
		enc.SetEscapeHTML(false)
		err = enc.Encode(obj)
	}
	if err != nil {
		err = &Error{Msg: fmt.Sprintf("row %d: %v", d.row, err)}
		d.fail(err)
		return nil, nil, err
	}
	return obj, d.line.Bytes(), nil
}

// conversation reads one row, the JSON object of its columns, in the
// layout its columns say.
func (d *parquetDecoder) conversation(obj map[string]any, data []byte) (*chat.Conversation, error) {
	v, err := parseJSON(data, 1)
	if err != nil {
		return nil, err
	}
	has := func(keys ...string) bool {
		return !slices.ContainsFunc(keys, func(k string) bool { return obj[k] == nil })
	}
	switch {
	case has("messages"):
		c, err := d.jr.conversation(v, "")
		return lineConversation(c), err
	case has("conversations"):
		return readShareGPT(v, "", d.jr.warn, nil)
	case has("chosen", "rejected"):
		return d.jr.preference(v, "")
	case has("prompt", "completion", "label"):
		return d.jr.unpaired(v, "")
	case has("prompt", "completion"):
		return d.jr.promptCompletion(v, "")
	}
	return nil, &Error{Msg: fmt.Sprintf("no messages, conversations, prompt and completion, or chosen and rejected columns (columns: %s)", strings.Join(slices.Sorted(maps.Keys(obj)), ", "))}
}

// ParquetRows returns the rows of the Parquet file r holds as JSON Lines, a
// row a line, each the JSON object the parquet format reads a conversation
// from: for readers of JSON, such as a schema validator, whose line numbers
// are then row numbers. r is read as the parquet format's decoder reads it
// (see WithRandomAccess).
func ParquetRows(r io.Reader) io.Reader {
	return &parquetRows{d: newParquetDecoder(r, DecodeOptions{}).(*parquetDecoder)}
}

type parquetRows struct {
	d    *parquetDecoder
	line []byte // what is left to give of the current line
}

func (p *parquetRows) Read(b []byte) (int, error) {
	if len(p.line) == 0 {
		_, line, err := p.d.nextRow()
		if err != nil {
			return 0, err
		}
		p.line = line
	}
	n := copy(b, p.line)
	p.line = p.line[n:]
	return n, nil
}

// dropNulls leaves out the null members of objects: a struct column has
// every field in every row, null where the conversation has none. A
// message's null content is kept, as convkit writes it.
func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == nil && k != "content" {
				delete(v, k)
				continue
			}
			v[k] = dropNulls(x)
		}
	case []any:
		for i, x := range v {
			v[i] = dropNulls(x)
		}
	}
	return v
}
