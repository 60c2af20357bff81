// Package spool keeps strings too long to hold in memory in a temporary
// file, so that a command can read a conversation with a value of any size
// and write it out again in memory that does not grow with the value: the
// reader gives each long string to a Spool (a chat.Spool) as it reads it,
// and the writer copies it from there to its output.
//
// A Set keeps the strings of its spools one after the other in a
// temporary file, made when the first spool is written to. Where the
// system allows it (Unix), the file is removed from its directory as soon
// as it is made, so that nothing is left behind whatever way the process
// ends; elsewhere Close removes it. The file grows with the long strings
// read until Close, unless the command says, with Release, which spools it
// is done with (those opened before a Mark): the Set then starts a new
// file once one holds fileSize bytes, and closes each file whose spools
// are all released, so that the disk holds only the strings in use.
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

// fileSize is how much a file of a Set that releases holds before the
// next string goes to a new file.
const fileSize = 16 << 20

// A Set opens spools that share temporary files. Its zero value is not
// usable: use New.
type Set struct {
	dir string
	// tee, when set, opens a Sink each spool also gives its string to.
	tee func(chat.LongKind) chat.Sink

	mu        sync.Mutex
	files     []*file // oldest first; the last takes the next string
	begun     int     // how many spools have begun their string
	releasing bool    // Release has been called: files are rotated
	writing   bool    // whether a spool is being written (one at a time)
	err       error   // the first failure to make or write a file
}

// file is one temporary file of a Set.
type file struct {
	*File
	end  int64 // where the next string starts
	last int   // the number of the last spool begun in it
}

// New returns a Set whose files are made in dir, or in the system's
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

// begin starts a string at the end of the Set's last file, making a file
// first if there is none or, once the Set releases, if the last is full.
func (s *Set) begin() (*file, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, 0, s.err
	}
	if s.writing {
		return nil, 0, errBusy
	}
	n := len(s.files)
	if n == 0 || s.releasing && s.files[n-1].end >= fileSize {
		f, err := newFile(s.dir, "convkit-spool-*")
		if err != nil {
			s.err = err
			return nil, 0, err
		}
		s.files = append(s.files, &file{File: f})
	}
	last := s.files[len(s.files)-1]
	last.last = s.begun
	s.begun++
	s.writing = true
	return last, last.end, nil
}

// finish ends the string being written in f, n bytes long.
func (s *Set) finish(f *file, n int64) {
	s.mu.Lock()
	f.end += n
	s.writing = false
	s.mu.Unlock()
}

// A Mark is a place in the order in which spools begin their strings.
type Mark int

// Mark returns the place after every spool that has begun its string.
func (s *Set) Mark() Mark {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Mark(s.begun)
}

// Release says that the spools that began before m will not be read
// again: the files that hold only those are closed, and so removed. From
// the first Release on, the Set starts a new file once one is full.
func (s *Set) Release(m Mark) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releasing = true
	for len(s.files) > 1 && s.files[0].last < int(m) {
		s.files[0].Close()
		s.files = s.files[1:]
	}
}

// Close closes the files and removes them; spools cannot be read after.
func (s *Set) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	for _, f := range s.files {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	s.files = nil
	if s.err == nil {
		s.err = os.ErrClosed
	}
	return err
}

// A Spool is one string of a Set's files: a chat.Spool.
type Spool struct {
	set     *Set
	file    *file // where the string is, once started
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
		if sp.file, sp.start, sp.err = sp.set.begin(); sp.err != nil {
			return 0, sp.err
		}
		sp.started = true
	}
	if _, err := sp.file.f.WriteAt(b, sp.start+sp.n); err != nil {
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
		sp.file, sp.start, sp.err = sp.set.begin() // an empty string still has a place
		sp.started = sp.err == nil
	}
	if sp.started {
		sp.set.finish(sp.file, sp.n)
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
		sp.set.finish(sp.file, sp.n)
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

// Open returns a reader of the string; reading fails if the spool failed,
// or its Set was closed or released it.
func (sp *Spool) Open() io.Reader {
	if sp.err != nil {
		return errReader{sp.err}
	}
	if !sp.started {
		return errReader{errAborted}
	}
	return io.NewSectionReader(fileReaderAt{sp.set, sp.file}, sp.start, sp.n)
}

// fileReaderAt reads a file of a Set, failing once it is closed.
type fileReaderAt struct {
	set  *Set
	file *file
}

func (r fileReaderAt) ReadAt(p []byte, off int64) (int, error) {
	r.set.mu.Lock()
	f, err := r.file.f, r.set.err
	r.set.mu.Unlock()
	if f == nil {
		return 0, errors.Join(os.ErrClosed, err)
	}
	return f.ReadAt(p, off)
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

var _ chat.Spool = (*Spool)(nil)
