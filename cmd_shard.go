package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/sample"
)

// shardOptions are the flags of convkit shard.
type shardOptions struct {
	dataset.Options
	n  int
	by string // "" deals round robin
}

func shardCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "shard",
		Usage:     "deal a dataset into N files, round robin or by a key's hash",
		ArgsUsage: "[FILE…]",
		Description: "Writes the conversations into DIR/shard-0000 … (with the input's extension): round robin,\n" +
			"or with --by KEY by a hash of the key (whole, first-user or an expression), so that\n" +
			"conversations with equal keys land in the same shard and each shard can be deduplicated\n" +
			"on its own (see docs/scale.md).\n\n" +
			"   convkit shard -n 8 -o shards data.jsonl\n" +
			"   convkit shard -n 8 --by whole -o shards data.jsonl",
		Flags: datasetFlags(
			&cli.IntFlag{Name: "n", Value: 2, Usage: "how many shards: `N`"},
			&cli.StringFlag{Name: "by", Usage: "shard by a hash of `KEY`: whole, first-user or an expression"},
		),
		Action: func(c *cli.Context) error {
			return runShard(e, shardOptions{datasetOptionsOf(c, c.Args().Slice()), c.Int("n"), c.String("by")})
		},
	}
}

func runShard(e *env, opts shardOptions) error {
	if opts.n < 1 || opts.n > 10000 {
		return cmderr.Usagef("-n takes a number of shards from 1 to 10000, not %d", opts.n)
	}
	var key func(*dataset.Record) (dedupe.Digest, string, error)
	if opts.by != "" {
		k, err := dataset.Key(opts.by)
		if err != nil {
			return err
		}
		key = k
	}
	names := make([]string, opts.n)
	for i := range names {
		names[i] = fmt.Sprintf("shard-%04d", i)
	}
	sinks, err := dataset.OpenSinks(e.Env, opts.Output, opts.Format, opts.Options, names)
	if err != nil {
		return err
	}
	next := 0
	skipped, err := dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		i := next
		next = (next + 1) % opts.n
		if key != nil {
			digest, _, err := key(r)
			if err != nil {
				return err
			}
			i = sample.Shard(digest.Uint64(), opts.n)
		}
		return sinks[i].Write(r, r.Conv)
	})
	if err := dataset.FinishAll(sinks, err); err != nil {
		return err
	}
	if skipped > 0 {
		e.Summary("shard", "skipped %s that could not be read", numfmt.Plural(skipped, "line"))
	}
	return nil
}
