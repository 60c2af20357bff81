package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

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
			return dataset.Shard(e.Env, dataset.ShardOptions{Options: datasetOptionsOf(c, c.Args().Slice()), N: c.Int("n"), By: c.String("by")})
		},
	}
}
