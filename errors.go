package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/convkit/convkit/convert"
)

// usageError is a mistake in how convkit was called: exit 2.
type usageError struct {
	err   error
	hints []string
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// noError is a command that ran and whose answer is no (exit 3); it has
// already said why.
type noError struct{ msg string }

func (e *noError) Error() string { return e.msg }

// hintError adds advice lines to an error.
type hintError struct {
	err   error
	hints []string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// report prints err as one "convkit: …" line, then its hints, and returns
// the exit code it calls for.
func report(stderr io.Writer, err error) int {
	code := exitFailure
	var hints []string
	var ue *usageError
	var ne *noError
	var he *hintError
	switch {
	case errors.As(err, &ue):
		code, hints = exitUsage, ue.hints
	case errors.As(err, &ne):
		code = exitNo
	}
	if errors.As(err, &he) {
		hints = append(hints, he.hints...)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == "/dev/stdout" { // as os.Stdout names itself
		err = fmt.Errorf("stdout: %w", pe.Err)
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(stderr, "convkit: %s\n", firstLine(msg))
	}
	for _, h := range hints {
		fmt.Fprintf(stderr, "convkit: hint: %s\n", h)
	}
	return code
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// fileError says what went wrong opening a file, in one line.
func fileError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s: no such file", pe.Path)
		case errors.Is(err, fs.ErrPermission):
			return fmt.Errorf("%s: permission denied", pe.Path)
		}
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// formatUsageError turns an unknown format name into a usage error that
// lists the known ones.
func formatUsageError(err error) error {
	var uf *convert.UnknownFormatError
	if errors.As(err, &uf) {
		hints := meanHint(didYouMean(uf.Name, convert.AllNames()))
		return &usageError{err: err, hints: append(hints, "'convkit formats' lists what can be read and written")}
	}
	return err
}
