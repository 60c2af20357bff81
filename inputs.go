package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
)

const stdinName = "<stdin>"

// input is one source of conversations: a file or standard input.
type input struct {
	name   string // as the user wrote it; stdinName for standard input
	format *convert.Format
	dec    convert.Decoder
	close  func() error
}

// inputOptions say how to read inputs.
type inputOptions struct {
	from string // a format name forced by --from; "" sniffs
	warn func(string)
	// allBranches asks tree-shaped formats for every branch.
	allBranches bool
	// hidden asks exports for the messages their reader hides.
	hidden bool
	// longText, longImageURL and longData are given message texts, image
	// URLs and audio and file data too long to hold, for counting (see
	// convert.DecodeOptions.LongText).
	longText, longImageURL, longData func() convert.TextSink
}

// openInput opens a file (or "-" for standard input) and picks its format.
func (e *env) openInput(path string, opts inputOptions) (*input, error) {
	in := &input{name: path, close: func() error { return nil }}
	var r io.Reader
	if path == "-" {
		in.name = stdinName
		r = e.in
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, fileError(err)
		}
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return nil, fmt.Errorf("%s: is a directory, not a conversation file", path)
		}
		r, in.close = f, f.Close
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if opts.from != "" {
		f, err := convert.Lookup(opts.from)
		if err != nil {
			in.close()
			return nil, formatUsageError(err)
		}
		if !f.CanRead() {
			in.close()
			return nil, usageErrorf("format %q can be written but not read", f.Name)
		}
		in.format = f
	} else {
		head, err := br.Peek(64 << 10)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			in.close()
			return nil, fmt.Errorf("%s: %w", in.name, err)
		}
		if len(bytes.TrimSpace(head)) == 0 {
			in.close()
			return nil, fmt.Errorf("%s: empty input: no conversation", in.name)
		}
		f, err := convert.Detect(head, path)
		if err != nil {
			in.close()
			return nil, &hintError{fmt.Errorf("%s: %w", in.name, err), []string{"name the input format with --from"}}
		}
		in.format = f
	}
	name := in.name
	in.dec = in.format.NewDecoder(br, convert.DecodeOptions{Warn: func(pos convert.Pos, msg string) {
		if opts.warn != nil {
			opts.warn(fmt.Sprintf("%s:%d:%d: %s", name, pos.Line, pos.Col, msg))
		}
	}, AllBranches: opts.allBranches, Hidden: opts.hidden, LongText: opts.longText, LongImageURL: opts.longImageURL, LongData: opts.longData})
	return in, nil
}

// next returns the input's next conversation, io.EOF at the end, or an
// error that names the file and place.
func (in *input) next() (*chat.Conversation, error) {
	c, err := in.dec.Decode()
	if err == nil || errors.Is(err, io.EOF) {
		return c, err
	}
	return nil, fmt.Errorf("%s:%w", in.name, withColon(err))
}

// nextPart is next, but may give a long conversation in parts of about
// max bytes of source (see convert.DecodePart); more is true for every
// part but the last.
func (in *input) nextPart(max int) (c *chat.Conversation, more bool, err error) {
	c, more, err = convert.DecodePart(in.dec, max)
	if err == nil || errors.Is(err, io.EOF) {
		return c, more, err
	}
	return nil, false, fmt.Errorf("%s:%w", in.name, withColon(err))
}

// withColon keeps "FILE:LINE:COL: msg" and "FILE: msg" both well formed.
func withColon(err error) error {
	var ce *convert.Error
	if errors.As(err, &ce) && ce.Pos.Line > 0 {
		return err
	}
	return fmt.Errorf(" %w", err)
}

// eachConversation reads every conversation of every path in order, calling
// fn with the input it came from. No path means standard input.
func (e *env) eachConversation(paths []string, opts inputOptions, fn func(*input, *chat.Conversation) error) error {
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	for _, p := range paths {
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

// fileError says what went wrong opening a file, in one line.
func fileError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s: no such file", pe.Path)
		case errors.Is(err, fs.ErrPermission):
			return fmt.Errorf("%s: permission denied", pe.Path)
		}
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// formatUsageError turns an unknown format name into a usage error that
// lists the known ones.
func formatUsageError(err error) error {
	var uf *convert.UnknownFormatError
	if errors.As(err, &uf) {
		return &usageError{err: err, hints: []string{"'convkit formats' lists what can be read and written"}}
	}
	return err
}
