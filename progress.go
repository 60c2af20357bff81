package main

import (
	"os"
	"slices"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/progress"
	"github.com/convkit/convkit/internal/source"
)

// progressCommands read whole inputs and can run long on big files: they
// show how far reading has got.
var progressCommands = []string{"count", "validate", "export", "trim"}

var noProgressFlag = &cli.BoolFlag{Name: "no-progress", Usage: "never show progress (also: CONVKIT_NO_PROGRESS=1); it shows only on a terminal's stderr"}

// wantsProgress says whether a command run shows progress: on stderr that
// is a terminal that can redraw a line (TERM is not dumb), unless it is
// turned off or -q asks for silence.
func (e *env) wantsProgress(c *cli.Context) bool {
	return e.errTTY && os.Getenv("TERM") != "dumb" && os.Getenv("CONVKIT_NO_PROGRESS") == "" &&
		!c.Bool("no-progress") && !e.Quiet
}

// startProgress starts the progress of reading the command's inputs (see
// package progress), after progress.Delay or CONVKIT_PROGRESS_DELAY (a Go
// duration).
func (e *env) startProgress(c *cli.Context) {
	delay := progress.Delay
	if d, err := time.ParseDuration(os.Getenv("CONVKIT_PROGRESS_DELAY")); err == nil {
		delay = d
	}
	e.Progress = progress.New(e.progressWriter(), progress.InputsSize(source.OrStdin(c.Args().Slice()), e.In), delay)
	if e.OutTTY { // the same terminal: clear the bar before data is written
		e.Out = e.Progress.ClearingWriter(e.Out)
	}
}

// withProgressFlag adds --no-progress to the commands that show progress.
func withProgressFlag(name string, flags []cli.Flag) []cli.Flag {
	if slices.Contains(progressCommands, name) {
		flags = append(flags, noProgressFlag)
	}
	return flags
}
