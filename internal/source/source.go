// Package source opens a command's inputs: a file or standard input,
// decompressed, a zip archive's members one after the other, its format
// named or sniffed, its conversations decoded one at a time. Every command
// opens its inputs here, so that a missing file, a directory or input that
// is no conversation is told alike.
package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/codec"
	"github.com/convkit/convkit/internal/suggest"
)

// StdinName is what messages call standard input.
const StdinName = "<stdin>"

// ErrEmpty is an input with nothing but white space in it: an error
// for commands that need a conversation, none for the dataset verbs.
var ErrEmpty = errors.New("empty input: no conversation")

// Opener opens inputs; the caller fills it with what it may touch of the
// outside world.
type Opener struct {
	Stdin io.Reader // what "-" reads
	// OnStdin, when set, is called as standard input is opened (to tell a
	// user at a terminal that convkit waits for input there).
	OnStdin func()
	Member  string                    // the zip member every input is read from (--member); "" picks
	Read    func(io.Reader) io.Reader // wraps what is read (to count progress); nil reads as it is
	// Verbose, when set, is told each input's name and the format it is
	// read as.
	Verbose io.Writer
}

// Source is the bytes of one input, opened: a file or standard input,
// decompressed, read a part at a time (a zip archive's members; one part
// for anything else, see codec.Source).
type Source struct {
	Name  string // as the user wrote it; StdinName for standard input; "FILE.zip:MEMBER" for a member
	Path  string // the name to sniff by: as the user wrote it, without .gz/.zst…; "-" for standard input
	R     *bufio.Reader
	close func() error
	parts *codec.Source
	Part  *codec.Part // being read; its At gives Parquet random access
	// longLines: PickFormat found the part to be JSON Lines whose first
	// line is longer than the head (LongFirstLine).
	longLines bool
}

// Close closes the source's file.
func (src *Source) Close() error { return src.close() }

// SniffLen is how much of an input format detection looks at.
const SniffLen = 64 << 10

// Open opens a file, or standard input for "-".
func (o *Opener) Open(path string) (*Source, error) {
	if path == "-" {
		if o.OnStdin != nil {
			o.OnStdin()
		}
		return o.unpack(&Source{Name: StdinName, Path: path, close: func() error { return nil }}, o.read(o.Stdin))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, cmderr.File(err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not a conversation file", path)
	}
	return o.unpack(&Source{Name: path, Path: path, close: f.Close}, o.read(f))
}

// unpack reads src, whose bytes r gives, through codec: decompressed, a
// zip archive's members one after the other.
func (o *Opener) unpack(src *Source, r io.Reader) (*Source, error) {
	parts, err := codec.Open(r, src.Name, codec.Options{Member: o.Member})
	if err != nil {
		src.close()
		return nil, fmt.Errorf("%s: %w", src.Name, err)
	}
	closeFile := src.close
	src.parts, src.close = parts, func() error { parts.Close(); return closeFile() }
	if _, err := src.nextPart(); err != nil {
		src.close()
		return nil, err
	}
	return src, nil
}

// EachPart calls fn for each of src's parts in turn, with src's name and
// reader those of the part.
func (src *Source) EachPart(fn func() error) error {
	for {
		if err := fn(); err != nil {
			return err
		}
		if more, err := src.nextPart(); err != nil || !more {
			return err
		}
	}
}

// nextPart moves src to its next part, if it has one.
func (src *Source) nextPart() (bool, error) {
	part, err := src.parts.Next()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", src.Name, err)
	}
	if src.Part != nil || part.Name != src.Name || part.Kind != codec.None {
		src.Name, src.Path = part.Name, part.Hint
	}
	src.Part, src.R = part, bufio.NewReaderSize(part.R, part.BufferSize(SniffLen))
	return true, nil
}

// read returns r as Read wraps it.
func (o *Opener) read(r io.Reader) io.Reader {
	if o.Read == nil {
		return r
	}
	return o.Read(r)
}

