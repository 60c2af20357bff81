package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func shardCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "shard",
		Usage:       "deal a dataset into N files, round robin or by a key's hash",
		ArgsUsage:   "[FILE…]",
		Description: description("shard"),
		Flags: datasetDirFlags(
			&cli.IntFlag{Name: "n", Value: 2, Usage: "how many shards: `N`"},
			&cli.StringFlag{Name: "by", Usage: "shard by a hash of `KEY`: whole, first-user or an expression"},
		),
		Action: func(c *cli.Context) error {
			return dataset.Shard(e.Env, dataset.ShardOptions{Options: datasetOptionsOf(c, c.Args().Slice()), N: c.Int("n"), By: c.String("by")})
		},
	}
}
