package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/numfmt"
)

// The flags every dataset verb (filter, dedupe, sample, split…) shares.
var (
	datasetFormatFlag = &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "write `FORMAT` instead of the input's format"}
	skipInvalidFlag   = &cli.BoolFlag{Name: "skip-invalid", Usage: "skip the lines of a JSONL file that cannot be read (counted on standard error) instead of stopping"}
	verboseFlag       = &cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "name each conversation dropped, on standard error"}
)

// datasetFlags are the shared flags of a verb that writes conversations.
func datasetFlags(more ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{outputFlag, datasetFormatFlag, fromFlag, skipInvalidFlag, verboseFlag}, more...)
}

// datasetOptions are the shared flags' values.
type datasetOptions struct {
	files       []string
	output      string
	format      string // "" writes the input's format
	from        string
	skipInvalid bool
	verbose     bool
	// unreadable gives lines that cannot be read to the verb as records
	// with err set (filter --invalid), rather than stopping.
	unreadable bool
}

func datasetOptionsOf(c *cli.Context, files []string) datasetOptions {
	return datasetOptions{files: files, output: c.String("output"), format: c.String("format"), from: c.String("from"),
		skipInvalid: c.Bool("skip-invalid"), verbose: c.Bool("verbose")}
}

// record is one conversation as a dataset verb sees it.
type record struct {
	file   string
	line   int // where it starts: its JSONL line, or its number in the file
	conv   *chat.Conversation
	raw    []byte // its exact source line when known (JSONL); valid until the next record
	format *convert.Format
	err    error // why it could not be read, with datasetOptions.unreadable
}

// where names the record's place for messages.
func (r *record) where() string { return fmt.Sprintf("%s:%d", r.file, r.line) }

// sourceLine is the line the record is on when its input holds one
// conversation per line (JSONL), 0 otherwise.
func (r *record) sourceLine() int {
	if r.raw == nil {
		return 0
	}
	return r.line
}

// digest is the content digest dedupe, sample, split and stats share.
func (r *record) digest() dedupe.Digest { return dedupe.Sum(dedupe.Key(r.conv)) }

// eachRecord reads every conversation of every file in order. An empty
// input has no conversation and is no error. It returns how many lines
// --skip-invalid skipped.
func (e *env) eachRecord(opts datasetOptions, fn func(*record) error) (skipped int, err error) {
	for _, path := range orStdin(opts.files) {
		// The reader's warnings (an unknown role) are not shown: the verbs
		// keep what they read as it is; validate reports them.
		in, err := e.openInput(path, inputOptions{from: opts.from})
		if errors.Is(err, errEmptyInput) {
			continue
		}
		if err != nil {
			return skipped, err
		}
		rawDec, lines := in.dec.(convert.RawDecoder)
		for n := 1; ; n++ {
			r := &record{file: in.name, line: n, format: in.format}
			r.conv, err = in.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if lines {
				r.raw, r.line = rawDec.Raw()
			}
			// Only a line-based reader can go on past a line it cannot read.
			if err != nil && lines && r.raw != nil && (opts.unreadable || opts.skipInvalid) {
				if !opts.unreadable {
					skipped++
					if opts.verbose {
						e.warnf("%v (line skipped)", err)
					}
					continue
				}
				r.err = err
				err = nil
			}
			if err == nil {
				err = fn(r)
			}
			if err != nil {
				in.close()
				return skipped, err
			}
		}
		if err := in.close(); err != nil {
			return skipped, fmt.Errorf("%s: %w", in.name, err)
		}
	}
	return skipped, nil
}

// recordWriter writes the conversations a verb keeps, in the format of its
// input unless --format names one: a conversation kept unchanged from a
// JSONL line is written as that line, byte for byte.
type recordWriter struct {
	w      io.Writer
	format *convert.Format
	named  string // the -o FILE whose extension may imply the format, or ""
	enc    convert.Encoder
	warn   func(string)
}

func (e *env) newRecordWriter(w io.Writer, format string) (*recordWriter, error) {
	rw := &recordWriter{w: w, warn: func(s string) { e.warnf("%s", s) }}
	if format != "" {
		f, err := namedFormat(format, true)
		if err != nil {
			return nil, err
		}
		rw.format = f
	}
	return rw, nil
}