// Head returns the first SniffLen bytes of src, fewer if it is shorter,
// without consuming them. From a pipe it returns fewer once what has come
// is whole lines of JSON objects: waiting for more would keep head -n 1
// from answering before the writer ends.
func (src *Source) Head() ([]byte, error) {
	for n := 1; ; {
		_, err := src.R.Peek(n)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("%s: %w", src.Name, err)
		}
		head, _ := src.R.Peek(min(src.R.Buffered(), SniffLen))
		if err != nil || len(head) == SniffLen || wholeObjectLines(head) {
			return head, nil
		}
		n = len(head) + 1
	}
}

// wholeObjectLines says whether head is one or more lines, each ended,
// each blank or a whole JSON object.
func wholeObjectLines(head []byte) bool {
	if len(head) == 0 || head[len(head)-1] != '\n' {
		return false
	}
	seen := false
	for line := range bytes.Lines(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' || !json.Valid(line) {
			return false
		}
		seen = true
	}
	return seen
}

// PickFormat returns the format named by from, or else the one src's first
// bytes show.
func (src *Source) PickFormat(from string) (*convert.Format, error) {
	if from != "" {
		return NamedFormat(from, false)
	}
	head, err := src.Head()
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, fmt.Errorf("%s: %w", src.Name, ErrEmpty)
	}
	f, err := convert.Detect(head, src.Path)
	src.longLines = err == nil && f.Name != "jsonl" && src.LongFirstLine(head)
	if src.longLines {
		f, err = convert.DetectLines(head, src.Path)
	}
	if err != nil {
		return nil, DetectError(src.Name, err)
	}
	return f, nil
}

// maxLookAhead is how much of a first line longer than the head
// longFirstLine holds to look past it, when the input is not stored as
// it is (a pipe, a compressed file): little, as a long single document
// must still stream (count).
const maxLookAhead = 4 << 20

// LongFirstLine reports whether an input whose head is one JSON line cut
// short (a conversation over 64 KiB) is JSON Lines: whether that line ends
// with the end of an object or array and the next line starts another.
// It reads the first line again through random access when the input is
// stored as it is, or else holds up to maxLookAhead bytes of it to be read
// again.
func (src *Source) LongFirstLine(head []byte) bool {
	body := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) < SniffLen || len(body) == 0 || body[0] != '{' && body[0] != '[' || bytes.IndexByte(body, '\n') >= 0 {
		return false
	}
	if src.Part != nil && src.Part.At != nil {
		// Stored as it is: read the line through random access, leaving
		// src.R where it is.
		return afterFirstLine(bufio.NewReaderSize(io.NewSectionReader(src.Part.At, 0, src.Part.Size), SniffLen))
	}
	var held bytes.Buffer
	lines := afterFirstLine(bufio.NewReaderSize(io.TeeReader(io.LimitReader(src.R, maxLookAhead), &held), SniffLen))
	src.R = bufio.NewReaderSize(io.MultiReader(&held, src.R), SniffLen)
	return lines
}

// afterFirstLine reads r to the end of its first line and reports whether
// that line ends like a JSON object or array and the next non-blank line
// starts one.
func afterFirstLine(r *bufio.Reader) bool {
	var last byte
	for {
		chunk, err := r.ReadSlice('\n')
		if t := bytes.TrimRight(chunk, " \t\r\n"); len(t) > 0 {
			last = t[len(t)-1]
		}
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			return false
		}
	}
	if last != '}' && last != ']' {
		return false
	}
	for {
		b, err := r.ReadByte()
		switch {
		case err != nil:
			return false
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
			continue
		}
		return b == '{' || b == '['
	}
}

// DetectError names the input in Detect's error and gives the hint its
// cause calls for.
func DetectError(name string, err error) error {
	var ce *convert.Error
	if errors.As(err, &ce) {
		ce.File = name
	}
	switch {
	case errors.Is(err, convert.ErrPlainText):
		return &cmderr.Hint{Err: err, Hints: []string{"count it with --plain"}}
	case errors.Is(err, convert.ErrUnknownFormat):
		return &cmderr.Hint{Err: err, Hints: []string{"name the input format with --from"}}
	}
	return err
}

