package dataset

import (
	"fmt"
	"io"
	"os"
)

// LongLine is the source line of a record too long to hold in memory
// (over a megabyte of JSON Lines), kept in a temporary file when
// Options.KeepLong asks for it, so that the line can be checked and
// written back byte for byte in bounded memory.
type LongLine struct {
	f    *os.File // unlinked as soon as made
	line int
	size int64
}

// Reader reads the line, without its newline, from its start.
func (l *LongLine) Reader() io.Reader { return io.NewSectionReader(l.f, 0, l.size) }

// Write appends to the line, as it is read.
func (l *LongLine) Write(p []byte) (int, error) {
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// close lets the line go.
func (l *LongLine) close() {
	if l != nil {
		l.f.Close()
	}
}

// longLines makes a temporary file for each long line of an input, and
// tells which was made last.
type longLines struct {
	last *LongLine
	err  error
}

// open is source.Options.LongLines: a file for line n.
func (ll *longLines) open(n int) io.Writer {
	f, err := os.CreateTemp("", "convkit-line-*")
	if err != nil {
		ll.err = err
		return io.Discard
	}
	os.Remove(f.Name())
	ll.last = &LongLine{f: f, line: n}
	return ll.last
}

// take returns r's line if it was kept as long, and forgets it; err is
// the error of reading r, returned unless keeping the line failed.
func (ll *longLines) take(r *Record, err error) (*LongLine, error) {
	if ll == nil {
		return nil, err
	}
	l := ll.last
	ll.last = nil
	if ll.err != nil {
		l.close()
		return nil, fmt.Errorf("%s: a temporary file for a long line: %w", r.Where(), ll.err)
	}
	if l == nil || r.Raw != nil || l.line != r.Line {
		l.close()
		return nil, err
	}
	return l, err
}
