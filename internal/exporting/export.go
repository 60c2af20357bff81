// Package exporting runs convkit export: the conversations of every input
// written in another format, to one output or a file each (--split),
// optionally redacted.
package exporting

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/spool"
	"github.com/convkit/convkit/redact"
)

// Options are what export's flags say.
type Options struct {
	Format       string
	From         string
	Output       string
	Compress     string // --compress
	Color        bool
	Counter      counting.Options // counts token_count for meta
	Files        []string
	Strict       bool   // what the target cannot hold is an error, not a warning
	AllowSpecial bool   // chatml may write text holding its markup
	All          bool   // every branch of a conversation tree
	Hidden       bool   // the messages an export hides from its reader
	Redact       bool   // secrets and personal data replaced, as convkit redact does
	Split        string // a directory to write one file per conversation in
	Lines        bool   // JSON Lines, for the formats that write an array of objects (also when Output ends in .jsonl)
	Vendor       bool   // api: keep the parts the API has no type for
	MergeRoles   bool   // consecutive messages of one role joined, as convkit merge-roles does
	Model        string // the model request bodies name ("": the input's)
	MaxTokens    int    // the reply's token limit request bodies set (0: the input's)

	// -f prompt: the open model whose chat template renders, and whether
	// the assistant header that prompts a reply is rendered too.
	HF        counting.HFOptions
	GenPrompt bool
}

// Run reads the conversations of opts.Files and writes them in the format
// opts.Format names (or opts.Output's extension implies): to opts.Output
// or standard output, or with opts.Split a file per conversation.
func Run(e *app.Env, opts Options) error {
	// A --from that names no readable format is the mistake to tell, before
	// a missing -f: 'export --from nosuch f' would fix -f and fail again.
	if opts.From != "" {
		if _, err := source.NamedFormat(opts.From, false); err != nil {
			return err
		}
	}
	f, err := format(opts)
	if err != nil {
		return err
	}
	encOpts := convert.EncodeOptions{Color: opts.Color && opts.Output == "", KeepVendor: opts.Vendor, Warn: e.Warn, Strict: opts.Strict, AllowSpecialText: opts.AllowSpecial,
		Lines: opts.Lines || hasExt(strings.TrimSuffix(strings.TrimSuffix(opts.Output, ".gz"), ".zst"), ".jsonl", ".ndjson"),
		Model: opts.Model, MaxTokens: opts.MaxTokens}
	if encOpts.Render, err = counting.Renderer(f.Name, opts.HF, opts.GenPrompt); err != nil {
		return err
	}
	inOpts := source.Options{From: opts.From, Warn: e.Warn, AllBranches: opts.All, Hidden: opts.Hidden, Strict: opts.Strict}
	var tee func(chat.LongKind) chat.Sink
	if f.Name == "meta" { // its token_count, counted for -m/--model
		counter, err := counting.New(opts.Counter)
		if err != nil {
			return err
		}
		encOpts.TokenCount = counter.Message
		tee = counting.Input(counter, inOpts).Long
	}
	if opts.Split != "" {
		if opts.Output != "" {
			return cmderr.Usagef("-o/--output and --split both say where to write: give one")
		}
		return split(e, f, encOpts, inOpts, opts)
	}
	if f.PassesLong { // a long string goes from reader to writer through a temporary file
		spools := spool.New("", tee)
		defer spools.Close()
		inOpts.Long = spools.Open
	}
	return write(e, f, encOpts, inOpts, opts)
}

// format is the output format opts name, or -o's extension implies.
func format(opts Options) (*convert.Format, error) {
	f := output.ImpliedFormat(opts.Output, nil)
	if opts.Format != "" {
		var err error
		if f, err = source.NamedFormat(opts.Format, true); err != nil {
			return nil, err
		}
	}
	if f == nil {
		return nil, &cmderr.Usage{Err: fmt.Errorf("export needs -f/--format FORMAT"),
			Hints: []string{"one of: " + strings.Join(writableNames(), ", "), "or an -o/--output FILE whose extension names one (out.md, out.jsonl)"}}
	}
	return f, nil
}

