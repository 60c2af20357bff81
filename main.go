// Command convkit reads, counts, trims, validates and converts LLM
// conversation files, offline.
package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"

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
	defer removeTempsOnSignal()()
	stdout, closed := output.GuardStdout(stdout, stdout == io.Writer(os.Stdout))
	env := newEnv(stdin, stdout, stderr)
	app := newApp(env)
	err := closed.Check(app.Run(intersperse(app, args)))
	if err == nil {
		return exitOK
	}
	return report(env.Err, err)
}

// removeTempsOnSignal makes SIGINT, SIGTERM and SIGHUP remove the
// temporary files of writes in progress, then end convkit with 128 plus
// the signal's number, as a shell reports a process killed by it. Signals
// convkit was started with ignored (nohup, background jobs) stay ignored.
// The returned function undoes it.
func removeTempsOnSignal() (stop func()) {
	var sigs []os.Signal
	for _, s := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	caught := make(chan os.Signal, 1)
	signal.Notify(caught, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-caught:
			safefile.RemoveTemps()
			// The one exit outside main: the signal ends convkit wherever it is.
			os.Exit(128 + int(s.(syscall.Signal)))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(caught)
		close(done)
	}
}
