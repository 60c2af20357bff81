// Package output is where a command writes its data: standard output, or a
// file written safely (see package safefile): an error never leaves a
// half-written file, and an input is never overwritten unless asked to
// be (-i, append). Errors name the output, with the hint that fits.
package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/codec"
	"github.com/convkit/convkit/internal/safefile"
	"github.com/convkit/convkit/internal/termsafe"
)

// LockTimeout is how long append and -i/--in-place wait for another
// convkit editing the same file.
var LockTimeout = safefile.DefaultLockTimeout

// Output is where a command writes its data. Write through it (its errors
// name it), or through W, its buffer.
type Output struct {
	W    *bufio.Writer
	file *safefile.File // nil for standard output
	name string         // what errors call it
	dst  io.Writer      // what w writes to, through zw when it is set
	zw   io.WriteCloser // the compressor, if the output is compressed
	// On a terminal, what is written is cleaned of escape sequences (see
	// package termsafe) unless the writer cleans it itself: term writes
	// to the terminal, raw is the terminal.
	term *termsafe.Writer
	raw  io.Writer
	// terminal is set for standard output on a terminal, which gets no
	// binary data (see Encoder).
	terminal bool
}

// Open opens path for writing; "", "-" or /dev/stdout is stdout, whose
// output is cleaned of escape sequences when terminal says it is one. It
// refuses a path that is one of the inputs.
func Open(stdout io.Writer, terminal bool, path string, inputs []string) (*Output, error) {
	if path == "" || path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" {
		if terminal {
			term := &termsafe.Writer{W: stdout}
			return &Output{W: bufio.NewWriterSize(term, 64<<10), name: "stdout", dst: term, term: term, raw: stdout, terminal: true}, nil
		}
		return &Output{W: bufio.NewWriterSize(stdout, 64<<10), name: "stdout", dst: stdout}, nil
	}
	if err := writable(path); err != nil {
		return nil, err
	}
	for _, in := range inputs {
		if in != "-" && samePath(in, path) {
			return nil, &cmderr.Usage{Err: fmt.Errorf("%s: output file is also an input; convkit never overwrites its input", path),
				Hints: []string{"write to another file, or use -i/--in-place where the command has it"}}
		}
	}
	f, err := safefile.Create(path, safefile.Options{LockTimeout: LockTimeout})
	if err != nil {
		return nil, Error(path, err)
	}
	return fileOutput(f)
}

// InPlace starts replacing path, an input (-i, append): the one case
// where writing over an input is what was asked for. It holds path's lock
// until commit or abort, so the caller reads path after this returns.
// A missing path is created. For a path it cannot replace (a device, a
// pipe), the hint adds otherwise, the command's other way to write
// (ElsewhereWithO), if it has one: append has no -o.
func InPlace(path, otherwise string) (*Output, error) {
	kind, err := PackedAs(path)
	var usage *cmderr.Usage
	if errors.As(err, &usage) && otherwise == "" {
		usage.Hints = nil // its hint is -o
	}
	if err != nil {
		return nil, err
	}
	f, err := safefile.Edit(path, safefile.Options{LockTimeout: LockTimeout})
	var notRegular *safefile.NotRegularError
	if errors.As(err, &notRegular) && !notRegular.Mode.IsDir() && otherwise != "" {
		return nil, &cmderr.Hint{Err: err, Hints: []string{notRegularHint + "; " + otherwise}}
	}
	if err != nil {
		return nil, Error(path, err)
	}
	o, err := fileOutput(f)
	if err == nil {
		if err = o.Compress(kind); err != nil { // packed as read, not as named
			o.Abort()
			return nil, err
		}
	}
	return o, err
}

// writable refuses a name whose extension asks for a compression convkit
// does not write (.xz, .bz2, .zip), rather than write it uncompressed.
func writable(path string) error {
	if k := codec.ForExt(path); k != codec.None && codec.ForName(path) == codec.None {
		return cmderr.Usagef("%s: convkit cannot write %s; name the file .gz or .zst, or without compression", path, k)
	}
	return nil
}