// write writes every conversation into one output, committed when all
// are written.
func write(e *app.Env, f *convert.Format, encOpts convert.EncodeOptions, inOpts source.Options, opts Options) error {
	out, err := e.OpenOutput(opts.Output, opts.Files)
	if err != nil {
		return err
	}
	if err := out.CompressWith(opts.Compress); err != nil {
		out.Abort()
		return err
	}
	if encOpts.Color && f.Name == "text" {
		out.KeepEscapes() // it cleans what it colours
	}
	enc, err := out.Encoder(f, encOpts)
	if err != nil {
		out.Abort()
		return err
	}
	each := func(_ *source.Input, c *chat.Conversation) error { return enc.Encode(opts.merged(c)) }
	if encOpts.Render != nil {
		each = counting.NameRefused(each)
	}
	if opts.Redact {
		if each, err = redactEach(e, each); err != nil {
			out.Abort()
			return err
		}
	}
	err = e.EachConversation(opts.Files, inOpts, each)
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		out.Abort()
		return hinted(err)
	}
	return out.Commit()
}

// hinted adds to a refusal of the output format the flag that lifts it.
func hinted(err error) error {
	var le *convert.LossError
	switch {
	case errors.As(err, &le) || errors.Is(err, convert.ErrChanged):
		return &cmderr.Hint{Err: err, Hints: []string{"without --strict, convkit writes the nearest form and warns"}}
	case errors.Is(err, convert.ErrSpecialText):
		return &cmderr.Hint{Err: err, Hints: []string{"--allow-special-text writes it as it is"}}
	}
	return err
}

// hasExt reports whether path ends in one of exts, in any case.
func hasExt(path string, exts ...string) bool {
	return slices.Contains(exts, strings.ToLower(filepath.Ext(path)))
}

// split writes each conversation to a file of its own in opts.Split,
// named from its title; each file is written whole or not at all.
func split(e *app.Env, f *convert.Format, encOpts convert.EncodeOptions, inOpts source.Options, opts Options) error {
	if err := os.MkdirAll(opts.Split, 0o755); err != nil {
		return output.Error(opts.Split, err)
	}
	ext := ".txt"
	if len(f.Extensions) > 0 {
		ext = f.Extensions[0]
	}
	// One encoder per file: tell each kind of loss once, not once a file.
	warned := map[string]bool{}
	warn := encOpts.Warn
	encOpts.Warn = func(kind string) {
		if !warned[kind] {
			warned[kind] = true
			warn(kind)
		}
	}
	var names convert.FileNames
	n := 0
	return e.EachConversation(opts.Files, inOpts,
		func(_ *source.Input, c *chat.Conversation) error {
			n++
			out, err := e.OpenOutput(filepath.Join(opts.Split, names.Next(c, n)+ext), opts.Files)
			if err != nil {
				return err
			}
			enc, err := out.Encoder(f, encOpts)
			if err == nil {
				err = enc.Encode(opts.merged(c))
			}
			if err == nil {
				err = enc.Close()
			}
			if err != nil {
				out.Abort()
				return err
			}
			return out.Commit()
		})
}

func writableNames() []string {
	var names []string
	for _, f := range convert.Formats() {
		if f.CanWrite() {
			names = append(names, f.Name)
		}
	}
	return names
}

// merged is c, its consecutive messages of one role joined with
// --merge-roles.
func (opts Options) merged(c *chat.Conversation) *chat.Conversation {
	if opts.MergeRoles {
		c, _ = chat.MergeRoles(c, chat.MergeSeparator)
	}
	return c
}

// redactEach is export's --redact: a redactor with the default kinds,
// applied to each conversation before it is written.
func redactEach(e *app.Env, next func(*source.Input, *chat.Conversation) error) (func(*source.Input, *chat.Conversation) error, error) {
	r, err := dataset.NewRedactor(redact.Options{}, "")
	if err != nil {
		return nil, err
	}
	conv := 0
	return func(in *source.Input, c *chat.Conversation) error {
		conv++
		found, err := r.Conversation(c, conv)
		if err != nil {
			return fmt.Errorf("%s: %w", in.Name, err)
		}
		for _, f := range found {
			if f.Media {
				e.Warnf("%s: conversation %d, message %d: %s removed: it cannot be inspected", in.Name, f.Conversation, f.Message, f.Context)
			}
		}
		return next(in, c)
	}, nil
}
