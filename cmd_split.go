package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

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
			return dataset.Split(e.Env, dataset.SplitOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Train: c.Float64("train"), Seed: c.Uint64("seed"), By: c.String("by")})
		},
	}
}
