package count

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
	"unsafe"
)

// chunkSize is how much text Stream counts at once, at least.
var chunkSize = 256 << 10

// Stream counts the tokens of all the UTF-8 text r holds, as Text would
// count it in one piece, on workers goroutines and in bounded memory.
//
// The text is cut in chunks of at least chunkSize bytes where the
// encoding's pieces allow (see bpe's Cut), so that the counts of the chunks
// add up to the count of the whole. A stretch of megabytes with no such
// place, which is one piece or a run of pieces of one kind (white space
// only, symbols only, letters or digits only), is held whole. Text that is
// not UTF-8 is an error that gives the offset of the first bad byte.
func (c *Counter) Stream(r io.Reader, workers int) (int, error) {
	var (
		buf     []byte
		offset  int64 // of buf[0] in the stream
		scanned int   // buf[:scanned] has no cut point past chunkSize
		done    bool
		rbuf    = make([]byte, 64<<10)
	)
	next := func() (string, error) {
		for !done {
			if len(buf) > chunkSize {
				if cut := c.enc.Cut(buf, max(chunkSize, scanned)); cut > 0 {
					chunk := buf[:cut]
					if err := checkUTF8(chunk, offset); err != nil {
						return "", err
					}
					// The chunk keeps buf's memory; the rest moves on.
					buf, offset, scanned = append(make([]byte, 0, max(2*chunkSize, len(buf)-cut)), buf[cut:]...), offset+int64(cut), 0
					return unsafe.String(&chunk[0], len(chunk)), nil
				}
				scanned = max(len(buf)-utf8.UTFMax, 0)
			}
			n, err := r.Read(rbuf)
			buf = append(buf, rbuf[:n]...)
			if errors.Is(err, io.EOF) {
				done = true
			} else if err != nil {
				return "", err
			}
		}
		if len(buf) == 0 {
			return "", io.EOF
		}
		if err := checkUTF8(buf, offset); err != nil {
			return "", err
		}
		s := unsafe.String(&buf[0], len(buf))
		buf = nil
		return s, nil
	}
	total := 0
	err := Ordered(workers, next, c.Text, func(n int) error { total += n; return nil })
	return total, err
}

// NotUTF8Error is text that tiktoken cannot count as it stands.
type NotUTF8Error struct {
	Offset int64 // of the first bad byte
}

func (e *NotUTF8Error) Error() string {
	return fmt.Sprintf("not UTF-8 text (byte %d): tiktoken counts UTF-8 text only", e.Offset)
}

func checkUTF8(b []byte, offset int64) error {
	if utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return &NotUTF8Error{Offset: offset + int64(i)}
		}
		i += n
	}
	return nil
}
