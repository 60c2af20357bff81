package main

import (
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
)

// progressCommands read whole inputs and can run long on big files: they
// show how far reading has got.
var progressCommands = []string{"count", "validate", "export", "trim"}

var noProgressFlag = &cli.BoolFlag{Name: "no-progress", Usage: "never show progress (also: CONVKIT_NO_PROGRESS=1); it shows only on a terminal's stderr"}

// progressDelay is how long a command runs before it shows progress: a
// quick one never does. CONVKIT_PROGRESS_DELAY (a Go duration) changes it.
const progressDelay = time.Second

// wantsProgress says whether a command run shows progress: on stderr that
// is a terminal that can redraw a line (TERM is not dumb), unless it is
// turned off or -q asks for silence.
func (e *env) wantsProgress(c *cli.Context) bool {
	return e.errTTY && os.Getenv("TERM") != "dumb" && os.Getenv("CONVKIT_NO_PROGRESS") == "" &&
		!c.Bool("no-progress") && !e.quiet
}

// startProgress starts the progress of reading the command's inputs: a bar
// of bytes read against their total size when it is known (files, or
// standard input redirected from one), a count of bytes and the rate
// otherwise.
func (e *env) startProgress(c *cli.Context) {
	delay := progressDelay
	if d, err := time.ParseDuration(os.Getenv("CONVKIT_PROGRESS_DELAY")); err == nil {
		delay = d
	}
	e.progress = &progress{w: e.progressWriter(), total: e.inputsSize(c.Args().Slice()), start: time.Now(), delay: delay}
	if e.outTTY { // the same terminal: clear the bar before data is written
		e.out = &clearingWriter{e.out, e.progress}
	}
}

// inputsSize is the total size of the inputs, or -1 when one has none
// known (a pipe).
func (e *env) inputsSize(paths []string) int64 {
	var total int64
	for _, p := range orStdin(paths) {
		var st os.FileInfo
		var err error
		if p == "-" {
			f, ok := e.in.(*os.File)
			if !ok {
				return -1
			}
			st, err = f.Stat()
		} else {
			st, err = os.Stat(p)
		}
		if err == nil && !st.Mode().IsRegular() {
			return -1
		}
		if err == nil {
			total += st.Size()
		}
	}
	return total
}

// progress is how much of the inputs has been read, shown on a terminal
// once delay has passed. A nil *progress shows nothing.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int64 // -1: unknown
	read  int64
	start time.Time
	delay time.Duration
	bar   *progressbar.ProgressBar // nil until shown
}

// add counts n more bytes read.
func (p *progress) add(n int) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.read += int64(n)
	if p.bar != nil {
		p.bar.Add64(int64(n))
		return
	}
	if time.Since(p.start) < p.delay {
		return
	}
	p.bar = progressbar.NewOptions64(p.total, progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription("convkit: reading"),
		progressbar.OptionShowBytes(true), progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(), progressbar.OptionSetSpinnerChangeInterval(0))
	p.bar.Add64(p.read)
}

// clear takes the bar off the terminal's line, to be drawn again on the
// next add: before a warning, or data on the same terminal.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
}

// done takes the bar away for good.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
	p.delay = time.Duration(1<<63 - 1) // never again
}

// progressReader counts what is read from r.
type progressReader struct {
	r io.Reader
	p *progress
}

func (pr progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.p.add(n)
	return n, err
}

// clearingWriter clears the progress bar before each write to a terminal
// the bar is on.
type clearingWriter struct {
	w io.Writer
	p *progress
}

func (cw *clearingWriter) Write(b []byte) (int, error) {
	cw.p.clear()
	return cw.w.Write(b)
}

// withProgressFlag adds --no-progress to the commands that show progress.
func withProgressFlag(name string, flags []cli.Flag) []cli.Flag {
	if slices.Contains(progressCommands, name) {
		flags = append(flags, noProgressFlag)
	}
	return flags
}
