package chat

import "io"

// SpoolFrom returns a reader of the string sp holds from byte off on: a
// seek when the spool's reader can (internal/spool's can), else a read
// past the first off bytes.
func SpoolFrom(sp Spool, off int64) (io.Reader, error) {
	r := sp.Open()
	if s, ok := r.(io.Seeker); ok {
		_, err := s.Seek(off, io.SeekStart)
		return r, err
	}
	_, err := io.CopyN(io.Discard, r, off)
	return r, err
}

// SpoolSize returns the length of the string sp holds: its reader's Size
// when it has one, else read through.
func SpoolSize(sp Spool) (int64, error) {
	r := sp.Open()
	if sized, ok := r.(interface{ Size() int64 }); ok {
		return sized.Size(), nil
	}
	return io.Copy(io.Discard, r)
}
