// Package dataset is what the dataset verbs (filter, dedupe, sample,
// split, shard, head, chunk, merge-roles, grep, stats, redact) share: the
// records they read, in order or on every core, and the sinks they write
// records into (-o FILE, -o DIR, -i).
package dataset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/spool"
)

// Options are what every dataset verb's shared flags say.
type Options struct {
	Files       []string
	Output      string
	Format      string // "" writes the input's format
	From        string
	SkipInvalid bool
	Verbose     bool
	// Unreadable gives lines that cannot be read to the verb as records
	// with Err set (filter --invalid), rather than stopping.
	Unreadable bool
	// KeepLong keeps the lines of JSON Lines too long to hold in temporary
	// files, as Record.Long, for a verb that needs every record's line.
	KeepLong bool
	// Workers is how many goroutines Parallel works on; 0 means GOMAXPROCS.
	Workers int
	// Long, when set, takes the strings too long to hold (see passLong).
	Long func(chat.LongKind) chat.Sink
	// spools, when set, are Long's: Each and Parallel release those of
	// each record once the verb is done with it (see releaser).
	spools *spool.Set
}

// Record is one conversation as a dataset verb sees it.
type Record struct {
	File   string
	Line   int // where it starts: its JSONL line, or its number in the file
	Conv   *chat.Conversation
	Raw    []byte // its exact source line when known (JSONL); valid until the next record
	Format *convert.Format
	Lines  bool  // its input is JSON Lines (source.Input.Lines)
	Err    error // why it could not be read, with Options.Unreadable
	// Long is the source line when it is too long for Raw, with
	// Options.KeepLong; valid as Raw is.
	Long *LongLine
}

// hasSource says whether the record's exact source line is known.
func (r *Record) hasSource() bool { return r.Raw != nil || r.Long != nil }

// Where names the record's place for messages: FILE:LINE.
func (r *Record) Where() string { return fmt.Sprintf("%s:%d", r.File, r.Line) }

// SourceLine is the line the record is on when its input holds one
// conversation per line (JSONL), 0 otherwise.
func (r *Record) SourceLine() int {
	if !r.hasSource() {
		return 0
	}
	return r.Line
}

// Digest is the content digest dedupe, sample, split and stats share,
// hashed as spooled texts stream (dedupe.SumKey).
func (r *Record) Digest() (dedupe.Digest, error) {
	d, err := dedupe.SumKey(r.Conv)
	if err != nil {
		return d, fmt.Errorf("%s: %w", r.Where(), err)
	}
	return d, nil
}

// sourceOptions are how the verbs open inputs, and where long lines are
// kept (nil unless KeepLong). The reader's warnings (an unknown role) are
// not shown: the verbs keep what they read as it is; validate reports them.
func (opts Options) sourceOptions() (source.Options, *longLines) {
	so := source.Options{From: opts.From, Long: opts.Long}
	if !opts.KeepLong {
		return so, nil
	}
	long := &longLines{}
	so.LongLines = long.open
	return so, long
}