// NotConversations returns Detect's located error when src is, by its first
// bytes, one of the kinds of input given (convert.ErrUTF16,
// convert.ErrCompressed …), so that a command that reads inputs its own
// way (count --plain, validate) refuses them in the words every command
// uses. Any other input gives nil.
func (src *Source) NotConversations(kinds ...error) error {
	head, err := src.Head()
	if err != nil {
		return err
	}
	_, err = convert.Detect(head, src.Path)
	for _, kind := range kinds {
		if errors.Is(err, kind) {
			return DetectError(src.Name, err)
		}
	}
	return nil
}

// BinaryInputs are the kinds of input that are no text to count.
var BinaryInputs = []error{convert.ErrUTF16, convert.ErrCompressed, convert.ErrArchive}

// Input is a source of conversations: a source, its format, its decoder.
type Input struct {
	*Source
	Format *convert.Format
	Dec    convert.Decoder
	// Lines is true when the input is JSON Lines, or one compact JSON
	// object (convert.IsJSONLines): a writer in its format writes lines.
	Lines  bool
	opts   Options // for the parts after the first
	inside bool    // NextUnparsedPart gave a part of a conversation that goes on
}

// Options say how to read inputs.
type Options struct {
	From string // a format name forced by --from; "" sniffs
	// Warn is told the reader's warnings, located ("FILE:LINE:COL: …").
	Warn func(string)
	// AllBranches asks tree-shaped formats for every branch.
	AllBranches bool
	// Hidden asks exports for the messages their reader hides.
	Hidden bool
	// Long opens sinks for strings too long to hold (see
	// convert.DecodeOptions.Long and count.Counter.Sinks).
	Long func(chat.LongKind) chat.Sink
	// Strict refuses what reading changes (convert.DecodeOptions.Strict).
	Strict bool
	// LongLines is given the lines of JSON Lines too long to hold (see
	// convert.DecodeOptions.LongLines).
	LongLines func(n int) io.Writer
}

// Input opens a file (or "-" for standard input) and picks its format.
func (o *Opener) Input(path string, opts Options) (*Input, error) {
	src, err := o.Open(path)
	if err != nil {
		return nil, err
	}
	in := &Input{Source: src, opts: opts}
	if err := in.openPart(); err != nil {
		src.close()
		return nil, err
	}
	if o.Verbose != nil {
		fmt.Fprintf(o.Verbose, "convkit: %s: read as %s\n", in.Name, in.Format.Name)
	}
	return in, nil
}

// openPart picks the format of the source's part and starts decoding it.
func (in *Input) openPart() error {
	var err error
	if in.Format, err = in.Source.PickFormat(in.opts.From); err != nil {
		return err
	}
	head, err := in.Head()
	if err != nil {
		return err
	}
	in.Lines = convert.IsJSONLines(head, in.Path) || in.Source.longLines
	name, opts := in.Name, in.opts
	r := convert.WithRandomAccess(in.R, in.Part.At, in.Part.Size)
	in.Dec = in.Format.NewDecoder(r, convert.DecodeOptions{Warn: func(pos convert.Pos, msg string) {
		if opts.Warn != nil {
			opts.Warn(located(name, pos, msg))
		}
	}, AllBranches: opts.AllBranches, Hidden: opts.Hidden, Long: opts.Long, Strict: opts.Strict, LongLines: opts.LongLines})
	return nil
}

// morePart moves to the input's next part, a zip archive's next member,
// when the last has ended: io.EOF if there is none, or an error that names
// the part.
func (in *Input) morePart() error {
	more, err := in.Source.nextPart()
	if err == nil && !more {
		return io.EOF
	}
	if err == nil {
		err = in.openPart()
	}
	return err
}

// Next returns the input's next conversation, io.EOF at the end, or an
// error that names the file and place.
func (in *Input) Next() (*chat.Conversation, error) {
	c, err := in.Dec.Decode()
	for errors.Is(err, io.EOF) {
		if err := in.morePart(); err != nil {
			return nil, err
		}
		c, err = in.Dec.Decode()
	}
	return c, in.locate(err)
}

