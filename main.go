// Command convkit reads, counts, trims, validates and converts LLM
// conversation files, offline.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes: a small enum, documented in README.
const (
	exitOK      = 0 // success
	exitFailure = 1 // I/O error, malformed input
	exitUsage   = 2 // bad flag, unknown format or command
	exitNo      = 3 // ran, and the answer is no: problems found, does not fit
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// run is convkit with its streams and arguments made explicit; it returns
// the exit code and is the only place that prints errors.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := newEnv(stdin, stdout, stderr)
	app := newApp(env)
	err := app.Run(intersperse(app, args))
	if err == nil {
		return exitOK
	}
	return report(stderr, err)
}

func newApp(env *env) *cli.App {
	app := &cli.App{
		Name:                 "convkit",
		Usage:                "count, trim, validate and convert LLM conversation files, offline",
		Version:              version,
		Reader:               env.in,
		Writer:               env.out,
		ErrWriter:            env.err,
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		// Run must return errors, never exit or print them itself: run does.
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{
			exportCommand(env),
			countCommand(env), modelsCommand(env),
			formatsCommand(env),
			trimCommand(env),
			appendCommand(env),
		},
	}
	onUsage := func(c *cli.Context, err error, _ bool) error {
		msg := err.Error()
		if flag, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
			if !strings.HasPrefix(flag, "--") && len(flag) > 2 {
				flag = "-" + flag
			}
			msg = "unknown flag " + flag
		}
		return &usageError{err: errors.New(msg), hints: []string{fmt.Sprintf("run '%s --help' for the flags", c.Command.HelpName)}}
	}
	app.OnUsageError = onUsage
	for _, c := range app.Commands {
		c.OnUsageError = onUsage
	}
	app.Action = func(c *cli.Context) error {
		if c.Args().Present() {
			return &usageError{err: fmt.Errorf("unknown command %q", c.Args().First()), hints: []string{"run 'convkit --help' for the list of commands"}}
		}
		return cli.ShowAppHelp(c)
	}
	return app
}

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
