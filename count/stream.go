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
// The text is cut in chunks of at least chunkSize bytes where no piece of
// the encoding's pre-tokenizing pattern can span the cut, and no piece
// before the cut would end elsewhere if the text ended there, so that the
// counts of the chunks add up to the count of the whole:
//
//   - just before a space between two ASCII letters: a run of letters, with
//     any contraction, ends there, and the space leads the next word;
//   - just after a line end followed by an ASCII letter or digit. In
//     o200k_base and cl100k_base a piece that holds a line end ends with
//     line ends (or "/" in o200k_base's punctuation piece). GPT-2's pattern
//     (p50k_base, r50k_base) instead leaves the last character of a run of
//     white space to the next piece, unless the run ends the text, so
//     there the line end must follow a letter or digit, alone.
//
// A stretch of megabytes with no such place, one unbroken piece, is held
// whole. Text that is not UTF-8 is an error that gives the offset of the
// first bad byte.
func (c *Counter) Stream(r io.Reader, workers int) (int, error) {
	breaks := c.model.Encoding == "o200k_base" || c.model.Encoding == "cl100k_base"
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
				if cut := cutPoint(buf, max(chunkSize, scanned), breaks); cut > 0 {
					chunk := buf[:cut]
					if err := checkUTF8(chunk, offset); err != nil {
						return "", err
					}
					// The chunk keeps buf's memory; the rest moves on.
					buf, offset, scanned = append(make([]byte, 0, max(2*chunkSize, len(buf)-cut)), buf[cut:]...), offset+int64(cut), 0
					return unsafe.String(&chunk[0], len(chunk)), nil
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
		s := unsafe.String(&buf[0], len(buf))
		buf = nil
		return s, nil
	}
	total := 0
	err := Ordered(workers, next, c.Text, func(n int) error { total += n; return nil })
	return total, err
}

// cutPoint returns the first i ≥ from where b[i] is a space between two
// ASCII letters, or b[i-1] is '\n' and b[i] an ASCII letter or digit (and,
// unless breaks, b[i-2] too); or 0 if there is none.
func cutPoint(b []byte, from int, breaks bool) int {
	for i := max(from, 2); i < len(b); i++ {
		switch {
		case b[i-1] == '\n' && isAlnum(b[i]) && (breaks || isAlnum(b[i-2])):
			return i
		case b[i] == ' ' && i+1 < len(b) && isLetter(b[i-1]) && isLetter(b[i+1]):
			return i
		}
	}
	return 0
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isAlnum(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }

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
