package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/app"
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
	e := &env{Env: &app.Env{In: stdin, Out: stdout, Err: stderr, InTTY: termsafe.IsTerminal(stdin), OutTTY: termsafe.IsTerminal(stdout), NoColor: os.Getenv("NO_COLOR") != ""},
		errTTY: termsafe.IsTerminal(stderr)}
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

// color decides once whether output to stdout is coloured (--color).
func (e *env) color(c *cli.Context) (bool, error) { return e.Color(c.String("color")) }
