package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func dedupeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "dedupe",
		Usage:       "drop conversations that repeat an earlier one, exactly or nearly",
		ArgsUsage:   "[FILE…]",
		Description: description("dedupe"),
		Flags: datasetFlags(
			&cli.StringFlag{Name: "key", Value: "whole", Usage: "compare by `KEY`: whole, first-user or an expression"},
			&cli.Float64Flag{Name: "near", Usage: "also drop near duplicates, of similarity `T` (0 to 1) or more"},
		),
		Action: func(c *cli.Context) error {
			near, err := readFraction(c, "near", "a similarity")
			if err != nil {
				return err
			}
			return dataset.Dedupe(e.Env, dataset.DedupeOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Key: c.String("key"), Near: near})
		},
	}
}