// write writes conv, which r was read as or made from.
func (rw *recordWriter) write(r *record, conv *chat.Conversation) error {
	if rw.format == nil {
		rw.format = impliedFormat(rw.named, r.format)
	}
	if r.raw != nil && (conv == r.conv || r.conv == nil) && rw.format == r.format {
		if _, err := rw.w.Write(r.raw); err != nil {
			return err
		}
		_, err := rw.w.Write([]byte{'\n'})
		return err
	}
	if conv == nil {
		return fmt.Errorf("%s: cannot write a line that could not be read in format %s", r.where(), rw.format.Name)
	}
	if rw.enc == nil {
		rw.enc = rw.format.NewEncoder(rw.w, convert.EncodeOptions{Warn: rw.warn})
	}
	return rw.enc.Encode(conv)
}

func (rw *recordWriter) close() error {
	if rw.enc == nil {
		return nil
	}
	return rw.enc.Close()
}

// sink is one output of a verb: a file or standard output, and the writer
// of records into it.
type sink struct {
	*recordWriter
	out  *output
	path string
}

// openSink opens path, the -o FILE ("" for standard output), for records;
// without a format, path's extension may imply one.
func (e *env) openSink(path, format string, inputs []string) (*sink, error) {
	s, err := e.openFileSink(path, format, inputs)
	if err == nil {
		s.named = path
	}
	return s, err
}

// openFileSink opens path ("" for standard output) for records.
func (e *env) openFileSink(path, format string, inputs []string) (*sink, error) {
	out, err := e.openOutput(path, inputs)
	if err != nil {
		return nil, err
	}
	rw, err := e.newRecordWriter(out, format)
	if err != nil {
		out.abort()
		return nil, err
	}
	return &sink{rw, out, path}, nil
}

// finish closes the sink's encoder and commits its file, or, after an
// error, drops the file.
func (s *sink) finish(err error) error {
	if err == nil {
		err = s.close()
	}
	if err != nil {
		s.out.abort()
		return err
	}
	if err := s.out.commit(); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	return nil
}

// openSinks opens one file per name in dir, made if missing, each named
// name plus the extension of the output format (of the first input when
// format is "").
func (e *env) openSinks(dir, format string, opts datasetOptions, names []string) ([]*sink, error) {
	if dir == "" {
		return nil, usageErrorf("-o/--output DIR is needed: this command writes several files")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fileError(err)
	}
	ext := ".jsonl"
	if f, err := convert.Lookup(format); err == nil && len(f.Extensions) > 0 {
		ext = f.Extensions[0]
	} else if format == "" && len(opts.files) > 0 && opts.files[0] != "-" {
		if e := filepath.Ext(opts.files[0]); e != "" {
			ext = e
		}
	}
	var sinks []*sink
	for _, name := range names {
		s, err := e.openFileSink(filepath.Join(dir, name+ext), format, opts.files)
		if err != nil {
			for _, s := range sinks {
				s.out.abort()
			}
			return nil, err
		}
		sinks = append(sinks, s)
	}
	return sinks, nil
}

// finishAll finishes every sink, committing them only when err is nil.
func finishAll(sinks []*sink, err error) error {
	for _, s := range sinks {
		if ferr := s.finish(err); err == nil {
			err = ferr
		}
	}
	return err
}

// summary prints the one line a verb prints when it dropped something.
func (e *env) summary(verb, format string, args ...any) {
	if e.quiet {
		return
	}
	fmt.Fprintf(e.err, "convkit: %s: %s\n", verb, fmt.Sprintf(format, args...))
}

// skippedNote adds, to a summary, the lines --skip-invalid skipped.
func skippedNote(skipped int) string {
	if skipped == 0 {
		return ""
	}
	return fmt.Sprintf(", skipped %s that could not be read", numfmt.Plural(skipped, "line"))
}

