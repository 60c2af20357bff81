package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/codec"
)

const stdinName = "<stdin>"

// errEmptyInput is an input with nothing but white space in it: an error
// for commands that need a conversation, none for the dataset verbs.
var errEmptyInput = errors.New("empty input: no conversation")

// source is the bytes of one input, opened: a file or standard input,
// decompressed, read a part at a time (a zip archive's members; one part
// for anything else, see codec.Source).
type source struct {
	name  string // as the user wrote it; stdinName for standard input; "FILE.zip:MEMBER" for a member
	path  string // the name to sniff by: as the user wrote it, without .gz/.zst…; "-" for standard input
	r     *bufio.Reader
	close func() error
	parts *codec.Source
	part  *codec.Part // being read; its At gives Parquet random access
}

// sniffLen is how much of an input format detection looks at.
const sniffLen = 64 << 10

// openSource opens a file, or standard input for "-". Every command opens
// its inputs here, so that a missing file or a directory is told alike.
func (e *env) openSource(path string) (*source, error) {
	if path == "-" {
		e.stdinHint()
		return e.unpack(&source{name: stdinName, path: path, close: func() error { return nil }}, e.read(e.in))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not a conversation file", path)
	}
	return e.unpack(&source{name: path, path: path, close: f.Close}, e.read(f))
}

// unpack reads src, whose bytes r gives, through codec: decompressed, a
// zip archive's members one after the other.
func (e *env) unpack(src *source, r io.Reader) (*source, error) {
	parts, err := codec.Open(r, src.name, codec.Options{Member: e.member})
	if err != nil {
		src.close()
		return nil, fmt.Errorf("%s: %w", src.name, err)
	}
	closeFile := src.close
	src.parts, src.close = parts, func() error { parts.Close(); return closeFile() }
	if _, err := src.nextPart(); err != nil {
		src.close()
		return nil, err
	}
	return src, nil
}

// eachPart calls fn for each of src's parts in turn, with src's name and
// reader those of the part.
func (src *source) eachPart(fn func() error) error {
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
func (src *source) nextPart() (bool, error) {
	part, err := src.parts.Next()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", src.name, err)
	}
	if src.part != nil || part.Name != src.name || part.Kind != codec.None {
		src.name, src.path = part.Name, part.Hint
	}
	src.part, src.r = part, bufio.NewReaderSize(part.R, sniffLen)
	return true, nil
}

// read returns r, counted by the progress shown, if any.
func (e *env) read(r io.Reader) io.Reader {
	if e.progress == nil {
		return r
	}
	return progressReader{r, e.progress}
}

// reopen opens a file again, to read it a second time; standard input
// cannot be.
func reopen(path string) (io.ReadCloser, error) {
	if path == stdinName || path == "-" {
		return nil, errors.New("standard input can be read only once")
	}
	return os.Open(path)
}

// head returns the first sniffLen bytes of src, fewer if it is shorter,
// without consuming them.
func (src *source) head() ([]byte, error) {
	head, err := src.r.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: %w", src.name, err)
	}
	return head, nil
}

// format returns the format named by from, or else the one src's first
// bytes show.
func (src *source) format(from string) (*convert.Format, error) {
	if from != "" {
		return namedFormat(from, false)
	}
	head, err := src.head()
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, fmt.Errorf("%s: %w", src.name, errEmptyInput)
	}
	f, err := convert.Detect(head, src.path)
	if err != nil {
		return nil, detectError(src.name, err)
	}
	if f.Name != "jsonl" && src.longFirstLine(head) {
		return convert.Lookup("jsonl")
	}
	return f, nil
}

// maxLookAhead is how much of a first line longer than the head
// longFirstLine holds to look past it, when the input is not stored as
// it is (a pipe, a compressed file): little, as a long single document
// must still stream (count).
const maxLookAhead = 4 << 20

// longFirstLine reports whether an input whose head is one JSON line cut
// short (a conversation over 64 KiB) is JSON Lines: whether that line ends
// with the end of an object or array and the next line starts another.
// It reads the first line again through random access when the input is
// stored as it is, or else holds up to maxLookAhead bytes of it to be read
// again.
func (src *source) longFirstLine(head []byte) bool {
	body := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) < sniffLen || len(body) == 0 || body[0] != '{' && body[0] != '[' || bytes.IndexByte(body, '\n') >= 0 {
		return false
	}
	if src.part != nil && src.part.At != nil {
		// Stored as it is: read the line through random access, leaving
		// src.r where it is.
		return afterFirstLine(bufio.NewReaderSize(io.NewSectionReader(src.part.At, 0, src.part.Size), sniffLen))
	}
	var held bytes.Buffer
	lines := afterFirstLine(bufio.NewReaderSize(io.TeeReader(io.LimitReader(src.r, maxLookAhead), &held), sniffLen))
	src.r = bufio.NewReaderSize(io.MultiReader(&held, src.r), sniffLen)
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

