package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/sample"
)

// splitOptions are the flags of convkit split.
type splitOptions struct {
	datasetOptions
	train float64
	seed  uint64
	by    string // the key hashed: whole, first-user or an expression
}

func splitCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "split",
		Usage:     "split a dataset into train and validation files, by a hash of each conversation",
		ArgsUsage: "[FILE…]",
		Description: "Writes each conversation to DIR/train or DIR/validation (with the input's extension).\n" +
			"Where one goes depends on a hash of its key and --seed, not on its place: the split is the\n" +
			"same on any machine, and stays the same for the conversations already there when the\n" +
			"dataset grows. --by first-user keeps the conversations that start alike on one side.\n" +
			"To cut long conversations into parts that fit a window, see 'convkit chunk'.\n\n" +
			"   convkit split --train 0.9 --seed 1 -o out data.jsonl",
		Flags: datasetFlags(
			&cli.Float64Flag{Name: "train", Value: 0.9, Usage: "the fraction `F` of conversations in train"},
			&cli.Uint64Flag{Name: "seed", Usage: "the `SEED` that decides the split"},
			&cli.StringFlag{Name: "by", Value: "whole", Usage: "hash `KEY`: whole, first-user or an expression"},
		),
		Action: func(c *cli.Context) error {
			return runSplit(e, splitOptions{datasetOptionsOf(c, c.Args().Slice()), c.Float64("train"), c.Uint64("seed"), c.String("by")})
		},
	}
}

func runSplit(e *env, opts splitOptions) error {
	if opts.train < 0 || opts.train > 1 {
		return usageErrorf("--train takes a fraction from 0 to 1, not %g", opts.train)
	}
	key, err := recordKey(opts.by)
	if err != nil {
		return err
	}
	sinks, err := e.openSinks(opts.output, opts.format, opts.datasetOptions, []string{"train", "validation"})
	if err != nil {
		return err
	}
	counts := [2]int{}
	skipped, err := e.eachRecord(opts.datasetOptions, func(r *record) error {
		digest, _, err := key(r)
		if err != nil {
			return err
		}
		side := 1
		if sample.InFraction(sample.Rank(digest.Uint64(), opts.seed), opts.train) {
			side = 0
		}
		counts[side]++
		return sinks[side].write(r, r.conv)
	})
	if err := finishAll(sinks, err); err != nil {
		return err
	}
	if skipped > 0 {
		e.summary("split", "%d train, %d validation%s", counts[0], counts[1], skippedNote(skipped))
	}
	return nil
}

// shardOptions are the flags of convkit shard.
type shardOptions struct {
	datasetOptions
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
		return usageErrorf("-n takes a number of shards from 1 to 10000, not %d", opts.n)
	}
	var key func(*record) (dedupe.Digest, string, error)
	if opts.by != "" {
		k, err := recordKey(opts.by)
		if err != nil {
			return err
		}
		key = k
	}
	names := make([]string, opts.n)
	for i := range names {
		names[i] = fmt.Sprintf("shard-%04d", i)
	}
	sinks, err := e.openSinks(opts.output, opts.format, opts.datasetOptions, names)
	if err != nil {
		return err
	}
	next := 0
	skipped, err := e.eachRecord(opts.datasetOptions, func(r *record) error {
		i := next
		next = (next + 1) % opts.n
		if key != nil {
			digest, _, err := key(r)
			if err != nil {
				return err
			}
			i = sample.Shard(digest.Uint64(), opts.n)
		}
		return sinks[i].write(r, r.conv)
	})
	if err := finishAll(sinks, err); err != nil {
		return err
	}
	if skipped > 0 {
		e.summary("shard", "skipped %s that could not be read", numfmt.Plural(skipped, "line"))
	}
	return nil
}
