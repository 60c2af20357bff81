// Package cmderr holds the errors a command returns that say more than
// "it failed": a usage mistake, an answer of no, advice to show. Package
// main maps them to exit codes and prints them; the packages that run the
// commands return them.
package cmderr

import (
	"errors"
	"fmt"
	"io/fs"
)

// Usage is a mistake in how convkit was called (exit 2), with hint lines.
type Usage struct {
	Err   error
	Hints []string
}

func (e *Usage) Error() string { return e.Err.Error() }
func (e *Usage) Unwrap() error { return e.Err }

// Usagef makes a Usage error without hints.
func Usagef(format string, args ...any) error {
	return &Usage{Err: fmt.Errorf(format, args...)}
}

// No is a command that ran and whose answer is no (exit 3): problems
// found, a conversation that does not fit. Msg says why.
type No struct{ Msg string }

func (e *No) Error() string { return e.Msg }

// Hint adds advice lines to an error.
type Hint struct {
	Err   error
	Hints []string
}

func (e *Hint) Error() string { return e.Err.Error() }
func (e *Hint) Unwrap() error { return e.Err }

// File says what went wrong opening a file, in one line: "PATH: no such
// file", "PATH: permission denied", "PATH: why". It keeps err for
// errors.As, which tells the file's name a place. Other errors are returned
// as they are.
func File(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return &said{pe.Path + ": no such file", err}
		case errors.Is(err, fs.ErrPermission):
			return &said{pe.Path + ": permission denied", err}
		}
		return &said{fmt.Sprintf("%s: %v", pe.Path, pe.Err), err}
	}
	return err
}

// said is err said in other words.
type said struct {
	msg string
	err error
}

func (e *said) Error() string { return e.msg }
func (e *said) Unwrap() error { return e.err }