// detectError names the input in Detect's error and gives the hint its
// cause calls for.
func detectError(name string, err error) error {
	var ce *convert.Error
	if errors.As(err, &ce) {
		ce.File = name
	}
	switch {
	case errors.Is(err, convert.ErrPlainText):
		return &hintError{err, []string{"count it with --plain"}}
	case errors.Is(err, convert.ErrUnknownFormat):
		return &hintError{err, []string{"name the input format with --from"}}
	}
	return err
}

// notConversations returns Detect's located error when src is, by its first
// bytes, one of the kinds of input given (convert.ErrUTF16,
// convert.ErrCompressed …), so that a command that reads inputs its own
// way (count --plain, validate) refuses them in the words every command
// uses. Any other input gives nil.
func (src *source) notConversations(kinds ...error) error {
	head, err := src.head()
	if err != nil {
		return err
	}
	_, err = convert.Detect(head, src.path)
	for _, kind := range kinds {
		if errors.Is(err, kind) {
			return detectError(src.name, err)
		}
	}
	return nil
}

// binaryInputs are the kinds of input that are no text to count.
var binaryInputs = []error{convert.ErrUTF16, convert.ErrCompressed, convert.ErrArchive}

// input is a source of conversations: a source, its format, its decoder.
type input struct {
	*source
	format *convert.Format
	dec    convert.Decoder
	opts   inputOptions // for the parts after the first
}

// inputOptions say how to read inputs.
type inputOptions struct {
	from string // a format name forced by --from; "" sniffs
	warn func(string)
	// allBranches asks tree-shaped formats for every branch.
	allBranches bool
	// hidden asks exports for the messages their reader hides.
	hidden bool
	// long opens sinks for strings too long to hold, for counting (see
	// convert.DecodeOptions.Long and countingInput).
	long func(chat.LongKind) chat.Sink
}

// openInput opens a file (or "-" for standard input) and picks its format.
func (e *env) openInput(path string, opts inputOptions) (*input, error) {
	src, err := e.openSource(path)
	if err != nil {
		return nil, err
	}
	in := &input{source: src, opts: opts}
	if err := in.openPart(); err != nil {
		src.close()
		return nil, err
	}
	if e.verbose {
		fmt.Fprintf(e.err, "convkit: %s: read as %s\n", in.name, in.format.Name)
	}
	return in, nil
}

// openPart picks the format of the source's part and starts decoding it.
func (in *input) openPart() error {
	var err error
	if in.format, err = in.source.format(in.opts.from); err != nil {
		return err
	}
	name, opts := in.name, in.opts
	r := convert.WithRandomAccess(in.r, in.part.At, in.part.Size)
	in.dec = in.format.NewDecoder(r, convert.DecodeOptions{Warn: func(pos convert.Pos, msg string) {
		if opts.warn != nil {
			opts.warn(fmt.Sprintf("%s:%d:%d: %s", name, pos.Line, pos.Col, msg))
		}
	}, AllBranches: opts.allBranches, Hidden: opts.hidden, Long: opts.long})
	return nil
}

// morePart moves to the input's next part, a zip archive's next member,
// when the last has ended: io.EOF if there is none, or an error that names
// the part.
func (in *input) morePart() error {
	more, err := in.source.nextPart()
	if err == nil && !more {
		return io.EOF
	}
	if err == nil {
		err = in.openPart()
	}
	return err
}

// next returns the input's next conversation, io.EOF at the end, or an
// error that names the file and place.
func (in *input) next() (*chat.Conversation, error) {
	c, err := in.dec.Decode()
	for errors.Is(err, io.EOF) {
		if err := in.morePart(); err != nil {
			return nil, err
		}
		c, err = in.dec.Decode()
	}
	return c, in.locate(err)
}

// nextPart is next, but may give a long conversation in parts of about
// max bytes of source (see convert.DecodePart); more is true for every
// part but the last.
func (in *input) nextPart(max int) (*chat.Conversation, bool, error) {
	c, more, err := convert.DecodePart(in.dec, max)
	for errors.Is(err, io.EOF) {
		if err := in.morePart(); err != nil {
			return nil, false, err
		}
		c, more, err = convert.DecodePart(in.dec, max)
	}
	return c, more, in.locate(err)
}

// locate puts the input's name before a decoding error, as "FILE:LINE:COL:
// msg" or "FILE: msg"; nil and io.EOF are left as they are.
func (in *input) locate(err error) error {
	var ce *convert.Error
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return err
	case errors.As(err, &ce) && ce.Pos.Line > 0:
		return fmt.Errorf("%s:%w", in.name, err)
	}
	return fmt.Errorf("%s: %w", in.name, err)
}

// eachConversation reads every conversation of every path in order, calling
// fn with the input it came from. No path means standard input.
func (e *env) eachConversation(paths []string, opts inputOptions, fn func(*input, *chat.Conversation) error) error {
	for _, p := range orStdin(paths) {
		in, err := e.openInput(p, opts)
		if err != nil {
			return err
		}
		for {
			c, err := in.next()
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
			return fmt.Errorf("%s: %w", in.name, err)
		}
	}
	return nil
}

// orStdin returns paths, or standard input's "-" when there are none.
func orStdin(paths []string) []string {
	if len(paths) == 0 {
		return []string{"-"}
	}
	return paths
}
