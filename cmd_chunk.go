package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func chunkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "chunk",
		Usage:     "cut long conversations into parts that fit a token budget, at turn boundaries",
		ArgsUsage: "[FILE…]",
		Description: "Writes each conversation that fits --max-tokens unchanged, and cuts each longer one into\n" +
			"parts that fit: the leading system and developer messages are repeated in every part, a\n" +
			"part never starts (after them) on an assistant or tool message, a tool call is never\n" +
			"parted from its results, and --overlap K repeats the last K turns of a part at the start\n" +
			"of the next. A turn that cannot fit alone stops chunk, or with --on-unfit skip drops its\n" +
			"conversation, or with --on-unfit keep writes it in a part over the budget.\n\n" +
			"   convkit chunk --max-tokens 8192 data.jsonl",
		Flags: datasetFlags(
			tokensFlag(&cli.IntFlag{Name: "max-tokens", Usage: "the most tokens a part may cost: `N`"}),
			&cli.IntFlag{Name: "overlap", Usage: "repeat the last `K` turns of a part in the next"},
			&cli.StringFlag{Name: "on-unfit", Value: "error", Usage: "for a turn that cannot fit: `error`, skip or keep"},
			modelFlag, modelsFileFlag,
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
