package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/sample"
)

// splitOptions are the flags of convkit split.
type splitOptions struct {
	dataset.Options
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
		return cmderr.Usagef("--train takes a fraction from 0 to 1, not %g", opts.train)
	}
	key, err := dataset.Key(opts.by)
	if err != nil {
		return err
	}
	sinks, err := dataset.OpenSinks(e.Env, opts.Output, opts.Format, opts.Options, []string{"train", "validation"})
	if err != nil {
		return err
	}
	counts := [2]int{}
	skipped, err := dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		digest, _, err := key(r)
		if err != nil {
			return err
		}
		side := 1
		if sample.InFraction(sample.Rank(digest.Uint64(), opts.seed), opts.train) {
			side = 0
		}
		counts[side]++
		return sinks[side].Write(r, r.Conv)
	})
	if err := dataset.FinishAll(sinks, err); err != nil {
		return err
	}
	if skipped > 0 {
		e.Summary("split", "%d train, %d validation%s", counts[0], counts[1], dataset.SkippedNote(skipped))
	}
	return nil
}
