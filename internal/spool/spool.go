// Package spool keeps strings too long to hold in memory in a temporary
// file, so that a command can read a conversation with a value of any size
// and write it out again in memory that does not grow with the value: the
// reader gives each long string to a Spool (a chat.Spool) as it reads it,
// and the writer copies it from there to its output.
//
// A Set keeps the strings of its spools one after the other in a single
// temporary file, made when the first spool is written to. Where the
// system allows it (Unix), the file is removed from its directory as soon
// as it is made, so that nothing is left behind whatever way the process
// ends; elsewhere Close removes it. The file grows with the long strings
// read until Close: a command keeps a Set for as long as it writes.
package spool

import (
	"errors"
	"io"
	"os"
	"sync"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/runes"
)

// A Set opens spools that share one temporary file. Its zero value is not
// usable: use New.
type Set struct {
	dir string
	// tee, when set, opens a Sink each spool also gives its string to.
	tee func(chat.LongKind) chat.Sink

	mu      sync.Mutex
	file    *os.File
	path    string // the file's name while it is to be removed by Close
	end     int64  // where the next string starts
	writing bool   // whether a spool is being written (one at a time)
	err     error  // the first failure to make or write the file
}

// New returns a Set whose file is made in dir, or in the system's
// temporary directory if dir is "". tee, when not nil, opens for each
// spool a Sink it also gives its string to (count.Counter.Sinks), or
// returns nil for none.
func New(dir string, tee func(chat.LongKind) chat.Sink) *Set {
	return &Set{dir: dir, tee: tee}
}

// Open opens a spool for a string of the given kind. Its signature is
// convert.DecodeOptions.Long's.
func (s *Set) Open(kind chat.LongKind) chat.Sink {
	sp := &Spool{set: s, kind: kind}
	if s.tee != nil {
		sp.tee = s.tee(kind)
	}
	return sp
}

var errBusy = errors.New("spool: a string is already being written")

// begin starts a string at the file's end, making the file first.
func (s *Set) begin() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	if s.writing {
		return 0, errBusy
	}
	if s.file == nil {
		f, err := os.CreateTemp(s.dir, "convkit-spool-*")
		if err != nil {
			s.err = err
			return 0, err
		}
		s.file = f
		if os.Remove(f.Name()) != nil {
			s.path = f.Name() // open files cannot be removed here: Close does
		}
	}
	s.writing = true
	return s.end, nil
}

// finish ends the string being written, n bytes long.
func (s *Set) finish(n int64) {
	s.mu.Lock()
	s.end += n
	s.writing = false
	s.mu.Unlock()
}

// Close closes the file and removes it; spools cannot be read after.
func (s *Set) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	if s.path != "" {
		if rerr := os.Remove(s.path); err == nil {
			err = rerr
		}
	}
	s.file, s.path = nil, ""
	if s.err == nil {
		s.err = os.ErrClosed
	}
	return err
}

// A Spool is one string of a Set's file: a chat.Spool.
type Spool struct {
	set     *Set
	kind    chat.LongKind
	tee     chat.Sink
	started bool
	start   int64
	n       int64
	runes   int
	partial []byte // the start of a character the last Write ended in
	err     error
}

// Write appends b to the string.
func (sp *Spool) Write(b []byte) (int, error) {
	if sp.err != nil {
		return 0, sp.err
	}
	if !sp.started {
		if sp.start, sp.err = sp.set.begin(); sp.err != nil {
			return 0, sp.err
		}
		sp.started = true
	}
	if _, err := sp.set.file.WriteAt(b, sp.start+sp.n); err != nil {
		sp.err = err
		return 0, err
	}
	sp.n += int64(len(b))
	sp.countRunes(b)
	if sp.tee != nil {
		if _, err := sp.tee.Write(b); err != nil {
			sp.err = err
			return 0, err
		}
	}
	return len(b), nil
}

// countRunes counts the characters of b, one split across Writes once.
func (sp *Spool) countRunes(b []byte) {
	if len(sp.partial) > 0 {
		for len(b) > 0 && !utf8.FullRune(sp.partial) {
			sp.partial, b = append(sp.partial, b[0]), b[1:]
		}
		if !utf8.FullRune(sp.partial) {
			return
		}
		sp.runes += utf8.RuneCount(sp.partial)
		sp.partial = sp.partial[:0]
	}
	cut := runes.Whole(b)
	sp.runes += utf8.RuneCount(b[:cut])
	sp.partial = append(sp.partial, b[cut:]...)
}

// Close ends the string.
func (sp *Spool) Close() error {
	if !sp.started && sp.err == nil {
		sp.start, sp.err = sp.set.begin() // an empty string still has a place
		sp.started = sp.err == nil
	}
	if sp.started {
		sp.set.finish(sp.n)
	}
	sp.runes += utf8.RuneCount(sp.partial)
	sp.partial = nil
	if sp.tee != nil {
		if err := sp.tee.Close(); sp.err == nil {
			sp.err = err
		}
	}
	return sp.err
}

// Abort ends a string the input failed in.
func (sp *Spool) Abort() {
	if sp.started {
		sp.set.finish(sp.n)
	}
	if sp.tee != nil {
		sp.tee.Abort()
	}
	if sp.err == nil {
		sp.err = errAborted
	}
}

var errAborted = errors.New("spool: the string was not read to its end")

// Kind is the kind of string the spool holds.
func (sp *Spool) Kind() chat.LongKind { return sp.kind }

// Len is the string's length in bytes.
func (sp *Spool) Len() int64 { return sp.n }

// Runes is the string's length in Unicode code points.
func (sp *Spool) Runes() int { return sp.runes }

// Tee returns the Sink the spool also gave its string to, or nil.
func (sp *Spool) Tee() chat.Sink { return sp.tee }

// Open returns a reader of the string; reading fails if the spool failed
// or its Set was closed.
func (sp *Spool) Open() io.Reader {
	if sp.err != nil {
		return errReader{sp.err}
	}
	if !sp.started {
		return errReader{errAborted}
	}
	return io.NewSectionReader(fileReaderAt{sp.set}, sp.start, sp.n)
}

// fileReaderAt reads a Set's file, failing once the Set is closed.
type fileReaderAt struct{ set *Set }

func (r fileReaderAt) ReadAt(p []byte, off int64) (int, error) {
	r.set.mu.Lock()
	f, err := r.set.file, r.set.err
	r.set.mu.Unlock()
	if f == nil {
		return 0, errors.Join(os.ErrClosed, err)
	}
	return f.ReadAt(p, off)
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

var _ chat.Spool = (*Spool)(nil)
