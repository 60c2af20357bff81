package count

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// chunkSize is how much text Stream counts at once, at least.
var chunkSize = 256 << 10

// Stream counts the tokens of all the UTF-8 text r holds, as Text would
// count it in one piece, on workers goroutines and in bounded memory.
//
// For o200k_base and cl100k_base the text is cut in chunks just after a
// line end followed by an ASCII letter or digit: no piece of those
// encodings' pre-tokenizing patterns spans such a place (a piece that holds
// a line end ends with line ends, or with "/" in o200k_base's punctuation
// piece), so the counts of the chunks add up to the count of the whole.
// The other encodings count the whole text at once. Text that is not UTF-8
// is an error that gives the offset of the first bad byte.
func (c *Counter) Stream(r io.Reader, workers int) (int, error) {
	cuttable := c.model.Encoding == "o200k_base" || c.model.Encoding == "cl100k_base"
	var (
		buf     []byte
		offset  int64 // of buf[0] in the stream
		scanned int   // buf[:scanned] has no cut point past chunkSize
		done    bool
		rbuf    = make([]byte, 64<<10)
	)
	next := func() (string, error) {
		for !done {
			if cuttable && len(buf) > chunkSize {
				if cut := cutPoint(buf, max(chunkSize, scanned)); cut > 0 {
					chunk := buf[:cut]
					if err := checkUTF8(chunk, offset); err != nil {
						return "", err
					}
					s := string(chunk)
					buf, offset, scanned = append(buf[:0], buf[cut:]...), offset+int64(cut), 0
					return s, nil
				}
				scanned = len(buf) - 1
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
		s := string(buf)
		buf = nil
		return s, nil
	}
	total := 0
	err := Ordered(workers, next, c.Text, func(n int) error { total += n; return nil })
	return total, err
}

// cutPoint returns the first i ≥ from where b[i-1] is '\n' and b[i] an
// ASCII letter or digit, or 0.
func cutPoint(b []byte, from int) int {
	for i := max(from, 1); i < len(b); i++ {
		if b[i-1] == '\n' && isAlnum(b[i]) {
			return i
		}
	}
	return 0
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
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
