package chat

import (
	"bytes"
	"io"
	"sort"
	"strings"
)

// PlainTextAt returns PlainText as a reader that reads at any offset,
// with the texts that Spools hold read where they are: a search can go
// back to a place in a long text, and a writer show a part of it, without
// holding the text. A Spool whose reader cannot read at an offset (none
// of convkit's) is read whole.
func (c Content) PlainTextAt() (*io.SectionReader, error) {
	var texts multiReaderAt
	var err error
	c.eachText(func(text string, long Sink) {
		if err == nil {
			err = texts.add(text, long)
		}
	})
	if err != nil {
		return nil, err
	}
	return io.NewSectionReader(&texts, 0, texts.size), nil
}

// readerAt is what the readers of internal/spool's spools are.
type readerAt interface {
	io.ReaderAt
	Size() int64
}

// multiReaderAt reads its parts one after the other as one text.
type multiReaderAt struct {
	parts []readerAt
	ends  []int64 // where each part ends in the text
	size  int64
}

// add appends text, or the text a Spool in long holds for it.
func (m *multiReaderAt) add(text string, long Sink) error {
	var r readerAt = strings.NewReader(text)
	if sp := spooledText(long); sp != nil {
		var ok bool
		if r, ok = sp.Open().(readerAt); !ok {
			whole, err := io.ReadAll(sp.Open())
			if err != nil {
				return err
			}
			r = bytes.NewReader(whole)
		}
	}
	if r.Size() == 0 {
		return nil
	}
	m.size += r.Size()
	m.parts, m.ends = append(m.parts, r), append(m.ends, m.size)
	return nil
}

func (m *multiReaderAt) ReadAt(p []byte, off int64) (int, error) {
	done := 0
	for i := sort.Search(len(m.ends), func(i int) bool { return m.ends[i] > off }); i < len(m.parts) && done < len(p); i++ {
		start := m.ends[i] - m.parts[i].Size()
		n, err := m.parts[i].ReadAt(p[done:min(len(p), done+int(m.ends[i]-off))], off-start)
		done, off = done+n, off+int64(n)
		if err != nil && err != io.EOF {
			return done, err
		}
	}
	if done < len(p) {
		return done, io.EOF
	}
	return done, nil
}

// ReadPlainText returns PlainText with the texts that Spools hold read
// from them, into a string of its length: held once.
func (c Content) ReadPlainText() (string, error) {
	r, err := c.PlainTextAt()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(int(r.Size()))
	_, err = io.Copy(&b, r)
	return b.String(), err
}
