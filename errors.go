package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/diag"
	"github.com/convkit/convkit/internal/safefile"
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

// report prints err as one line, located first as compilers print it
// ("FILE:LINE:COL: error: …", see diagnostic), then its hints, and returns
// the exit code it calls for. A "no" with no place ("2 errors, 0
// warnings") is a verdict, not an error: it prints as "convkit: …", as the
// summary of a run that succeeds does.
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
	isFile := func(name string) bool { return errorNames(err, name) }
	msg := firstLine(err.Error())
	_, _, located := diag.SplitPlace(msg, isFile)
	switch {
	case msg == "":
	case code == exitNo && !located:
		fmt.Fprintf(stderr, "convkit: %s\n", msg)
	default:
		diagnostic(stderr, "error", msg, isFile)
	}
	for _, h := range hints {
		fmt.Fprintf(stderr, "convkit: hint: %s\n", h)
	}
	return code
}

// diagnostic prints msg as an error or a warning (severity), place first
// as compilers print it (see package diag); isFile tells which names are
// files.
func diagnostic(w io.Writer, severity, msg string, isFile func(string) bool) {
	fmt.Fprintln(w, diag.Line(severity, msg, isFile))
}

// errorNames says whether name is a file err is about: the path of an
// *fs.PathError, the file of a *convert.Error, an output that failed or
// whose lock is held, or a file there is (diag.IsFile).
func errorNames(err error, name string) bool {
	var pe *fs.PathError
	var ce *convert.Error
	var oe *outputError
	var le *safefile.LockTimeoutError
	return errors.As(err, &pe) && pe.Path == name ||
		errors.As(err, &ce) && ce.File == name ||
		errors.As(err, &oe) && oe.name == name && name != "stdout" ||
		errors.As(err, &le) && le.Path == name ||
		diag.IsFile(name)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// fileError says what went wrong opening a file, in one line, keeping
// err for errors.As (which tells the file's name a place).
func fileError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return &saidError{pe.Path + ": no such file", err}
		case errors.Is(err, fs.ErrPermission):
			return &saidError{pe.Path + ": permission denied", err}
		}
		return &saidError{fmt.Sprintf("%s: %v", pe.Path, pe.Err), err}
	}
	return err
}

// saidError is err said in other words.
type saidError struct {
	msg string
	err error
}

func (e *saidError) Error() string { return e.msg }
func (e *saidError) Unwrap() error { return e.err }

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
