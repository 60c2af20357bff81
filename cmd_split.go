package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func splitCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "split",
		Usage:       "split a dataset into train and validation files, by a hash of each conversation",
		ArgsUsage:   "[FILE…]",
		Description: description("split"),
		Flags: datasetDirFlags(
			&cli.Float64Flag{Name: "train", Value: 0.9, Usage: "the fraction `F` of conversations in train"},
			&cli.Uint64Flag{Name: "seed", Usage: "the `SEED` that decides the split"},
			&cli.StringFlag{Name: "by", Value: "whole", Usage: "hash `KEY`: whole, first-user or an expression"},
		),
		Action: func(c *cli.Context) error {
			train, err := readFraction(c, "train", "a fraction")
			if err != nil {
				return err
			}
			return dataset.Split(e.Env, dataset.SplitOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Train: train, Seed: c.Uint64("seed"), By: c.String("by")})
		},
	}
}
