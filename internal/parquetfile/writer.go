package parquetfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/convkit/convkit/internal/spool"
)

var magic = []byte("PAR1")

// A Writer writes rows to a Parquet file, a row group at a time (Flush).
// It holds about a megabyte of each column's pages; the rest of a row
// group, and every page with a Long in it, compressed, wait in a scratch
// file (removed when the Writer is closed, or at once where the system
// allows it) until the row group ends.
type Writer struct {
	w          io.Writer
	written    int64 // bytes written to w
	name       string
	fields     []*node
	columns    []*column
	schema     []format.SchemaElement
	rows       int64 // the row group's
	groups     []format.RowGroup
	total      int64 // rows in the row groups written
	createdBy  string
	zstd       *zstd.Encoder
	compressed bytes.Buffer // the last held page, compressed
	scratch    *spool.File  // made when first needed
	tempDir    string       // where the scratch file is made
	err        error        // the first error: the file is not whole
	thrift     thrift.Protocol
}

// Options are a Writer's settings.
type Options struct {
	// CreatedBy names the program in the file's metadata.
	CreatedBy string
	// TempDir is where the scratch file is made: the system's temporary
	// directory if "".
	TempDir string
}

// NewWriter returns a Writer of rows with the given fields (the columns of
// a root group called name) to w. It writes nothing until the first row
// group ends, or Close.
func NewWriter(w io.Writer, name string, fields []Field, opts Options) (*Writer, error) {
	pw := &Writer{w: w, name: name, createdBy: opts.CreatedBy, tempDir: opts.TempDir, thrift: new(thrift.CompactProtocol)}
	if len(fields) == 0 {
		return nil, errors.New("parquet: no column")
	}
	root := format.SchemaElement{Name: name, NumChildren: thrift.New(int32(len(fields)))}
	pw.schema = append(pw.schema, root)
	var err error
	if pw.fields, err = compile(fields, nil, 0, 0, &pw.columns, &pw.schema); err != nil {
		return nil, err
	}
	pw.zstd, err = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false))
	return pw, err
}

// Write adds a row: a map of the fields' names to their values (see Kind),
// nil or absent for a null. A Long is read before Write returns.
func (w *Writer) Write(row map[string]any) error {
	if w.err != nil {
		return w.err
	}
	if err := w.shred(w.fields, row, 0, 0); err != nil {
		return w.fail(err)
	}
	w.rows++
	for _, c := range w.columns {
		if c.long || c.size >= pageSize || len(c.defs) >= pageSize {
			if err := c.endPage(w); err != nil {
				return w.fail(err)
			}
		}
	}
	return nil
}

func (w *Writer) fail(err error) error {
	w.err = err
	return err
}

// shred adds the values of the fields of a struct present at def,
// repeated at rep, to their columns.
func (w *Writer) shred(fields []*node, m map[string]any, rep, def uint8) error {
	found := 0
	for _, n := range fields {
		v, ok := m[n.name]
		if ok {
			found++
		}
		if err := w.value(n, v, rep, def); err != nil {
			return err
		}
	}
	if found < len(m) {
		for name := range m {
			if !has(fields, name) {
				return fmt.Errorf("parquet: no column holds %q", name)
			}
		}
	}
	return nil
}

func has(fields []*node, name string) bool {
	for _, n := range fields {
		if n.name == name {
			return true
		}
	}
	return false
}

// value adds v, the value of n in a parent present at def, repeated at
// rep, to the columns under n.
func (w *Writer) value(n *node, v any, rep, def uint8) error {
	if v == nil {
		return w.nulls(n, rep, def)
	}
	switch n.kind {
	case Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("parquet: struct %q takes no %T", n.name, v)
		}
		return w.shred(n.children, m, rep, n.def)
	case List:
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("parquet: list %q takes no %T", n.name, v)
		}
		if len(a) == 0 {
			return w.nulls(n.elem, rep, n.def)
		}
		for i, x := range a {
			r := rep
			if i > 0 {
				r = n.rep
			}
			if err := w.value(n.elem, x, r, n.def+1); err != nil {
				return err
			}
		}
		return nil
	}
	return n.col.add(rep, n.def, v, w)
}

// nulls adds a null at def to every column under n.
func (w *Writer) nulls(n *node, rep, def uint8) error {
	if n.col != nil {
		return n.col.add(rep, def, nil, w)
	}
	if n.elem != nil {
		return w.nulls(n.elem, rep, def)
	}
	for _, c := range n.children {
		if err := w.nulls(c, rep, def); err != nil {
			return err
		}
	}
	return nil
}

