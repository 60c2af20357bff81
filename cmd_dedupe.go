package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
)

// dedupeOptions are the flags of convkit dedupe.
type dedupeOptions struct {
	dataset.Options
	key  string  // whole, first-user or an expression
	near float64 // 0: exact duplicates only
}

func dedupeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "dedupe",
		Usage:     "drop conversations that repeat an earlier one, exactly or nearly",
		ArgsUsage: "[FILE…]",
		Description: "Writes each conversation unless an earlier one has the same key, and keeps the first.\n" +
			"Keys compare normalised text (Unicode NFKC, white space runs as one space, trimmed):\n" +
			"--key whole (default: every message's role, name, text and tool calls), first-user (the\n" +
			"first user message), or an expression over the conversation as in 'convkit filter'.\n" +
			"--near T drops a conversation whose word 3-shingles have a Jaccard similarity of at least T\n" +
			"with a kept one (MinHash, 128 hashes, LSH bands: a pair at T is found with probability at\n" +
			"least 0.99). Memory holds digests (16 bytes, or about 650 with --near, per kept conversation),\n" +
			"not texts. -v names, for each dropped conversation, the line it duplicates.\n\n" +
			"   convkit dedupe data.jsonl\n" +
			"   convkit dedupe --key first-user data.jsonl\n" +
			"   convkit dedupe --near 0.9 -v data.jsonl",
		Flags: datasetFlags(
			&cli.StringFlag{Name: "key", Value: "whole", Usage: "compare by `KEY`: whole, first-user or an expression"},
			&cli.Float64Flag{Name: "near", Usage: "also drop near duplicates, of similarity `T` (0 to 1) or more"},
		),
		Action: func(c *cli.Context) error {
			return runDedupe(e, dedupeOptions{datasetOptionsOf(c, c.Args().Slice()), c.String("key"), c.Float64("near")})
		},
	}
}

func runDedupe(e *env, opts dedupeOptions) error {
	if opts.near < 0 || opts.near > 1 {
		return cmderr.Usagef("--near takes a similarity from 0 to 1, not %g", opts.near)
	}
	key, err := dataset.Key(opts.key)
	if err != nil {
		return err
	}
	var near *dedupe.Near
	if opts.near > 0 {
		nopts := dedupe.DefaultNear
		nopts.Threshold = opts.near
		near = dedupe.NewNear(nopts)
	}
	out, err := dataset.OpenSink(e.Env, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	// Places are numbered across files: the file's index in the high bits.
	seen := dedupe.NewSet()
	var files []string
	total, dropped := 0, 0
	skipped, err := dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		total++
		if len(files) == 0 || files[len(files)-1] != r.File {
			files = append(files, r.File)
		}
		place := (len(files)-1)<<40 | r.Line
		digest, text, err := key(r)
		if err != nil {
			return err
		}
		first, dup := seen.Add(digest, place)
		how := "a duplicate"
		if !dup && near != nil {
			first, dup = near.Add(text, place)
			how = "a near duplicate"
		}
		if dup {
			dropped++
			if opts.Verbose {
				e.Summary("dedupe", "%s: %s of %s:%d", r.Where(), how, files[first>>40], first&(1<<40-1))
			}
			return nil
		}
		return out.Write(r, r.Conv)
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	if dropped > 0 || skipped > 0 {
		what := "duplicates"
		if near != nil {
			what = fmt.Sprintf("duplicates and near duplicates (similarity %g or more)", opts.near)
		}
		e.Summary("dedupe", "dropped %d of %s as %s%s", dropped, numfmt.Plural(total, "conversation"), what, dataset.SkippedNote(skipped))
	}
	return nil
}
