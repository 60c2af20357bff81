// Command convkit reads, counts, trims, validates and converts LLM
// conversation files, offline.
package main

import (
	"io"
	"os"

	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/safefile"
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

// run is convkit with its streams and arguments made explicit; it returns
// the exit code and is the only place that prints errors.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	defer safefile.RemoveTempsOnSignal(os.Exit)()
	stdout, closed := output.GuardStdout(stdout, stdout == io.Writer(os.Stdout))
	env := newEnv(stdin, stdout, stderr)
	app := newApp(env, commandArg(args))
	err := closed.Check(app.Run(intersperse(app, args)))
	if err == nil {
		return exitOK
	}
	return report(env.Err, err)
}