// NextPart is Next, but may give a long conversation in parts of about
// max bytes of source (see convert.DecodePart); more is true for every
// part but the last.
func (in *Input) NextPart(max int) (*chat.Conversation, bool, error) {
	c, more, err := convert.DecodePart(in.Dec, max)
	for errors.Is(err, io.EOF) {
		if err := in.morePart(); err != nil {
			return nil, false, err
		}
		c, more, err = convert.DecodePart(in.Dec, max)
	}
	return c, more, in.locate(err)
}

// Line is the line the conversation just read starts on, in JSON Lines;
// else 0.
func (in *Input) Line() int {
	if rd, ok := in.Dec.(convert.RawDecoder); ok {
		_, line := rd.Raw()
		return line
	}
	return 0
}

// Place names the conversation just read, the index-th of the input, as
// messages name it: "FILE:LINE" in JSON Lines, else "FILE: conversation N".
func (in *Input) Place(index int) string { return Place(in.Name, in.Line(), index) }

// Place is Input.Place for the index-th conversation of the input name, on
// line (0: not JSON Lines).
func Place(name string, line, index int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", name, line)
	}
	return fmt.Sprintf("%s: conversation %d", name, index)
}

// locate puts the input's name before a decoding error, as "FILE:LINE:COL:
// msg" or "FILE: msg"; nil and io.EOF are left as they are.
func (in *Input) locate(err error) error { return locate(in.Name, err) }

