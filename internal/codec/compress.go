package codec

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Kind is a compression or archive format, named as users say it.
type Kind string

// The kinds Sniff recognises. None is a file as it is.
const (
	None  Kind = ""
	Gzip  Kind = "gzip"
	Zstd  Kind = "zstd"
	Bzip2 Kind = "bzip2"
	Xz    Kind = "xz"
	Zip   Kind = "zip"
)

// magics are the first bytes of each kind. Only the 4-byte local file
// header starts a zip worth reading; an empty zip starts with the end record.
var magics = []struct {
	kind  Kind
	magic []byte
}{
	{Gzip, []byte{0x1f, 0x8b}},
	{Zstd, []byte{0x28, 0xb5, 0x2f, 0xfd}},
	{Bzip2, []byte("BZh")},
	{Xz, []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}},
	{Zip, []byte("PK\x03\x04")},
	{Zip, []byte("PK\x05\x06")},
}

// Sniff returns the kind whose magic bytes head starts with, or None.
func Sniff(head []byte) Kind {
	for _, m := range magics {
		if bytes.HasPrefix(head, m.magic) {
			return m.kind
		}
	}
	return None
}

// extensions map the file name endings of each kind, for TrimExt and
// ForName.
var extensions = map[string]Kind{".gz": Gzip, ".gzip": Gzip, ".zst": Zstd, ".zstd": Zstd, ".bz2": Bzip2, ".xz": Xz, ".zip": Zip}

// TrimExt returns name without a compression extension, so that
// "train.jsonl.gz" still hints at JSON Lines.
func TrimExt(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if k, ok := extensions[ext]; ok && k != Zip {
		return name[:len(name)-len(ext)]
	}
	return name
}

// ForName returns the compression a file name asks for by its extension
// (".gz", ".zst"), or None.
func ForName(name string) Kind {
	k := extensions[strings.ToLower(filepath.Ext(name))]
	if k == Gzip || k == Zstd {
		return k
	}
	return None
}

// ForExt returns the compression a file name's extension names, of any
// kind convkit reads (".xz", ".zip" too), or None.
func ForExt(name string) Kind { return extensions[strings.ToLower(filepath.Ext(name))] }

// ParseKind reads a --compress value: gzip (gz), zstd (zst) or none.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(s) {
	case "gzip", "gz":
		return Gzip, nil
	case "zstd", "zst":
		return Zstd, nil
	case "none", "":
		return None, nil
	}
	return None, fmt.Errorf("unknown compression %q (known: gzip, zstd, none)", s)
}

// decompress returns r's decompressed stream if it starts with a codec's
// magic bytes; r itself, buffered, if it does not; and the kind found.
// Multi-member gzip files and concatenated zstd frames read as one stream.
func decompress(r io.Reader) (io.ReadCloser, Kind, error) {
	br, ok := r.(*bufio.Reader) // Open's, sized to the file
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	head, err := br.Peek(8)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, None, err
	}
	kind := Sniff(head)
	var dr io.Reader
	closeFn := func() {}
	switch kind {
	case Gzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, kind, &Error{Kind: kind, Line: 1, Err: err}
		}
		dr, closeFn = zr, func() { zr.Close() }
	case Zstd:
		// Low memory and one goroutine: counting is the slow part, and the
		// window a frame asks for is the only buffer worth its size.
		zr, err := zstd.NewReader(br, zstd.WithDecoderLowmem(true), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, kind, &Error{Kind: kind, Line: 1, Err: err}
		}
		dr, closeFn = zr, zr.Close
	case Bzip2:
		dr = bzip2.NewReader(br)
	case Xz:
		zr, err := xz.NewReader(br)
		if err != nil {
			return nil, kind, &Error{Kind: kind, Line: 1, Err: err}
		}
		dr = zr
	default:
		return io.NopCloser(br), kind, nil
	}
	return readAhead(&lineReader{r: dr, kind: kind, line: 1, close: closeFn}), kind, nil
}

// Error is a failure inside compressed data: the codec, the line of the
// decompressed stream being read when it failed, and the cause.
type Error struct {
	Kind Kind
	Line int
	Err  error
}

func (e *Error) Error() string {
	if errors.Is(e.Err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("%s data ends early, in line %d of the decompressed stream (a truncated file?)", e.Kind, e.Line)
	}
	return fmt.Sprintf("%s data broken in line %d of the decompressed stream: %v", e.Kind, e.Line, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// lineReader counts the lines of a decompressed stream, so that an error of
// the codec can say where it stopped.
type lineReader struct {
	r     io.Reader
	kind  Kind
	line  int
	close func()
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.line += bytes.Count(p[:n], []byte{'\n'})
	if err != nil && err != io.EOF {
		err = &Error{Kind: l.kind, Line: l.line, Err: err}
	}
	return n, err
}

func (l *lineReader) Close() error {
	l.close()
	return nil
}

// NewWriter returns a writer that compresses to w as kind asks (gzip or
// zstd; None gives w itself). Close finishes the compressed stream but does
// not close w.
func NewWriter(w io.Writer, kind Kind) (io.WriteCloser, error) {
	switch kind {
	case None:
		return nopWriteCloser{w}, nil
	case Gzip:
		return gzip.NewWriterLevel(w, gzip.DefaultCompression)
	case Zstd:
		return zstd.NewWriter(w, zstd.WithEncoderConcurrency(1))
	}
	return nil, fmt.Errorf("convkit cannot write %s", kind)
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// readAhead decompresses in its own goroutine, a few blocks ahead of the
// reader, so that decompressing and parsing run on two cores as a pipe
// from zstdcat would.
func readAhead(r io.ReadCloser) io.ReadCloser {
	ra := &aheadReader{under: r, full: make(chan []byte, aheadBlocks), free: make(chan []byte, aheadBlocks+1), done: make(chan struct{})}
	for range aheadBlocks + 1 {
		ra.free <- make([]byte, aheadBlockSize)
	}
	go func() {
		defer close(ra.full)
		for {
			var buf []byte
			select {
			case buf = <-ra.free:
			case <-ra.done:
				return
			}
			n, err := io.ReadFull(r, buf[:cap(buf)])
			if n > 0 {
				ra.full <- buf[:n]
			}
			if err != nil {
				if err == io.ErrUnexpectedEOF {
					err = io.EOF // a short last block
				}
				ra.err = err
				return
			}
		}
	}()
	return ra
}

const (
	aheadBlocks    = 4
	aheadBlockSize = 256 << 10
)

type aheadReader struct {
	full, free chan []byte
	done       chan struct{}
	cur, block []byte
	err        error // set before full is closed
	closed     bool
	under      io.Closer // closed once the goroutine is done with it
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.block != nil {
			a.free <- a.block[:cap(a.block)]
			a.block = nil
		}
		b, ok := <-a.full
		if !ok {
			return 0, a.err
		}
		a.block, a.cur = b, b
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

func (a *aheadReader) Close() error {
	if !a.closed {
		a.closed = true
		close(a.done)
		for range a.full { // let the goroutine finish its read and go
		}
		a.under.Close()
	}
	return nil
}
