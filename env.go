package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/termsafe"
)

// env is what a command may touch of the outside world (app.Env, which
// the libraries get), and what main alone knows of stderr.
type env struct {
	*app.Env
	errTTY bool
	// errTerm is the terminal under Err, for convkit's own control
	// sequences (progress); Err, on a terminal, cleans what it prints of
	// escape sequences from input (package termsafe).
	errTerm io.Writer
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	e := &env{Env: &app.Env{In: stdin, Out: stdout, Err: stderr, InTTY: isTerminal(stdin), OutTTY: isTerminal(stdout), NoColor: os.Getenv("NO_COLOR") != ""},
		errTTY: isTerminal(stderr)}
	if e.errTTY {
		e.errTerm, e.Err = stderr, &termsafe.Writer{W: stderr}
	}
	return e
}

// progressWriter is where progress lines go: the terminal itself.
func (e *env) progressWriter() io.Writer {
	if e.errTerm != nil {
		return e.errTerm
	}
	return e.Err
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
		return e.OutTTY && !e.NoColor, nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, cmderr.Usagef("--color takes auto, always or never, not %q", c.String("color"))
}
