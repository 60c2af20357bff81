package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/diag"
	"github.com/convkit/convkit/internal/termsafe"
)

// env is what a command may touch of the outside world: its streams and
// whether they are terminals. Commands get it instead of reaching for os.
type env struct {
	in                    io.Reader
	out, err              io.Writer
	inTTY, outTTY, errTTY bool
	noColor               bool // NO_COLOR is set
	// member is the zip member every input is read from (--member); newApp
	// sets it before each command that reads conversations.
	member   string
	quiet    bool      // -q: no warnings or summaries, only errors
	verbose  bool      // -v where a command has no -v of its own: name each input as it is read
	progress *progress // of reading the inputs, on a terminal; nil shows none
	// errTerm is the terminal under err, for convkit's own control
	// sequences (progress); err, on a terminal, cleans what it prints of
	// escape sequences from input (package termsafe).
	errTerm io.Writer
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	e := &env{in: stdin, out: stdout, err: stderr, inTTY: isTerminal(stdin), outTTY: isTerminal(stdout), errTTY: isTerminal(stderr), noColor: os.Getenv("NO_COLOR") != ""}
	if e.errTTY {
		e.errTerm, e.err = stderr, &termsafe.Writer{W: stderr}
	}
	return e
}

// progressWriter is where progress lines go: the terminal itself.
func (e *env) progressWriter() io.Writer {
	if e.errTerm != nil {
		return e.errTerm
	}
	return e.err
}

// isTerminal reports whether stream (a reader or a writer) is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// color decides once whether output to stdout is coloured.
func (e *env) color(c *cli.Context) (bool, error) {
	switch c.String("color") {
	case "auto", "":
		return e.outTTY && !e.noColor, nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, usageErrorf("--color takes auto, always or never, not %q", c.String("color"))
}

// warnf prints a warning line on stderr, unless -q: located first
// ("FILE:LINE:COL: warning: …") when it starts with its place, as an
// error is (see diagnostic).
func (e *env) warnf(format string, args ...any) {
	if !e.quiet {
		e.progress.clear()
		diagnostic(e.err, "warning", fmt.Sprintf(format, args...), diag.IsFile)
	}
}

// warn prints s as a warning line on stderr.
func (e *env) warn(s string) { e.warnf("%s", s) }

// stdinHint tells, when standard input is a terminal, that convkit waits
// for input there and how to end it: a command run without FILE by mistake
// would otherwise seem to hang.
func (e *env) stdinHint() {
	if e.inTTY {
		fmt.Fprintln(e.err, "convkit: reading standard input; end it with Ctrl-D (Ctrl-Z then Enter on Windows)")
	}
}