func fileOutput(f *safefile.File) (*Output, error) {
	o := &Output{W: bufio.NewWriterSize(f, 64<<10), file: f, name: f.Name(), dst: f}
	if err := o.Compress(codec.ForName(f.Name())); err != nil {
		o.Abort()
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

func (o *Output) Write(p []byte) (int, error) {
	n, err := o.W.Write(p)
	if err != nil {
		err = Error(o.name, err)
	}
	return n, err
}

// Encoder makes f's encoder, writing to o. Every command's encoder is made
// here, so that none writes binary data (Parquet) to a terminal, where it
// would garble the screen and be of no use.
func (o *Output) Encoder(f *convert.Format, opts convert.EncodeOptions) (convert.Encoder, error) {
	if f.Binary && o.terminal {
		return nil, binaryOnTerminal(f.Name)
	}
	return f.NewEncoder(o, opts), nil
}

// binaryOnTerminal is the error of binary data (what) for a terminal.
func binaryOnTerminal(what string) error {
	return &cmderr.Usage{Err: fmt.Errorf("stdout is a terminal: convkit does not write %s, which is binary, to it", what),
		Hints: []string{"write it to a file with -o FILE, or redirect standard output"}}
}

// KeepEscapes writes to the terminal as it is, for a writer that colours
// its output and cleans what came from input itself (text with colour).
// It is called before anything is written.
func (o *Output) KeepEscapes() {
	if o.term != nil {
		o.W.Reset(o.raw)
		o.dst, o.term = o.raw, nil
	}
}

// Commit finishes the output: flushes it, and puts a file in place. Its
// errors name the output.
func (o *Output) Commit() error {
	if err := o.W.Flush(); err != nil {
		o.Abort()
		return Error(o.name, err)
	}
	if err := o.closeCompressor(); err != nil {
		o.Abort()
		return Error(o.name, err)
	}
	if o.term != nil {
		if err := o.term.Flush(); err != nil {
			return Error(o.name, err)
		}
	}
	if o.file == nil {
		return nil
	}
	if err := o.file.Commit(); err != nil {
		return Error(o.name, err)
	}
	return nil
}

// Abort drops a file output; standard output keeps what was written.
// It does nothing after commit.
func (o *Output) Abort() {
	if o.file != nil {
		o.file.Abort()
	}
}

// WriteError is a failed write, named by where it was going.
type WriteError struct {
	Name string
	Err  error
}

func (e *WriteError) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// notRegularHint is the hint for a path InPlace cannot replace.
const notRegularHint = "-i/--in-place and append replace regular files only"

// ElsewhereWithO is InPlace's otherwise for a command with -o.
const ElsewhereWithO = "write to another file with -o"

// Error names err by the output name, once, with the hint that fits;
// safefile's own errors already name their file.
func Error(name string, err error) error {
	var named *WriteError
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
		return &cmderr.Hint{Err: err, Hints: []string{notRegularHint}}
	case errors.As(err, &readOnly):
		return &cmderr.Hint{Err: err, Hints: []string{fmt.Sprintf("convkit does not replace read-only files; make it writable first (chmod u+w %s)", name)}}
	case errors.As(err, &busy):
		return &cmderr.Hint{Err: err, Hints: []string{"another convkit append or -i/--in-place is editing it; try again when it is done"}}
	case errors.As(err, &pe):
		return &WriteError{name, pe.Err}
	case errors.As(err, &le):
		return &WriteError{name, le.Err}
	}
	return &WriteError{name, err}
}

// ClosedStdout stands for a standard output that was closed when convkit
// started: the Go runtime then opens /dev/null in its place, where data
// would vanish while convkit reports success.
type ClosedStdout struct{ written bool }

// ErrStdoutClosed is the error of a write to a closed standard output.
var ErrStdoutClosed = &WriteError{"stdout", syscall.EBADF}

func (c *ClosedStdout) Write([]byte) (int, error) {
	c.written = true
	return 0, ErrStdoutClosed
}

// GuardStdout returns stdout, or a ClosedStdout if stdout is the
// process's (file descriptor 1, as process says) and was closed at start:
// the runtime's stand-in is /dev/null opened read-write, which a shell
// redirection (>/dev/null) never gives.
func GuardStdout(stdout io.Writer, process bool) (io.Writer, *ClosedStdout) {
	if !process {
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
	c := &ClosedStdout{}
	return c, c
}

// Check turns the success of a command that wrote to a closed standard
// output (and ignored the error) into the error.
func (c *ClosedStdout) Check(err error) error {
	if err == nil && c != nil && c.written {
		return ErrStdoutClosed
	}
	return err
}

// WritesLines reports whether a writer of format f into output ("" for
// standard output) writes JSON Lines (convert.EncodeOptions.Lines): when
// output's name says so (.jsonl, .ndjson, compressed or not), or when f is
// the format of the input, which is JSON Lines or one compact object.
func WritesLines(output string, f, input *convert.Format, inputLines bool) bool {
	ext := strings.ToLower(filepath.Ext(codec.TrimExt(output)))
	return ext == ".jsonl" || ext == ".ndjson" || f == input && inputLines
}

// ImpliedFormat is the format an output file's name implies when no
// -f/--format is given: input's format when its extension fits it (a
// .json file stays meta), or else the first writable format with that
// extension (out.md is markdown, out.md.gz too), as pandoc does. It
// returns input when the name implies nothing, and nil when there is
// neither.
func ImpliedFormat(output string, input *convert.Format) *convert.Format {
	ext := strings.ToLower(filepath.Ext(codec.TrimExt(output)))
	if output == "" || output == "-" || ext == "" || (input != nil && slices.Contains(input.Extensions, ext)) {
		return input
	}
	if f := convert.ForExtension(ext); f != nil {
		return f
	}
	return input
}

// SinkExt is the extension of the files a verb writes into a directory
// (split, shard): the format's, or when format is "" the first input's
// own (.jsonl when it has none, or when it is standard input or a zip
// archive), and the first input's compression when convkit writes it
// (.gz, .zst).
func SinkExt(first, format string) string {
	ext := ".jsonl"
	if f, err := convert.Lookup(format); err == nil && len(f.Extensions) > 0 {
		ext = f.Extensions[0]
	} else if e := filepath.Ext(codec.TrimExt(first)); format == "" && e != "" && codec.ForExt(e) == codec.None {
		ext = e
	}
	if codec.ForName(first) != codec.None {
		ext += strings.ToLower(filepath.Ext(first))
	}
	return ext
}