// locate is Input.locate for the input named name.
func locate(name string, err error) error {
	var ce *convert.Error
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return err
	case errors.As(err, &ce) && ce.Pos.Line > 0:
		return fmt.Errorf("%s:%w", name, err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// Each reads every conversation of every path in order, calling fn with
// the input it came from. No path means standard input.
func (o *Opener) Each(paths []string, opts Options, fn func(*Input, *chat.Conversation) error) error {
	for _, p := range OrStdin(paths) {
		in, err := o.Input(p, opts)
		if err != nil {
			return err
		}
		for {
			c, err := in.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err == nil {
				err = fn(in, c)
			}
			if err != nil {
				in.close()
				return err
			}
		}
		if err := in.close(); err != nil {
			return fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	return nil
}

// OrStdin returns paths, or standard input's "-" when there are none.
func OrStdin(paths []string) []string {
	if len(paths) == 0 {
		return []string{"-"}
	}
	return paths
}

// Small reports whether paths are regular files, none compressed by its
// name, of fewer than limit bytes in all: an input not worth the workers
// (and the threads they wake) of a parallel run.
func Small(paths []string, limit int64) bool {
	var total int64
	for _, p := range paths {
		if p == "-" || codec.TrimExt(p) != p {
			return false
		}
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			return false
		}
		if total += st.Size(); total >= limit {
			return false
		}
	}
	return true
}

// NamedFormat looks up the format a flag names, and refuses one that
// cannot go the way asked: written when write is set, read otherwise.
func NamedFormat(name string, write bool) (*convert.Format, error) {
	f, err := convert.Lookup(name)
	switch {
	case err != nil:
		return nil, FormatUsageError(err)
	case write && !f.CanWrite():
		return nil, cmderr.Usagef("format %q can be read but not written", f.Name)
	case !write && !f.CanRead():
		return nil, cmderr.Usagef("format %q can be written but not read", f.Name)
	}
	return f, nil
}

// FormatUsageError turns an unknown format name into a usage error that
// lists the known ones.
func FormatUsageError(err error) error {
	var uf *convert.UnknownFormatError
	if errors.As(err, &uf) {
		hints := suggest.MeanHint(suggest.DidYouMean(uf.Name, convert.AllNames()))
		return &cmderr.Usage{Err: err, Hints: append(hints, "'convkit formats' lists what can be read and written")}
	}
	return err
}

// Reopen opens a file again, to read it a second time; standard input
// cannot be.
func Reopen(path string) (io.ReadCloser, error) {
	if path == StdinName || path == "-" {
		return nil, errors.New("standard input can be read only once")
	}
	return os.Open(path)
}

// Unparsed is a conversation read but perhaps not yet parsed: a line of
// JSON Lines, that Parse parses on any goroutine, so that a caller may
// parse on every core; or a conversation of another format, or of a line
// too long to hold, parsed as it was read.
type Unparsed struct {
	// Raw is the line, the caller's to keep; nil when the input is not
	// JSON Lines or the line is too long to hold.
	Raw []byte
	// Line is the line number in JSON Lines, 0 in other formats.
	Line int
	// Name is the input's, as errors name it (a zip member's, while the
	// reader may have gone on to the next).
	Name string
	// More is set on each part but the last of a conversation read in
	// parts (NextUnparsedPart).
	More  bool
	conv  *chat.Conversation
	err   error
	parse func([]byte, int) (*chat.Conversation, func(func(convert.Pos, string)), error)
	tell  func(func(convert.Pos, string))
}

// Parse returns the conversation, or an error that names the file and
// place as Next's do; u lets go of the conversation, so call it once. The
// warnings of a line parsed here wait for Tell.
func (u *Unparsed) Parse() (*chat.Conversation, error) {
	if u.parse != nil {
		u.conv, u.tell, u.err = u.parse(u.Raw, u.Line)
		u.err, u.parse = locate(u.Name, u.err), nil
	}
	c := u.conv
	u.conv = nil
	return c, u.err
}

// Tell gives Options.Warn the warnings Parse found, if it held any; call
// it after Parse, for each conversation in input order, so that the
// warnings come out as Next would give them.
func (u *Unparsed) Tell() { u.TellTo(nil) }

// TellTo is Tell, but gives the warnings to warn (Options.Warn if nil).
func (u *Unparsed) TellTo(warn func(string)) {
	if u.tell == nil {
		return
	}
	var to func(convert.Pos, string)
	if warn != nil {
		to = func(pos convert.Pos, msg string) { warn(located(u.Name, pos, msg)) }
	}
	u.tell(to)
	u.tell = nil
}

// located is a warning's text: FILE:LINE:COL: msg.
func located(name string, pos convert.Pos, msg string) string {
	return fmt.Sprintf("%s:%d:%d: %s", name, pos.Line, pos.Col, msg)
}

// NextUnparsed is Next, with the parsing of a JSON Lines line left to
// Unparsed.Parse. Errors of reading (not of parsing) are returned here.
func (in *Input) NextUnparsed() (*Unparsed, error) { return in.NextUnparsedPart(-1) }

// NextUnparsedPart is NextUnparsed, but gives a conversation too long to
// hold (a line over a megabyte, a long document) in parts of about max
// bytes of source, as NextPart does, each parsed as it is read; max < 0
// reads it whole.
func (in *Input) NextUnparsedPart(max int) (*Unparsed, error) {
	for {
		ld, ok := in.Dec.(convert.LineDecoder)
		if !ok || in.inside {
			return in.parsed(max)
		}
		raw, n, long, err := ld.NextLine()
		switch {
		case errors.Is(err, io.EOF):
			if err := in.morePart(); err != nil {
				return nil, err
			}
			continue
		case err != nil:
			return nil, in.locate(err)
		case long:
			return in.parsed(max)
		}
		return &Unparsed{Raw: bytes.Clone(raw), Line: n, Name: in.Name, parse: ld.ParseLine}, nil
	}
}

// parsed reads and parses the next conversation (or part of one, with max
// >= 0), as Next (NextPart).
func (in *Input) parsed(max int) (*Unparsed, error) {
	u := &Unparsed{}
	if max < 0 {
		u.conv, u.err = in.Next()
	} else {
		u.conv, u.More, u.err = in.NextPart(max)
	}
	u.Name = in.Name
	if ld, ok := in.Dec.(convert.LineDecoder); ok {
		u.tell = ld.TakeWarnings() // those of a long line, held since NextLine
	}
	in.inside = u.More && u.err == nil
	if errors.Is(u.err, io.EOF) {
		return nil, io.EOF
	}
	if rd, lines := in.Dec.(convert.RawDecoder); lines {
		u.Raw, u.Line = rd.Raw()
		u.Raw = bytes.Clone(u.Raw) // a short line after a blank long one
	}
	return u, nil
}
