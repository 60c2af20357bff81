package spool

import (
	"io"
	"os"
)

// A File is a temporary file: a copy of a stream (Copy), for a reader
// that needs random access (a Parquet file's index is at its end) to an
// input that has none, such as standard input, so that it holds the stream
// on disk, not in memory; or one of the files of a Set. Where the system
// allows it (Unix) the file is removed from its directory as soon as it is
// made, so that nothing is left behind whatever way the process ends;
// elsewhere Close removes it.
type File struct {
	f    *os.File
	path string // the file's name while it is to be removed by Close
	size int64
}

// Copy copies r to a File made in dir, or in the system's temporary
// directory if dir is "". On an error nothing is left behind.
func Copy(dir string, r io.Reader) (*File, error) {
	sf, err := newFile(dir, "convkit-input-*")
	if err != nil {
		return nil, err
	}
	if sf.size, err = io.Copy(sf.f, r); err != nil {
		sf.Close()
		return nil, err
	}
	return sf, nil
}

// newFile makes an empty temporary File in dir, named after pattern (as
// os.CreateTemp's), removed from dir at once where the system allows it.
func newFile(dir, pattern string) (*File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	sf := &File{f: f}
	if os.Remove(f.Name()) != nil {
		sf.path = f.Name() // open files cannot be removed here: Close does
	}
	return sf, nil
}

// ReadAt reads the copy at off.
func (sf *File) ReadAt(p []byte, off int64) (int, error) { return sf.f.ReadAt(p, off) }

// Size is the length of the copy.
func (sf *File) Size() int64 { return sf.size }

// Close closes the file and removes it; a second Close does nothing.
func (sf *File) Close() error {
	if sf.f == nil {
		return nil
	}
	err := sf.f.Close()
	if sf.path != "" {
		if rerr := os.Remove(sf.path); err == nil {
			err = rerr
		}
	}
	sf.f, sf.path = nil, ""
	return err
}

// Scratch makes an empty File in dir, or in the system's temporary
// directory if dir is "", for data a writer puts aside (Append) and reads
// back (ReadAt) before it is done with it (Reset).
func Scratch(dir string) (*File, error) { return newFile(dir, "convkit-scratch-*") }

// Append writes p at the end of the file.
func (sf *File) Append(p []byte) (int, error) {
	n, err := sf.f.WriteAt(p, sf.size)
	sf.size += int64(n)
	return n, err
}

// Reset empties the file.
func (sf *File) Reset() error {
	sf.size = 0
	return sf.f.Truncate(0)
}
