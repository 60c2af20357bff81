package parquetfile

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/format"
)

// A Long is a byte array passed in parts: WriteTo writes it, Size bytes,
// a part at a time, as many times as asked.
type Long interface {
	Size() int64
	WriteTo(w io.Writer) (int64, error)
}

// pageSize is how many bytes of values a page holds before it ends at the
// next row; a row's values in one column may make it longer.
const pageSize = 1 << 20

// longValue is the length from which a value ends its page with its row.
// A Long must: it may not be read once Write has returned. So does a
// string as long as one, so that a value makes the same file whether it
// was given as a string or a Long (convkit's are 64 KiB at least).
const longValue = 64 << 10

// heldValues is how many bytes of a page's values are held in memory
// before they go to the scratch file (a row of many values in a column).
const heldValues = 4 << 20

// maxPage is the largest page the format can tell the size of.
const maxPage = math.MaxInt32

// column is a leaf column: the page being filled and the row group's
// pages before it.
type column struct {
	path       []string
	kind       Kind
	typ        format.Type
	maxDef     uint8
	maxRep     uint8
	defs, reps []uint8 // the page's levels
	nulls      int
	rows       int
	values     []byte  // the page's values not yet in parts
	parts      []part  // the page's values before those
	size       int64   // the page's values' size, parts and values
	long       bool    // a value of longValue bytes or more: the page ends with the row
	bools      int     // Bool: the values' bits written to values
	chunk      chunk   // the row group's pages
	bounds     bounds  // the row group's values' bounds
	meta       metrics // the row group's figures
}

// metrics are a column chunk's figures, for its metadata.
type metrics struct {
	values            int64
	nulls             int64
	compressed, plain int64
	written           bool
}

func newColumn(path []string, k Kind, typ format.Type, def, rep uint8) *column {
	return &column{path: path, kind: k, typ: typ, maxDef: def, maxRep: rep}
}

// add adds a value at levels rep and def: a null below maxDef.
func (c *column) add(rep, def uint8, v any, w *Writer) error {
	if c.maxRep > 0 {
		c.reps = append(c.reps, rep)
	}
	c.defs = append(c.defs, def)
	if rep == 0 {
		c.rows++
	}
	if def < c.maxDef {
		c.nulls++
		return nil
	}
	switch c.kind {
	case Bool:
		b, ok := v.(bool)
		if !ok {
			return c.mismatch(v)
		}
		if c.bools%8 == 0 {
			c.values = append(c.values, 0)
			c.size++
		}
		if b {
			c.values[len(c.values)-1] |= 1 << (c.bools % 8)
		}
		c.bools++
		return nil
	case Int64:
		n, ok := v.(int64)
		if !ok {
			return c.mismatch(v)
		}
		c.values = binary.LittleEndian.AppendUint64(c.values, uint64(n))
		c.size += 8
		c.bounds.addInt(n)
	case Double:
		f, ok := v.(float64)
		if !ok {
			return c.mismatch(v)
		}
		c.values = binary.LittleEndian.AppendUint64(c.values, math.Float64bits(f))
		c.size += 8
		c.bounds.addFloat(f)
	default:
		switch v := v.(type) {
		case string:
			if int64(len(v)) > maxPage-4 {
				return c.tooLong(int64(len(v)))
			}
			c.values = binary.LittleEndian.AppendUint32(c.values, uint32(len(v)))
			c.values = append(c.values, v...)
			c.size += 4 + int64(len(v))
			c.bounds.addString(v)
			c.long = c.long || len(v) >= longValue
		case Long:
			n := v.Size()
			if n > maxPage-4 {
				return c.tooLong(n)
			}
			c.values = binary.LittleEndian.AppendUint32(c.values, uint32(n))
			c.size += 4 + n
			c.parts = append(c.parts, part{held: c.values}, part{long: v, n: n})
			c.values, c.long = nil, true
			c.bounds.unbounded = true
		default:
			return c.mismatch(v)
		}
	}
	if len(c.values) > heldValues {
		var err error
		c.parts, err = w.setAside(c.parts, c.values)
		c.values = c.values[:0]
		return err
	}
	return nil
}

func (c *column) mismatch(v any) error {
	return fmt.Errorf("parquet: column %s takes no %T", c.name(), v)
}

