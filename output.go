package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// output is where a command writes its data: standard output, or a file
// written atomically (a temporary file in the same folder, synced, then
// renamed over the target), so that an error never leaves a half-written file.
type output struct {
	w    *bufio.Writer
	tmp  *os.File
	path string
}

// openOutput opens path for writing ("" or "-" is standard output). It
// refuses a path that is one of the inputs.
func (e *env) openOutput(path string, inputs []string) (*output, error) {
	if path == "" || path == "-" {
		return &output{w: bufio.NewWriterSize(e.out, 64<<10)}, nil
	}
	for _, in := range inputs {
		if in != "-" && samePath(in, path) {
			return nil, &usageError{err: fmt.Errorf("%s: output file is also an input; convkit never overwrites its input", path),
				hints: []string{"write to another file, or use -i/--in-place where the command has it"}}
		}
	}
	return fileOutput(path)
}

// openInPlace opens path, an input, to be replaced atomically (-i): the
// one case where writing over an input is what was asked for.
func (e *env) openInPlace(path string) (*output, error) {
	return fileOutput(path)
}

func fileOutput(path string) (*output, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, fileError(err)
	}
	return &output{w: bufio.NewWriterSize(tmp, 64<<10), tmp: tmp, path: path}, nil
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

func (o *output) Write(p []byte) (int, error) { return o.w.Write(p) }

// commit finishes the output: flushes, and for a file syncs it and renames
// it into place, keeping the permissions of a file it replaces.
func (o *output) commit() error {
	if err := o.w.Flush(); err != nil {
		o.abort()
		return err
	}
	if o.tmp == nil {
		return nil
	}
	mode := os.FileMode(0o644)
	if st, err := os.Stat(o.path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := o.tmp.Chmod(mode); err != nil {
		o.abort()
		return err
	}
	if err := o.tmp.Sync(); err != nil {
		o.abort()
		return err
	}
	if err := o.tmp.Close(); err != nil {
		os.Remove(o.tmp.Name())
		return err
	}
	if err := os.Rename(o.tmp.Name(), o.path); err != nil {
		os.Remove(o.tmp.Name())
		return fileError(err)
	}
	return nil
}

// abort drops a file output; standard output keeps what was written.
func (o *output) abort() {
	if o.tmp != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
		o.tmp = nil
	}
}

var _ io.Writer = (*output)(nil)