// Flush ends the row group, if it has a row, and writes it.
func (w *Writer) Flush() error {
	if w.err != nil || w.rows == 0 {
		return w.err
	}
	if w.written == 0 {
		if err := w.write(magic); err != nil {
			return err
		}
	}
	group := format.RowGroup{NumRows: w.rows, FileOffset: w.written, Ordinal: int16(len(w.groups))}
	for _, c := range w.columns {
		if err := c.endPage(w); err != nil {
			return w.fail(err)
		}
		at := w.written
		for _, p := range append(c.chunk.parts, part{held: c.chunk.held}) {
			if err := w.copyPart(w.w, p); err != nil {
				return w.fail(err)
			}
		}
		if w.written-at != c.meta.compressed {
			return w.fail(fmt.Errorf("parquet: column %s: wrote %d bytes of %d", c.name(), w.written-at, c.meta.compressed))
		}
		group.Columns = append(group.Columns, format.ColumnChunk{
			FileOffset: at,
			MetaData: format.ColumnMetaData{
				Type:                  c.typ,
				Encoding:              []format.Encoding{format.Plain, format.RLE},
				PathInSchema:          c.path,
				Codec:                 format.Zstd,
				NumValues:             c.meta.values,
				TotalUncompressedSize: c.meta.plain,
				TotalCompressedSize:   c.meta.compressed,
				DataPageOffset:        at,
				Statistics:            c.bounds.statistics(c.kind, c.meta.nulls),
			},
		})
		group.TotalByteSize += c.meta.plain
		group.TotalCompressedSize += c.meta.compressed
		c.chunk = chunk{held: c.chunk.held[:0]}
		c.meta, c.bounds = metrics{}, bounds{min: c.bounds.min[:0], max: c.bounds.max[:0]}
	}
	w.groups = append(w.groups, group)
	w.total += w.rows
	w.rows = 0
	if w.scratch != nil {
		return w.fail(w.scratch.Reset())
	}
	return nil
}

// Close writes the last row group and the file's metadata, and removes the
// scratch file. It does not close the writer it was given.
func (w *Writer) Close() error {
	err := w.Flush()
	if err == nil && w.written == 0 {
		err = w.write(magic)
	}
	if err == nil {
		var footer []byte
		footer, err = thrift.Marshal(w.thrift, &format.FileMetaData{
			Version:   2,
			Schema:    w.schema,
			NumRows:   w.total,
			RowGroups: w.groups,
			CreatedBy: w.createdBy,
			// The bounds are ordered as their types are.
			ColumnOrders: slices.Repeat([]format.ColumnOrder{{Value: &format.TypeDefinedOrder{}}}, len(w.columns)),
		})
		if err == nil {
			footer = binary.LittleEndian.AppendUint32(footer, uint32(len(footer)))
			err = w.write(append(footer, magic...))
		}
	}
	if w.scratch != nil {
		if cerr := w.scratch.Close(); err == nil {
			err = cerr
		}
		w.scratch = nil
	}
	w.zstd.Close()
	if err != nil {
		w.err = err
	}
	return err
}

func (w *Writer) write(b []byte) error {
	n, err := w.w.Write(b)
	w.written += int64(n)
	if err != nil {
		return w.fail(err)
	}
	return nil
}

// header encodes a page header.
func (w *Writer) header(h *format.PageHeader) ([]byte, error) {
	return thrift.Marshal(w.thrift, h)
}

// scratchAppend puts b aside in the scratch file and says where.
func (w *Writer) scratchAppend(b []byte) (int64, error) {
	if w.scratch == nil {
		var err error
		if w.scratch, err = spool.Scratch(w.tempDir); err != nil {
			return 0, err
		}
	}
	at := w.scratch.Size()
	_, err := w.scratch.Append(b)
	return at, err
}

// compress compresses a page's values, held. Pages are compressed as a
// stream whether held or not, so that the bytes are the same either way.
func (w *Writer) compress(values []byte) ([]byte, error) {
	w.compressed.Reset()
	w.zstd.Reset(&w.compressed)
	if _, err := w.zstd.Write(values); err != nil {
		return nil, err
	}
	err := w.zstd.Close()
	return w.compressed.Bytes(), err
}

// setAside moves held to the scratch file, as the next of parts.
func (w *Writer) setAside(parts []part, held []byte) ([]part, error) {
	at, err := w.scratchAppend(held)
	if err != nil {
		return parts, err
	}
	return append(parts, part{at: at, n: int64(len(held)), aside: true}), nil
}

// compressParts compresses a page's values, given in parts, to the
// scratch file, and returns that part of it.
func (w *Writer) compressParts(parts []part) (part, error) {
	at, err := w.scratchAppend(nil)
	if err != nil {
		return part{}, err
	}
	w.zstd.Reset(scratchWriter{w.scratch})
	// Written, not read from (ReadFrom): the encoder's blocks would then
	// start at each part, and the bytes differ from a held page's.
	zstdWriter := struct{ io.Writer }{w.zstd}
	for _, p := range parts {
		if err := w.copyPart(zstdWriter, p); err != nil {
			return part{}, err
		}
	}
	if err := w.zstd.Close(); err != nil {
		return part{}, err
	}
	return part{at: at, n: w.scratch.Size() - at, aside: true}, nil
}

// copyPart copies p to dst, counting what goes to the file.
func (w *Writer) copyPart(dst io.Writer, p part) error {
	if dst == w.w {
		dst = countingWriter{w}
	}
	switch {
	case p.long != nil:
		n, err := p.long.WriteTo(dst)
		if err == nil && n != p.n {
			err = fmt.Errorf("parquet: a long value wrote %d bytes, not the %d it had", n, p.n)
		}
		return err
	case p.aside:
		_, err := io.Copy(struct{ io.Writer }{dst}, io.NewSectionReader(w.scratch, p.at, p.n))
		return err
	}
	_, err := dst.Write(p.held)
	return err
}

type countingWriter struct{ w *Writer }

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.w.Write(b)
	c.w.written += int64(n)
	return n, err
}

type scratchWriter struct{ f *spool.File }

func (s scratchWriter) Write(b []byte) (int, error) { return s.f.Append(b) }
