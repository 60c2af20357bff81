package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/convkit/convkit/internal/codec"
	"github.com/convkit/convkit/internal/safefile"
)

// lockTimeout is how long append and -i/--in-place wait for another
// convkit editing the same file.
var lockTimeout = safefile.DefaultLockTimeout

// output is where a command writes its data: standard output, or a file
// written safely (see package safefile): an error never leaves a
// half-written file.
type output struct {
	w    *bufio.Writer
	file *safefile.File // nil for standard output
	name string         // what errors call it
	dst  io.Writer      // what w writes to, through zw when it is set
	zw   io.WriteCloser // the compressor, if the output is compressed
}

// openOutput opens path for writing ("", "-" or /dev/stdout is standard
// output). It refuses a path that is one of the inputs.
func (e *env) openOutput(path string, inputs []string) (*output, error) {
	if path == "" || path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" {
		return &output{w: bufio.NewWriterSize(e.out, 64<<10), name: "stdout", dst: e.out}, nil
	}
	for _, in := range inputs {
		if in != "-" && samePath(in, path) {
			return nil, &usageError{err: fmt.Errorf("%s: output file is also an input; convkit never overwrites its input", path),
				hints: []string{"write to another file, or use -i/--in-place where the command has it"}}
		}
	}
	f, err := safefile.Create(path, safefile.Options{LockTimeout: lockTimeout})
	if err != nil {
		return nil, writeError(path, err)
	}
	return fileOutput(f)
}

// openInPlace starts replacing path, an input (-i, append): the one case
// where writing over an input is what was asked for. It holds path's lock
// until commit or abort, so the caller reads path after this returns.
// A missing path is created.
func (e *env) openInPlace(path string) (*output, error) {
	f, err := safefile.Edit(path, safefile.Options{LockTimeout: lockTimeout})
	if err != nil {
		return nil, writeError(path, err)
	}
	return fileOutput(f)
}

func fileOutput(f *safefile.File) (*output, error) {
	o := &output{w: bufio.NewWriterSize(f, 64<<10), file: f, name: f.Name(), dst: f}
	if err := o.compress(codec.ForName(f.Name())); err != nil {
		o.abort()
		return nil, err
	}
	return o, nil
}

// samePath reports whether a and b name the same file.
func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	absA, _ := filepath.Abs(a)
	absB, _ := filepath.Abs(b)
	return absA == absB
}

func (o *output) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil {
		err = writeError(o.name, err)
	}
	return n, err
}

// commit finishes the output: flushes it, and puts a file in place. Its
// errors name the output.
func (o *output) commit() error {
	if err := o.w.Flush(); err != nil {
		o.abort()
		return writeError(o.name, err)
	}
	if err := o.closeCompressor(); err != nil {
		o.abort()
		return writeError(o.name, err)
	}
	if o.file == nil {
		return nil
	}
	if err := o.file.Commit(); err != nil {
		return writeError(o.name, err)
	}
	return nil
}

// abort drops a file output; standard output keeps what was written.
// It does nothing after commit.
func (o *output) abort() {
	if o.file != nil {
		o.file.Abort()
	}
}

// outputError is a failed write, named by where it was going.
type outputError struct {
	name string
	err  error
}

func (e *outputError) Error() string { return e.name + ": " + e.err.Error() }
func (e *outputError) Unwrap() error { return e.err }

// writeError names err by the output name, once, with the hint that
// fits; the library's own errors already name their file.
func writeError(name string, err error) error {
	var named *outputError
	var notRegular *safefile.NotRegularError
	var readOnly *safefile.ReadOnlyError
	var busy *safefile.LockTimeoutError
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &named):
		return err
	case errors.As(err, &notRegular) && notRegular.Mode.IsDir():
		// Said as openSource says it: a directory is told alike as an input.
		return fmt.Errorf("%s: is a directory, not a conversation file", name)
	case errors.As(err, &notRegular):
		return &hintError{err, []string{"-i/--in-place and append replace regular files only; write to another file with -o"}}
	case errors.As(err, &readOnly):
		return &hintError{err, []string{fmt.Sprintf("convkit does not replace read-only files; make it writable first (chmod u+w %s)", name)}}
	case errors.As(err, &busy):
		return &hintError{err, []string{"another convkit append or -i/--in-place is editing it; try again when it is done"}}
	case errors.As(err, &pe):
		return &outputError{name, pe.Err}
	case errors.As(err, &le):
		return &outputError{name, le.Err}
	}
	return &outputError{name, err}
}

// closedStdout stands for a standard output that was closed when convkit
// started: the Go runtime then opens /dev/null in its place, where data
// would vanish while convkit reports success.
type closedStdout struct{ written bool }

var errStdoutClosed = &outputError{"stdout", syscall.EBADF}

func (c *closedStdout) Write([]byte) (int, error) {
	c.written = true
	return 0, errStdoutClosed
}

// guardStdout returns stdout, or a closedStdout if stdout is the process's
// and was closed at start: the runtime's stand-in is /dev/null opened
// read-write, which a shell redirection (>/dev/null) never gives.
func guardStdout(stdout io.Writer) (io.Writer, *closedStdout) {
	if stdout != io.Writer(os.Stdout) {
		return stdout, nil
	}
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, 1, syscall.F_GETFL, 0)
	if errno != 0 || flags&syscall.O_ACCMODE != syscall.O_RDWR {
		return stdout, nil
	}
	var st, null syscall.Stat_t
	if syscall.Fstat(1, &st) != nil || syscall.Stat("/dev/null", &null) != nil || st.Dev != null.Dev || st.Ino != null.Ino {
		return stdout, nil
	}
	c := &closedStdout{}
	return c, c
}

// checkStdout turns the success of a command that wrote to a closed
// standard output (and ignored the error) into the error.
func checkStdout(c *closedStdout, err error) error {
	if err == nil && c != nil && c.written {
		return errStdoutClosed
	}
	return err
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
