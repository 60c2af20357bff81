package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func headCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "head",
		Usage:       "keep the first conversations",
		ArgsUsage:   "[FILE…]",
		Description: description("head"),
		Flags:       datasetFlags(&cli.IntFlag{Name: "n", Value: 10, Usage: "how many conversations: `N`"}),
		Action: func(c *cli.Context) error {
			return dataset.Head(e.Env, dataset.HeadOptions{Options: datasetOptionsOf(c, c.Args().Slice()), N: c.Int("n")})
		},
	}
}
