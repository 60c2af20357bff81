package convert

import (
	"bytes"
	"io"
)

// nulLost is the loss a transcript (text, markdown, chatml) reports when
// a string holds a NUL character: convkit's readers refuse a NUL byte as
// binary input (and CommonMark makes it U+FFFD), so it is written as
// U+FFFD, the replacement character.
const nulLost = "NUL characters written as U+FFFD"

// writeTranscript writes b with its splices as writeSpliced does, each NUL
// byte as U+FFFD, told once by l (refused under --strict). What b holds is
// told before anything is written; a spooled string's NUL, as it is copied.
func writeTranscript(w io.Writer, l *losses, b []byte, splices []splice) error {
	if bytes.IndexByte(b, 0) >= 0 {
		if err := l.lose(nulLost); err != nil {
			return err
		}
		b = bytes.ReplaceAll(b, []byte{0}, []byte("\uFFFD"))
	}
	if len(splices) == 0 {
		return writeSpliced(w, b, nil)
	}
	return writeSpliced(&nulWriter{w: w, l: l}, b, splices)
}

// nulWriter writes what it is given to w, each NUL byte as U+FFFD.
type nulWriter struct {
	w io.Writer
	l *losses
}

func (n *nulWriter) Write(p []byte) (int, error) {
	if bytes.IndexByte(p, 0) < 0 {
		return n.w.Write(p)
	}
	if err := n.l.lose(nulLost); err != nil {
		return 0, err
	}
	if _, err := n.w.Write(bytes.ReplaceAll(p, []byte{0}, []byte("\uFFFD"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
