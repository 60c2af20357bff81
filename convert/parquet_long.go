package convert

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/spool"
)

// A parquetLong is a string of a row that the Parquet writer copies to its
// page in parts (a parquetfile.Long): a spooled string, with the text
// around it in the record, escaped when it is in a JSON column's value.
type parquetLong struct {
	size  int64
	write func(w io.Writer) error
}

func (l parquetLong) Size() int64 { return l.size }

func (l parquetLong) WriteTo(w io.Writer) (int64, error) {
	c := &countingWriter{w: w}
	err := l.write(c)
	return c.n, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// copyInParts copies r to w a buffer at a time: Read, not WriteTo, so
// that nothing reads it whole.
func copyInParts(w io.Writer, r io.Reader) error {
	_, err := io.Copy(struct{ io.Writer }{w}, struct{ io.Reader }{r})
	return err
}

// textLong is the parquetLong of s.
func textLong(s string) parquetLong {
	return parquetLong{size: int64(len(s)), write: func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}}
}

// joinLongs is the parquetLong of parts one after the other.
func joinLongs(parts []parquetLong) parquetLong {
	parts = slices.DeleteFunc(parts, func(p parquetLong) bool { return p.size == 0 })
	if len(parts) == 1 {
		return parts[0]
	}
	var size int64
	for _, p := range parts {
		size += p.size
	}
	return parquetLong{size: size, write: func(w io.Writer) error {
		for _, p := range parts {
			if err := p.write(w); err != nil {
				return err
			}
		}
		return nil
	}}
}

// spooledString is the parquetLong of a spool's string past its first
// skip bytes.
func spooledString(sp chat.Spool, skip int) (parquetLong, error) {
	write := func(w io.Writer) error {
		r := sp.Open()
		if skip > 0 {
			if _, err := io.CopyN(io.Discard, r, int64(skip)); err != nil {
				return err
			}
		}
		return copyInParts(w, r)
	}
	if sized, ok := sp.Open().(interface{ Size() int64 }); ok {
		return parquetLong{size: max(sized.Size()-int64(skip), 0), write: write}, nil
	}
	return sized(write)
}

// sized is the parquetLong write writes, measured by writing it once.
func sized(write func(w io.Writer) error) (parquetLong, error) {
	c := &countingWriter{w: io.Discard}
	if err := write(c); err != nil {
		return parquetLong{}, err
	}
	return parquetLong{size: c.n, write: write}, nil
}

// keptLong copies l to the end of f and returns the parquetLong of the
// copy: a held row's, whose spool a reader may let go.
func keptLong(f *spool.File, l parquetLong) (parquetLong, error) {
	at := f.Size()
	if _, err := l.WriteTo(appender{f}); err != nil {
		return parquetLong{}, err
	}
	return parquetLong{size: l.size, write: func(w io.Writer) error {
		return copyInParts(w, io.NewSectionReader(f, at, l.size))
	}}, nil
}

type appender struct{ f *spool.File }

func (a appender) Write(b []byte) (int, error) { return a.f.Append(b) }

// jsonColumn is v as a JSON column holds it, written as json.Marshal
// writes it: a string, or a parquetLong when v holds one, whose string is
// escaped as it is copied.
func jsonColumn(v any) (any, error) {
	var r jsonRender
	if err := r.value(v); err != nil {
		return nil, err
	}
	if len(r.parts) == 0 {
		return string(r.b), nil
	}
	return joinLongs(append(r.parts, textLong(string(r.b)))), nil
}

// jsonRender renders a decoded JSON value, its parquetLongs as parts.
type jsonRender struct {
	b     []byte
	parts []parquetLong
}

func (r *jsonRender) value(v any) error {
	switch x := v.(type) {
	case nil:
		r.b = append(r.b, "null"...)
	case bool:
		r.b = strconv.AppendBool(r.b, x)
	case json.Number:
		r.b = append(r.b, x...)
	case string:
		r.b = append(appendMarshaled(append(r.b, '"'), x), '"')
	case parquetLong:
		escaped, err := sized(func(w io.Writer) error {
			e := NewMarshaledEscaper(w)
			if _, err := x.WriteTo(e); err != nil {
				return err
			}
			return e.Flush()
		})
		if err != nil {
			return err
		}
		r.parts = append(r.parts, textLong(string(append(r.b, '"'))), escaped)
		r.b = []byte{'"'}
	case []any:
		r.b = append(r.b, '[')
		for i, item := range x {
			if i > 0 {
				r.b = append(r.b, ',')
			}
			if err := r.value(item); err != nil {
				return err
			}
		}
		r.b = append(r.b, ']')
	case map[string]any:
		r.b = append(r.b, '{')
		for i, k := range slices.Sorted(maps.Keys(x)) {
			if i > 0 {
				r.b = append(r.b, ',')
			}
			r.b = append(appendMarshaled(append(r.b, '"'), k), '"', ':')
			if err := r.value(x[k]); err != nil {
				return err
			}
		}
		r.b = append(r.b, '}')
	default:
		return fmt.Errorf("parquet: no JSON for a %T", v)
	}
	return nil
}
