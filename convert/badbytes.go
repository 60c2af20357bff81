package convert

import (
	"errors"
	"io"

	"github.com/convkit/convkit/internal/jsontree"
)

// textReader passes on what r reads until its first NUL byte or byte
// that is not UTF-8, and then fails with that byte's place, as checkUTF8
// gives it: a reader that buffers a line or a document does not read
// /dev/zero or /dev/urandom to its end before it fails.
type textReader struct {
	guard jsontree.Guard
	err   error // the reader's error, or the bad byte's
}

func newTextReader(r io.Reader) *textReader { return &textReader{guard: jsontree.Guard{R: r}} }

func (t *textReader) Read(p []byte) (int, error) {
	n, err := t.guard.Read(p)
	if err != nil && err != io.EOF {
		t.err = badByte(err)
		err = t.err
	}
	return n, err
}

// badByte turns the guard's error into convkit's located one.
func badByte(err error) error {
	var bad *jsontree.BadByteError
	if errors.As(err, &bad) {
		return syntaxError(Pos(bad.Pos), "%s", bad.Msg())
	}
	return err
}
