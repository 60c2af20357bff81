package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/spool"
	"github.com/convkit/convkit/redact"
)

// exportOptions are the flags of convkit export.
type exportOptions struct {
	format       string
	from         string
	output       string
	compress     string // --compress
	color        bool
	counter      counting.Options // counts token_count for meta
	files        []string
	strict       bool   // what the target cannot hold is an error, not a warning
	allowSpecial bool   // chatml may write text holding its markup
	all          bool   // every branch of a conversation tree
	hidden       bool   // the messages an export hides from its reader
	redact       bool   // secrets and personal data replaced, as convkit redact does
	split        string // a directory to write one file per conversation in
	lines        bool   // JSON Lines, for the formats that write an array of objects
	vendor       bool   // api: keep the parts the API has no type for
}

func exportCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "export",
		Aliases:   []string{"convert"},
		Usage:     "convert conversations to another format",
		ArgsUsage: "[FILE…]",
		Description: "Reads conversations from each FILE (or standard input, or -) in any readable format,\n" +
			"sniffed from the content unless --from names it, and writes them in --format.\n\n" +
			"   convkit export -f text chat.json\n" +
			"   convkit export -f jsonl -o dataset.jsonl a.json b.json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "output `FORMAT` (see 'convkit formats')"},
			fromFlag, allowSpecialFlag,
			outputFlag,
			compressFlag,
			memberFlag,
			colorFlag,
			&cli.StringFlag{Name: "model", Aliases: []string{"m"}, Value: count.DefaultModel,
				Usage: "fill meta's token_count as `MODEL` counts (-f meta alone writes token counts)"},
			encodingFlag(),
			modelsFileFlag,
			&cli.BoolFlag{Name: "strict", Usage: "fail instead of warning when the output format cannot hold something"},
			&cli.BoolFlag{Name: "all-branches", Usage: "give every branch of a branching export (chatgpt), not only the active thread"},
			&cli.BoolFlag{Name: "keep-vendor", Usage: "api: keep parts the API has no type for (thinking blocks, Gemini parts) verbatim, for a lossless round trip"},
			&cli.BoolFlag{Name: "jsonl", Usage: "write JSON Lines, one conversation a line (sharegpt, anthropic, gemini, responses); the default when -o ends in .jsonl"},
			&cli.StringFlag{Name: "split", Usage: "write each conversation to its own file in `DIR`, named from its title"},
			&cli.BoolFlag{Name: "hidden", Usage: "keep the messages an export hides from its reader (chatgpt: hidden system messages, custom instructions)"},
			&cli.BoolFlag{Name: "redact", Usage: "replace secrets and personal data with placeholders, as 'convkit redact' does"},
		},
		Action: func(c *cli.Context) error {
			color, err := e.color(c)
			if err != nil {
				return err
			}
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return runExport(e, exportOptions{
				format:       c.String("format"),
				from:         c.String("from"),
				output:       c.String("output"),
				color:        color,
				counter:      counter,
				files:        c.Args().Slice(),
				allowSpecial: c.Bool("allow-special-text"),
				strict:       c.Bool("strict"),
				all:          c.Bool("all-branches"),
				hidden:       c.Bool("hidden"),
				compress:     c.String("compress"),
				redact:       c.Bool("redact"),
				split:        c.String("split"),
				vendor:       c.Bool("keep-vendor"),
				lines:        c.Bool("jsonl") || hasExt(strings.TrimSuffix(strings.TrimSuffix(c.String("output"), ".gz"), ".zst"), ".jsonl", ".ndjson"),
			})
		},
	}
}

func runExport(e *env, opts exportOptions) error {
	f := output.ImpliedFormat(opts.output, nil)
	if opts.format != "" {
		var err error
		if f, err = source.NamedFormat(opts.format, true); err != nil {
			return err
		}
	}
	if f == nil {
		return &cmderr.Usage{Err: fmt.Errorf("export needs -f/--format FORMAT"),
			Hints: []string{"one of: " + strings.Join(writableNames(), ", "), "or an -o/--output FILE whose extension names one (out.md, out.jsonl)"}}
	}
	encOpts := convert.EncodeOptions{Color: opts.color && opts.output == "", Lines: opts.lines, KeepVendor: opts.vendor}
	inOpts := source.Options{From: opts.from, Warn: e.Warn, AllBranches: opts.all, Hidden: opts.hidden}
	var tee func(chat.LongKind) chat.Sink
	if f.Name == "meta" { // its token_count, counted for -m/--model
		counter, err := counting.New(opts.counter)
		if err != nil {
			return err
		}
		encOpts.TokenCount = counter.Message
		tee = counting.Input(counter, inOpts).Long
	}
	if f.PassesLong { // a long string goes from reader to writer through a temporary file
		spools := spool.New("", tee)
		defer spools.Close()
		inOpts.Long = spools.Open
	}
	encOpts.Warn, encOpts.Strict, encOpts.AllowSpecialText = e.Warn, opts.strict, opts.allowSpecial
	if opts.split != "" {
		if opts.output != "" {
			return cmderr.Usagef("-o/--output and --split both say where to write: give one")
		}
		return e.exportSplit(f, encOpts, opts)
	}
	out, err := e.OpenOutput(opts.output, opts.files)
	if err != nil {
		return err
	}
	if err := out.CompressWith(opts.compress); err != nil {
		out.Abort()
		return err
	}
	if encOpts.Color && f.Name == "text" {
		out.KeepEscapes() // it cleans what it colours
	}
	enc := f.NewEncoder(out, encOpts)
	write := func(_ *source.Input, c *chat.Conversation) error { return enc.Encode(c) }
	if opts.redact {
		if write, err = redactEach(e, write); err != nil {
			out.Abort()
			return err
		}
	}
	err = e.EachConversation(opts.files, inOpts, write)
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		out.Abort()
		var le *convert.LossError
		switch {
		case errors.As(err, &le):
			err = &cmderr.Hint{Err: err, Hints: []string{"without --strict, convkit writes the nearest form and warns"}}
		case errors.Is(err, convert.ErrSpecialText):
			err = &cmderr.Hint{Err: err, Hints: []string{"--allow-special-text writes it as it is"}}
		}
		return err
	}
	return out.Commit()
}

// exportSplit writes each conversation to a file of its own in opts.split,
// named from its title; each file is written whole or not at all.
func (e *env) exportSplit(f *convert.Format, encOpts convert.EncodeOptions, opts exportOptions) error {
	if err := os.MkdirAll(opts.split, 0o755); err != nil {
		return output.Error(opts.split, err)
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
	return e.EachConversation(opts.files, source.Options{From: opts.from, Warn: e.Warn, AllBranches: opts.all, Hidden: opts.hidden},
		func(_ *source.Input, c *chat.Conversation) error {
			n++
			out, err := e.OpenOutput(filepath.Join(opts.split, names.Next(c, n)+ext), opts.files)
			if err != nil {
				return err
			}
			enc := f.NewEncoder(out, encOpts)
			if err = enc.Encode(c); err == nil {
				err = enc.Close()
			}
			if err != nil {
				out.Abort()
				return err
			}
			return out.Commit()
		})
}

// hasExt reports whether path ends in one of exts, in any case.
func hasExt(path string, exts ...string) bool {
	return slices.Contains(exts, strings.ToLower(filepath.Ext(path)))
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

// redactEach is export's --redact: a redactor with the default kinds,
// applied to each conversation before it is written.
func redactEach(e *env, next func(*source.Input, *chat.Conversation) error) (func(*source.Input, *chat.Conversation) error, error) {
	r, err := newRedactor(redact.Options{}, "")
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
