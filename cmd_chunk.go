package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func chunkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "chunk",
		Usage:       "cut long conversations into parts that fit a token budget, at turn boundaries",
		ArgsUsage:   "[FILE…]",
		Description: description("chunk"),
		Flags: datasetFlags(
			tokensFlag(&cli.IntFlag{Name: "max-tokens", Usage: "the most tokens a part may cost: `N`"}),
			&cli.IntFlag{Name: "overlap", Usage: "repeat the last `K` turns of a part in the next"},
			&cli.StringFlag{Name: "on-unfit", Value: "error", Usage: "for a turn that cannot fit: `error`, skip or keep"},
			modelFlag, encodingFlag(), modelsFileFlag,
		),
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return dataset.Chunk(e.Env, dataset.ChunkOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Max: c.Int("max-tokens"), Overlap: c.Int("overlap"), OnUnfit: c.String("on-unfit"), Counter: counter})
		},
	}
}
