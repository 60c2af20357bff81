package jsontree

import (
	"bufio"
	"bytes"
	"io"
)

// LongLine is where a JSON line is long enough to read in parts, a message
// at a time, rather than whole: shorter lines, nearly all, are faster
// parsed whole, and a longer one may hold a string of any size.
const LongLine = 1 << 20

// ReadLine appends the next line of br, without its newline, to buf, and
// returns it; or, with long true, once the line has grown past max bytes,
// what of it has been read, leaving the rest for RestOfLine. max < 0
// reads every line whole.
func ReadLine(br *bufio.Reader, buf []byte, max int) (line []byte, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			if max >= 0 && len(buf) > max {
				return buf, true, nil
			}
			continue
		}
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
		}
		return buf, false, err
	}
}

// RestOfLine reads what is left of the line br is in, without its
// newline, which it consumes; then io.EOF.
func RestOfLine(br *bufio.Reader) io.Reader { return &lineRest{r: br} }

// lineRest reads the rest of the line that r is in, without its newline.
type lineRest struct {
	r    *bufio.Reader
	done bool
}

func (l *lineRest) Read(p []byte) (int, error) {
	if l.done {
		return 0, io.EOF
	}
	if _, err := l.r.Peek(1); err != nil {
		l.done = true
		return 0, err
	}
	b, _ := l.r.Peek(l.r.Buffered())
	end := bytes.IndexByte(b, '\n')
	if end >= 0 {
		b = b[:end]
	}
	n := copy(p, b)
	l.r.Discard(n)
	if n == end {
		l.r.Discard(1) // the newline
		l.done = true
		if n == 0 {
			return 0, io.EOF
		}
	}
	return n, nil
}
