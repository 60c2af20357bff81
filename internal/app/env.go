// Package app is what a command may touch of the outside world, given by
// package main as values: its streams, whether they are terminals, what
// -q, -v and --member ask of every command, the progress shown. The
// packages that run commands open inputs and outputs, warn and summarise
// through an *Env, never through os.
package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/diag"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/progress"
	"github.com/convkit/convkit/internal/safefile"
	"github.com/convkit/convkit/internal/source"
)

// Env is a command's streams and settings.
type Env struct {
	In            io.Reader
	Out, Err      io.Writer // data; diagnostics (cleaned of escape sequences on a terminal)
	InTTY, OutTTY bool      // standard input, standard output is a terminal
	NoColor       bool      // NO_COLOR is set
	// Member is the zip member every input is read from (--member).
	Member   string
	Quiet    bool          // -q: no warnings or summaries, only errors
	Verbose  bool          // -v where a command has no -v of its own: name each input as it is read
	Progress *progress.Bar // of reading the inputs; nil shows none
}

// Sources is the opener of the command's inputs.
func (e *Env) Sources() *source.Opener {
	o := &source.Opener{Stdin: e.In, OnStdin: e.StdinHint, Member: e.Member, Read: e.Progress.Reader}
	if e.Verbose {
		o.Verbose = e.Err
	}
	return o
}

// OpenSource opens a file, or standard input for "-" (see source.Opener).
func (e *Env) OpenSource(path string) (*source.Source, error) { return e.Sources().Open(path) }

// OpenInput opens a file, or standard input for "-", and picks its format.
func (e *Env) OpenInput(path string, opts source.Options) (*source.Input, error) {
	return e.Sources().Input(path, opts)
}

// EachConversation reads every conversation of every path in order (no
// path: standard input).
func (e *Env) EachConversation(paths []string, opts source.Options, fn func(*source.Input, *chat.Conversation) error) error {
	return e.Sources().Each(paths, opts, fn)
}

// OpenOutput opens path for writing, "" for standard output; it refuses
// one of inputs.
func (e *Env) OpenOutput(path string, inputs []string) (*output.Output, error) {
	return output.Open(e.Out, e.OutTTY, path, inputs)
}

// OpenInPlace starts replacing path, an input (-i, append); otherwise is
// the command's other way to write, for a hint (see output.InPlace).
func (e *Env) OpenInPlace(path, otherwise string) (*output.Output, error) {
	return output.InPlace(path, otherwise)
}

// Warnf prints a warning line on stderr, unless -q: located first
// ("FILE:LINE:COL: warning: …") when it starts with its place, as an
// error is (see package diag).
func (e *Env) Warnf(format string, args ...any) {
	if !e.Quiet {
		e.Progress.Clear()
		fmt.Fprintln(e.Err, diag.Line("warning", fmt.Sprintf(format, args...), diag.IsFile))
	}
}

// Warn prints s as a warning line on stderr.
func (e *Env) Warn(s string) { e.Warnf("%s", s) }

// Summary prints the one line a verb prints when it dropped something,
// unless -q.
func (e *Env) Summary(verb, format string, args ...any) {
	if e.Quiet {
		return
	}
	fmt.Fprintf(e.Err, "convkit: %s: %s\n", verb, fmt.Sprintf(format, args...))
}

// StdinHint tells, when standard input is a terminal, that convkit waits
// for input there and how to end it: a command run without FILE by mistake
// would otherwise seem to hang.
func (e *Env) StdinHint() {
	if e.InTTY {
		fmt.Fprintln(e.Err, "convkit: reading standard input; end it with Ctrl-D (Ctrl-Z then Enter on Windows)")
	}
}

// Error tells err on stderr as one located line ("FILE:LINE:COL: error:
// …", see package diag), for a command that goes on after it.
func (e *Env) Error(err error) {
	e.Progress.Clear()
	msg, _, _ := strings.Cut(strings.TrimSpace(err.Error()), "\n")
	fmt.Fprintln(e.Err, diag.Line("error", msg, func(name string) bool { return ErrorNames(err, name) }))
}

// ErrorNames says whether name is a file err is about: the path of an
// *fs.PathError, the file of a *convert.Error, an output that failed or
// whose lock is held, or a file there is (diag.IsFile).
func ErrorNames(err error, name string) bool {
	var pe *fs.PathError
	var ce *convert.Error
	var we *output.WriteError
	var le *safefile.LockTimeoutError
	return errors.As(err, &pe) && pe.Path == name ||
		errors.As(err, &ce) && ce.File == name ||
		errors.As(err, &we) && we.Name == name && name != "stdout" ||
		errors.As(err, &le) && le.Path == name ||
		diag.IsFile(name)
}

// Color decides whether output to standard output is coloured, as --color
// WHEN says: auto (or "") on a terminal unless NO_COLOR is set, always,
// or never.
func (e *Env) Color(when string) (bool, error) {
	switch when {
	case "auto", "":
		return e.OutTTY && !e.NoColor, nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, cmderr.Usagef("--color takes auto, always or never, not %q", when)
}
