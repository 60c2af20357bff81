package convert

import (
	"io"
	"unsafe"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/runes"
)

// Strings that pass through in parts. A reader given spools
// (DecodeOptions.Long, chat.Spool) leaves a long string out of the
// message; the JSON writers render the rest as always, note where each
// long string goes in what they rendered, and writeSpliced copies it there
// from its spool, escaped, as the output is written.

// A splice is a spool whose string goes at at in rendered JSON, between
// the quotes there.
type splice struct {
	at    int
	spool chat.Spool
}

// spoolOf returns long as a Spool, or nil.
func spoolOf(long chat.Sink) chat.Spool {
	sp, _ := long.(chat.Spool)
	return sp
}

// writeSpliced writes b to w with the strings of splices, in order of
// place, copied into it.
func writeSpliced(w io.Writer, b []byte, splices []splice) error {
	done := 0
	for _, s := range splices {
		if _, err := w.Write(b[done:s.at]); err != nil {
			return err
		}
		if err := copyEscaped(w, s.spool.Open()); err != nil {
			return err
		}
		done = s.at
	}
	_, err := w.Write(b[done:])
	return err
}

// copyEscaped copies the text r reads to w escaped as the inside of a JSON
// string, as appendString escapes it, a buffer at a time; a character
// split between two reads is escaped whole.
func copyEscaped(w io.Writer, r io.Reader) error {
	in := make([]byte, 64<<10)
	var out []byte
	carry := 0 // bytes of a split character at in's start
	for {
		n, err := r.Read(in[carry:])
		n += carry
		end := n
		if err == nil {
			end = runes.Whole(in[:n])
		}
		// appendEscaped keeps no part of its string: in need not be copied.
		out = appendEscaped(out[:0], unsafe.String(unsafe.SliceData(in), end))
		if _, werr := w.Write(out); werr != nil {
			return werr
		}
		carry = copy(in, in[end:n])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// indentedOffset returns where in b, JSON indented from compact JSON, the
// byte at in the compact JSON is: indenting adds white space only outside
// strings.
func indentedOffset(b []byte, at int) int {
	inString, escaped := false, false
	n := 0
	for i, c := range b {
		if !inString && (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			continue
		}
		if n == at {
			return i
		}
		n++
		switch {
		case escaped:
			escaped = false
		case c == '\\':
			escaped = inString
		case c == '"':
			inString = !inString
		}
	}
	return len(b)
}