// expressionError turns a filter.SyntaxError into a usage error that
// shows the expression with a caret under the column.
func expressionError(flag string, err error) error {
	var se *filter.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	return &usageError{err: fmt.Errorf("%s:%d: %s", flag, se.Col, se.Msg), hints: []string{se.Expr, fmt.Sprintf("%*s", se.Col, "^")}}
}

// recordKey returns the key a verb groups records by: "whole" (the
// default: all the conversation's text), "first-user", or an expression.
func recordKey(name string) (func(r *record) (dedupe.Digest, string, error), error) {
	switch name {
	case "", "whole":
		return func(r *record) (dedupe.Digest, string, error) {
			k := dedupe.Key(r.conv)
			return dedupe.Sum(k), k, nil
		}, nil
	case "first-user":
		return func(r *record) (dedupe.Digest, string, error) {
			k := dedupe.FirstUser(r.conv)
			return dedupe.Sum(k), k, nil
		}, nil
	}
	prog, err := filter.CompileKey(name)
	if err != nil {
		return nil, expressionError("--key", err)
	}
	if prog.UsesTokens() {
		return nil, usageErrorf("a key expression cannot use tokens")
	}
	return func(r *record) (dedupe.Digest, string, error) {
		k, err := prog.Key(r.conv, r.line, nil)
		if err != nil {
			return dedupe.Digest{}, "", fmt.Errorf("%s: key: %w", r.where(), err)
		}
		k = dedupe.Normalize(k)
		return dedupe.Sum(k), k, nil
	}, nil
}

// errStopped ends the reading of records that parallelRecords no longer
// wants.
var errStopped = errors.New("stopped")

// parallelRecords reads records as eachRecord does and runs work on each
// on every core; the functions work returns then run one at a time, in
// input order, where a verb writes and keeps its tallies. A record's raw
// line stays valid until its function has run.
func (e *env) parallelRecords(opts datasetOptions, work func(*record) func() error) (skipped int, err error) {
	records := make(chan *record)
	done := make(chan struct{})
	var readErr error
	go func() {
		defer close(records)
		skipped, readErr = e.eachRecord(opts, func(r *record) error {
			r.raw = bytes.Clone(r.raw)
			select {
			case records <- r:
				return nil
			case <-done:
				return errStopped
			}
		})
	}()
	next := func() (*record, error) {
		if r, ok := <-records; ok {
			return r, nil
		}
		return nil, io.EOF
	}
	err = count.Ordered(runtime.GOMAXPROCS(0), next, work, func(finish func() error) error { return finish() })
	close(done)
	for range records { // wait for the reader to close its files
	}
	if err == nil && !errors.Is(readErr, errStopped) {
		err = readErr
	}
	return skipped, err
}

// inPlaceOptions checks -i/--in-place against the other flags: it needs
// files, and says where to write as -o does.
func inPlaceOptions(opts datasetOptions, inPlace bool) error {
	switch {
	case !inPlace:
		return nil
	case opts.output != "":
		return usageErrorf("-i/--in-place and -o/--output both say where to write: give one")
	case len(opts.files) == 0 || slices.Contains(opts.files, "-"):
		return usageErrorf("-i/--in-place needs files to replace, not standard input")
	}
	return nil
}

// eachSink runs fn over every input, writing into one sink: -o/--output
// (or standard output) for all of them, or with inPlace one per file,
// each replacing its file, in its own format unless --format names one,
// once fn has read it all. An error leaves the file being written, and
// those after it, as they were.
func (e *env) eachSink(opts datasetOptions, inPlace bool, fn func(datasetOptions, *sink) error) error {
	if !inPlace {
		s, err := e.openSink(opts.output, opts.format, opts.files)
		if err != nil {
			return err
		}
		return s.finish(fn(opts, s))
	}
	for _, path := range opts.files {
		out, err := e.openInPlace(path)
		if err != nil {
			return err
		}
		rw, err := e.newRecordWriter(out, opts.format)
		if err != nil {
			out.abort()
			return err
		}
		one := opts
		one.files = []string{path}
		s := &sink{rw, out, path}
		if err := s.finish(fn(one, s)); err != nil {
			return err
		}
	}
	return nil
}
