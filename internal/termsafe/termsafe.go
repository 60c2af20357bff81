// Package termsafe makes text from input safe to print on a terminal: a
// message, a role or a name cannot move the cursor, retitle the window or
// hide text with escape sequences.
package termsafe

import (
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// Clean shows control characters as Unicode control pictures (␛ for ESC),
// keeping newlines and tabs; C1 controls and bytes that are not UTF-8
// become U+FFFD. What it returns is for people, not for reading back.
func Clean(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(picture(r))
		i += size
	}
	return b.String()
}

// clean reports whether s needs no change.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			if c >= 0x80 {
				r, size := utf8.DecodeRuneInString(s[i:])
				if r != utf8.RuneError && (r < 0x80 || r >= 0xa0) {
					i += size - 1
					continue
				}
			}
			return false
		}
	}
	return true
}

// picture is what Clean shows for r.
func picture(r rune) rune {
	switch {
	case r == '\n' || r == '\t':
		return r
	case r < 0x20:
		return 0x2400 + r
	case r == 0x7f:
		return '␡'
	case r >= 0x80 && r < 0xa0:
		return utf8.RuneError
	}
	return r
}

// Writer cleans what is written through it, as Clean does, a character
// cut between two writes included. Flush writes what is left of one.
type Writer struct {
	W    io.Writer
	part []byte
}

func (w *Writer) Write(p []byte) (int, error) {
	b := append(w.part, p...)
	end := len(b)
	for k := 1; k < utf8.UTFMax && k <= end; k++ {
		if utf8.RuneStart(b[end-k]) {
			if !utf8.FullRune(b[end-k:]) {
				end -= k
			}
			break
		}
	}
	if _, err := io.WriteString(w.W, Clean(string(b[:end]))); err != nil {
		return 0, err
	}
	w.part = append(w.part[:0], b[end:]...)
	return len(p), nil
}

// Flush writes a character cut at the end of the last write, cleaned.
func (w *Writer) Flush() error {
	if len(w.part) == 0 {
		return nil
	}
	_, err := io.WriteString(w.W, Clean(string(w.part)))
	w.part = w.part[:0]
	return err
}

// IsTerminal reports whether stream (a reader or a writer) is a terminal:
// a character device that answers a terminal's ioctl, which /dev/null
// does not.
func IsTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	conn, err := f.SyscallConn() // not f.Fd(), which would make f blocking
	if err != nil {
		return false
	}
	terminal := false
	conn.Control(func(fd uintptr) { terminal = term.IsTerminal(int(fd)) })
	return terminal
}