// Each reads every conversation of every file in order. An empty input
// has no conversation and is no error. It returns how many lines
// --skip-invalid skipped.
func Each(e *app.Env, opts Options, fn func(*Record) error) (skipped int, err error) {
	sopts, long := opts.sourceOptions()
	for _, path := range source.OrStdin(opts.Files) {
		in, err := e.OpenInput(path, sopts)
		if errors.Is(err, source.ErrEmpty) {
			continue
		}
		if err != nil {
			return skipped, err
		}
		n, err := eachOfInput(e, in, opts, long, fn)
		skipped += n
		if err != nil {
			in.Close()
			return skipped, err
		}
		if err := in.Close(); err != nil {
			return skipped, fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	return skipped, nil
}

// eachOfInput is Each for one input.
func eachOfInput(e *app.Env, in *source.Input, opts Options, long *longLines, fn func(*Record) error) (skipped int, err error) {
	rawDec, lines := in.Dec.(convert.RawDecoder)
	spools := newReleaser(opts.spools)
	for n := 1; ; n++ {
		r := &Record{File: in.Name, Line: n, Format: in.Format, Lines: in.Lines}
		r.Conv, err = in.Next()
		if errors.Is(err, io.EOF) {
			return skipped, nil
		}
		mark := spools.mark()
		if lines {
			r.Raw, r.Line = rawDec.Raw()
		}
		r.Long, err = long.take(r, err)
		// Only a line-based reader can go on past a line it cannot read.
		if err != nil && lines && r.hasSource() && (opts.Unreadable || opts.SkipInvalid) {
			if !opts.Unreadable {
				skipped++
				if opts.Verbose {
					e.Warnf("%v (line skipped)", err)
				}
				continue
			}
			r.Err, err = err, nil
		}
		if err == nil {
			err = fn(r)
		}
		spools.done(mark)
		r.Long.close()
		if err != nil {
			return skipped, err
		}
	}
}

// Writer writes the conversations a verb keeps, in the format of its
// input unless --format names one: a conversation kept unchanged from a
// JSONL line is written as that line, byte for byte.
type Writer struct {
	w      *output.Output
	format *convert.Format
	named  string // the -o FILE whose extension may imply the format, or ""
	enc    convert.Encoder
	warn   func(string)
}

// NewWriter writes records into w, in format ("" for each input's own).
func NewWriter(e *app.Env, w *output.Output, format string) (*Writer, error) {
	rw := &Writer{w: w, warn: e.Warn}
	if format != "" {
		f, err := source.NamedFormat(format, true)
		if err != nil {
			return nil, err
		}
		rw.format = f
	}
	return rw, nil
}

// Write writes conv, which r was read as or made from.
func (rw *Writer) Write(r *Record, conv *chat.Conversation) error {
	if rw.format == nil {
		rw.format = output.ImpliedFormat(rw.named, r.Format)
	}
	if !rw.format.CanWrite() { // an export (chatgpt, claude) is read only
		return cmderr.Usagef("format %q can be read but not written; name an output format with -f (jsonl keeps every field)", rw.format.Name)
	}
	if r.hasSource() && (conv == r.Conv || r.Conv == nil) && rw.format == r.Format {
		var err error
		if r.Raw != nil {
			_, err = rw.w.Write(r.Raw)
		} else {
			_, err = io.Copy(rw.w, r.Long.Reader())
		}
		if err == nil {
			_, err = rw.w.Write([]byte{'\n'})
		}
		return err
	}
	if conv == nil {
		return fmt.Errorf("%s: cannot write a line that could not be read in format %s", r.Where(), rw.format.Name)
	}
	if rw.enc == nil {
		var err error
		if rw.enc, err = rw.w.Encoder(rw.format, convert.EncodeOptions{Warn: rw.warn, Lines: output.WritesLines(rw.named, rw.format, r.Format, r.Lines)}); err != nil {
			return err
		}
	}
	return rw.enc.Encode(conv)
}

// Close ends the document the writer's encoder began; with no record
// written, a file of a format known from its name or --format gets that
// format's empty document (a Parquet file of no row), as export writes.
func (rw *Writer) Close() error {
	if rw.enc == nil && rw.format == nil {
		rw.format = output.ImpliedFormat(rw.named, nil)
	}
	if rw.enc == nil {
		if rw.format == nil {
			return nil
		}
		var err error
		if rw.enc, err = rw.w.Encoder(rw.format, convert.EncodeOptions{Warn: rw.warn, Lines: output.WritesLines(rw.named, rw.format, nil, false)}); err != nil {
			return err
		}
	}
	return rw.enc.Close()
}

// Sink is one output of a verb: a file or standard output, and the writer
// of records into it.
type Sink struct {
	*Writer
	Out  *output.Output
	path string
}

// OpenSink opens path, the -o FILE ("" for standard output), for records;
// without a format, path's extension may imply one.
func OpenSink(e *app.Env, path, format string, inputs []string) (*Sink, error) {
	s, err := openFileSink(e, path, format, inputs)
	if err == nil {
		s.named = path
	}
	return s, err
}

// openFileSink opens path ("" for standard output) for records.
func openFileSink(e *app.Env, path, format string, inputs []string) (*Sink, error) {
	out, err := e.OpenOutput(path, inputs)
	if err != nil {
		return nil, err
	}
	rw, err := NewWriter(e, out, format)
	if err != nil {
		out.Abort()
		return nil, err
	}
	return &Sink{rw, out, path}, nil
}

// Finish closes the sink's encoder and commits its file, or, after an
// error, drops the file; it returns err, or the error finishing.
func (s *Sink) Finish(err error) error {
	if err == nil {
		err = s.Close()
	}
	if err != nil {
		s.Out.Abort()
		return err
	}
	if err := s.Out.Commit(); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	return nil
}

// OpenSinks opens one file per name in dir, made if missing, each named
// name plus output.SinkExt (the format's extension, compressed as the
// first input is if convkit writes that compression). The name implies
// the output format as -o FILE's does: a .jsonl file is JSON Lines.
func OpenSinks(e *app.Env, dir, format string, opts Options, names []string) ([]*Sink, error) {
	if dir == "" {
		return nil, cmderr.Usagef("-o/--output DIR is needed: this command writes several files")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, cmderr.File(err)
	}
	first := ""
	if len(opts.Files) > 0 && opts.Files[0] != "-" {
		first = opts.Files[0]
	}
	ext := output.SinkExt(first, format)
	var sinks []*Sink
	for _, name := range names {
		path := filepath.Join(dir, name+ext)
		s, err := openFileSink(e, path, format, opts.Files)
		if err != nil {
			for _, s := range sinks {
				s.Out.Abort()
			}
			return nil, err
		}
		s.named = path
		sinks = append(sinks, s)
	}
	return sinks, nil
}

// FinishAll finishes every sink, committing them only when err is nil.
func FinishAll(sinks []*Sink, err error) error {
	for _, s := range sinks {
		if ferr := s.Finish(err); err == nil {
			err = ferr
		}
	}
	return err
}

// SkippedNote adds, to a summary, the lines --skip-invalid skipped.
func SkippedNote(skipped int) string {
	if skipped == 0 {
		return ""
	}
	return fmt.Sprintf(", skipped %s that could not be read", numfmt.Plural(skipped, "line"))
}

// ExpressionError turns a filter.SyntaxError into a usage error that
// shows the expression with a caret under the column.
func ExpressionError(flag string, err error) error {
	var se *filter.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	return &cmderr.Usage{Err: fmt.Errorf("%s:%d: %s", flag, se.Col, se.Msg), Hints: []string{se.Expr, fmt.Sprintf("%*s", se.Col, "^")}}
}

// Key returns the key a verb groups records by, as its flag (--key, --by)
// names it: "whole" (the default: all the conversation's text),
// "first-user", or an expression, whose errors name flag;
// with near (dedupe --near), the signature of its text too. The whole
// and first-user keys are hashed, and signed, as spooled texts stream
// (see keyStreams).
func Key(flag, name string, near *dedupe.Near) (func(r *Record) (dedupe.Digest, []uint32, error), error) {
	var sum func(*chat.Conversation) (dedupe.Digest, error)
	var signed func(*chat.Conversation, *dedupe.Near) (dedupe.Digest, []uint32, error)
	switch name {
	case "", "whole":
		sum, signed = dedupe.SumKey, dedupe.SumKeySigned
	case "first-user":
		sum, signed = dedupe.SumFirstUser, dedupe.SumFirstUserSigned
	default:
		return expressionKey(flag, name, near)
	}
	return func(r *Record) (d dedupe.Digest, sig []uint32, err error) {
		if near != nil {
			d, sig, err = signed(r.Conv, near)
		} else {
			d, err = sum(r.Conv)
		}
		if err != nil {
			return d, nil, fmt.Errorf("%s: key: %w", r.Where(), err)
		}
		d, sig = apart(r, d, sig)
		return d, sig, nil
	}, nil
}

// apart gives a record whose key is empty (first-user of a conversation
// without user text) a digest of its own and no signature: an empty key
// says nothing of the conversation, so it matches no other.
func apart(r *Record, d dedupe.Digest, sig []uint32) (dedupe.Digest, []uint32) {
	if d != dedupe.EmptyKey {
		return d, sig
	}
	return dedupe.Sum(fmt.Sprintf("\x00empty key\x00%s\x00%d", r.File, r.Line)), nil
}

// keyStreams says whether the key name reads no long text whole, so that
// a verb grouping by it can read long strings into spools (passLong): the
// whole and first-user keys hash them as they stream (Key without its
// text), and an expression that reads no text (filter's ReadsText: say
// len(messages), id, line) does not look at them.
func keyStreams(name string) bool {
	switch name {
	case "", "whole", "first-user":
		return true
	}
	prog, err := filter.CompileKey(name)
	return err == nil && !prog.ReadsText()
}

// expressionKey is Key for an expression.
func expressionKey(flag, expr string, near *dedupe.Near) (func(r *Record) (dedupe.Digest, []uint32, error), error) {
	prog, err := filter.CompileKey(expr)
	if err != nil {
		return nil, ExpressionError(flag, err)
	}
	if prog.UsesTokens() {
		return nil, cmderr.Usagef("%s: a key expression cannot use tokens", flag)
	}
	return func(r *Record) (dedupe.Digest, []uint32, error) {
		k, err := prog.Key(r.Conv, r.Line, nil)
		if err != nil {
			return dedupe.Digest{}, nil, fmt.Errorf("%s: key: %w", r.Where(), err)
		}
		k = dedupe.Normalize(k)
		var sig []uint32
		if near != nil {
			sig = near.Signature(k)
		}
		d, sig := apart(r, dedupe.Sum(k), sig)
		return d, sig, nil
	}, nil
}

// CheckInPlace checks -i/--in-place against the other flags: it needs
// files, and says where to write as -o does.
func CheckInPlace(opts Options, inPlace bool) error {
	switch {
	case !inPlace:
		return nil
	case opts.Output != "":
		return cmderr.Usagef("-i/--in-place and -o/--output both say where to write: give one")
	case len(opts.Files) == 0 || slices.Contains(opts.Files, "-"):
		return cmderr.Usagef("-i/--in-place needs files to replace, not standard input")
	}
	return nil
}

// EachSink runs fn over every input, writing into one sink: -o/--output
// (or standard output) for all of them, or with inPlace one per file,
// each replacing its file, in its own format unless --format names one,
// once fn has read it all. An error leaves the file being written, and
// those after it, as they were.
func EachSink(e *app.Env, opts Options, inPlace bool, fn func(Options, *Sink) error) error {
	if !inPlace {
		s, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
		if err != nil {
			return err
		}
		return s.Finish(fn(opts, s))
	}
	for _, path := range opts.Files { // before replacing any
		if _, err := output.PackedAs(path); err != nil {
			return err
		}
	}
	for _, path := range opts.Files {
		out, err := e.OpenInPlace(path, output.ElsewhereWithO)
		if err != nil {
			return err
		}
		rw, err := NewWriter(e, out, opts.Format)
		if err != nil {
			out.Abort()
			return err
		}
		one := opts
		one.Files = []string{path}
		s := &Sink{rw, out, path}
		if err := s.Finish(fn(one, s)); err != nil {
			return err
		}
	}
	return nil
}
