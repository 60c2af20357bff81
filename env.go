package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// env is what a command may touch of the outside world: its streams and
// whether they are terminals. Commands get it instead of reaching for os.
type env struct {
	in             io.Reader
	out, err       io.Writer
	outTTY, errTTY bool
	noColor        bool // NO_COLOR is set
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	return &env{in: stdin, out: stdout, err: stderr, outTTY: isTerminal(stdout), errTTY: isTerminal(stderr), noColor: os.Getenv("NO_COLOR") != ""}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

var colorFlag = &cli.StringFlag{Name: "color", Value: "auto", Usage: "colour role labels: auto (on a terminal, unless NO_COLOR is set), always, never"}

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

// warnf prints a warning line on stderr.
func (e *env) warnf(format string, args ...any) {
	fmt.Fprintf(e.err, "convkit: warning: "+format+"\n", args...)
}

// intersperse lets flags follow the arguments (convkit trim chat.json
// --last 5): urfave/cli stops reading flags at the first argument, so flags
// that come after it are moved before it.
func intersperse(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, name := range f.Names() {
			takesValue[name] = !isBool
		}
	}
	var flags, rest []string
	tail := args[2:]
	for i := 0; i < len(tail); i++ {
		a := tail[i]
		if a == "--" {
			rest = append(rest, tail[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if takesValue[name] && i+1 < len(tail) {
			i++
			flags = append(flags, tail[i])
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(rest) > 0 {
		out = append(out, "--")
	}
	return append(out, rest...)
}