func (c *column) tooLong(n int64) error {
	return fmt.Errorf("parquet: a value of %d bytes in column %s is past the 2 GiB a Parquet page can hold", n, c.name())
}

func (c *column) name() string {
	name := ""
	for i, p := range c.path {
		if i > 0 {
			name += "."
		}
		name += p
	}
	return name
}

// endPage writes the page, if it has any value, to the chunk.
func (c *column) endPage(w *Writer) error {
	if len(c.defs) == 0 {
		return nil
	}
	if c.size > maxPage-1<<16 {
		return c.tooLong(c.size)
	}
	reps, err := encodeLevels(c.reps, c.maxRep)
	if err != nil {
		return err
	}
	defs, err := encodeLevels(c.defs, c.maxDef)
	if err != nil {
		return err
	}
	var compressed []byte
	var aside part
	if len(c.parts) == 0 {
		compressed, err = w.compress(c.values)
	} else {
		aside, err = w.compressParts(append(c.parts, part{held: c.values}))
	}
	if err != nil {
		return err
	}
	levels := int64(len(reps) + len(defs))
	size := int64(len(compressed)) + aside.n
	if levels+size > maxPage || levels+c.size > maxPage {
		return c.tooLong(c.size)
	}
	header := format.PageHeader{
		Type:                 format.DataPageV2,
		UncompressedPageSize: int32(levels + c.size),
		CompressedPageSize:   int32(levels + size),
	}
	header.DataPageHeaderV2.V = format.DataPageHeaderV2{
		NumValues:                  int32(len(c.defs)),
		NumNulls:                   int32(c.nulls),
		NumRows:                    int32(c.rows),
		Encoding:                   format.Plain,
		DefinitionLevelsByteLength: int32(len(defs)),
		RepetitionLevelsByteLength: int32(len(reps)),
		Statistics:                 format.Statistics{NullCount: int64(c.nulls)},
	}
	header.DataPageHeaderV2.Valid = true
	b, err := w.header(&header)
	if err != nil {
		return err
	}
	if len(c.parts) == 0 {
		err = c.chunk.add(w, b, reps, defs, compressed)
	} else {
		err = c.chunk.add(w, b, reps, defs)
		c.chunk.addPart(aside)
	}
	if err != nil {
		return err
	}
	c.meta.values += int64(len(c.defs))
	c.meta.nulls += int64(c.nulls)
	c.meta.plain += int64(len(b)) + levels + c.size
	c.meta.compressed += int64(len(b)) + levels + size

	c.defs, c.reps, c.values, c.parts = c.defs[:0], c.reps[:0], c.values[:0], c.parts[:0]
	c.nulls, c.rows, c.size, c.bools, c.long = 0, 0, 0, 0, false
	return nil
}

// encodeLevels encodes levels in RLE, without the length version 1 pages
// put before them; none for a column that has no such levels.
func encodeLevels(levels []uint8, max uint8) ([]byte, error) {
	if max == 0 {
		return nil, nil
	}
	enc := rle.Encoding{BitWidth: int(levelWidth(max))}
	return enc.EncodeLevels(nil, levels)
}

// part is some of a page's values: held bytes, bytes set aside in the
// scratch file, or a Long.
type part struct {
	held  []byte
	at, n int64 // aside: where in the scratch file; a Long's size too
	aside bool
	long  Long
}

// chunk is a column chunk's pages: bytes held, then set aside in the
// scratch file once there are more than heldChunk, and the parts of the
// scratch file the pages with long values were compressed to.
type chunk struct {
	parts []part
	held  []byte
}

// heldChunk is how much of a column chunk is held in memory before it goes
// to the scratch file.
const heldChunk = 1 << 20

func (ch *chunk) add(w *Writer, bs ...[]byte) error {
	for _, b := range bs {
		ch.held = append(ch.held, b...)
	}
	if len(ch.held) <= heldChunk {
		return nil
	}
	var err error
	ch.parts, err = w.setAside(ch.parts, ch.held)
	ch.held = ch.held[:0]
	return err
}

// addPart adds bytes set aside after the chunk's.
func (ch *chunk) addPart(p part) {
	if len(ch.held) > 0 {
		ch.parts = append(ch.parts, part{held: ch.held})
		ch.held = nil
	}
	ch.parts = append(ch.parts, p)
}
