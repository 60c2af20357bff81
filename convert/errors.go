package convert

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The kinds of problem an input can have. Every *Error wraps one of them,
// so that a caller chooses what to do (an exit code, a hint) with
// errors.Is, not by matching text.
var (
	// ErrSyntax is input that is not well formed in its format: JSON,
	// YAML, ChatML or transcript syntax, or bytes that are not UTF-8.
	ErrSyntax = errors.New("malformed input")
	// ErrNotConversation is well-formed input whose shape is not a
	// conversation: a top-level scalar, a message without a role, a
	// field of the wrong type.
	ErrNotConversation = errors.New("not a conversation")
	// ErrEmpty is input that holds nothing to read.
	ErrEmpty = errors.New("empty input")
	// ErrUnknownFormat is a format name no format has (Lookup), or an
	// input whose format Detect cannot tell.
	ErrUnknownFormat = errors.New("unknown format")
	// ErrUTF16 is input written in UTF-16; convkit reads UTF-8.
	ErrUTF16 = errors.New("UTF-16 input")
	// ErrCompressed is a compressed file (gzip, zstd, bzip2, xz) inside
	// another: convkit decompresses one layer before Detect.
	ErrCompressed = errors.New("compressed input")
	// ErrArchive is a zip archive inside a compressed file.
	ErrArchive = errors.New("archive")
	// ErrPlainText is text that is no conversation format.
	ErrPlainText = errors.New("plain text")
	// ErrChanged is input that a reader would read only by changing what
	// writing it back in its own format gives (a ShareGPT sender renamed),
	// or, in an export convkit only reads, by leaving part of it out or
	// writing a placeholder for it; refused under DecodeOptions.Strict.
	ErrChanged = errors.New("changed on reading")
	// ErrSpecialText is message text that holds the target format's own
	// markup, which would read back as other messages (chatml).
	ErrSpecialText = errors.New("special text")
)

// Pos is a place in an input: 1-based line and byte column.
type Pos struct {
	Line, Col int
}

// Error is a problem in an input, at a place when the place is known. It
// reads "FILE:LINE:COL: POINTER: MSG", each part only when it is set.
type Error struct {
	// File names the input; the library leaves it empty for its caller,
	// which knows the name, to fill.
	File string
	// Pos is where the problem is; its Line is 0 when that is not known.
	Pos
	// Pointer is the JSON pointer of the value at fault, or "".
	Pointer string
	// Msg says what is wrong.
	Msg string
	// Err is the kind of problem: one of the Err variables of this
	// package.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if e.Pointer != "" {
		b.WriteString(e.Pointer + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the kind of problem.
func (e *Error) Unwrap() error { return e.Err }

// syntaxError is input that is not well formed at pos.
func syntaxError(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Err: ErrSyntax}
}

// invalidUTF8 is the byte b at pos, which starts no UTF-8 character.
func invalidUTF8(pos Pos, b byte) *Error {
	return syntaxError(pos, "invalid UTF-8 byte %#02x", b)
}

// checkUTF8 reports the first invalid UTF-8 byte with its place.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return invalidUTF8(Pos{line, col}, data[i])
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col += size
		i += size
	}
	return nil
}
