package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
)

func sampleCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "sample",
		Usage:       "keep a random sample of conversations, the same for a seed",
		ArgsUsage:   "[FILE…]",
		Description: description("sample"),
		Flags: datasetFlags(
			&cli.IntFlag{Name: "n", Usage: "how many conversations: `N`"},
			&cli.Float64Flag{Name: "fraction", Usage: "keep about `F` (0 to 1) of the conversations"},
			&cli.Uint64Flag{Name: "seed", Usage: "the `SEED` that decides the sample"},
			&cli.BoolFlag{Name: "merge", Usage: "the inputs are samples of shards taken with the same -n and --seed: give their sample"},
		),
		Action: func(c *cli.Context) error {
			if c.IsSet("n") == c.IsSet("fraction") {
				return cmderr.Usagef("sample needs one of -n N and --fraction F")
			}
			if c.Bool("merge") && !c.IsSet("n") {
				return cmderr.Usagef("sample --merge needs -n N, as the shards were sampled with")
			}
			fraction, err := readFraction(c, "fraction", "a fraction")
			if err != nil {
				return err
			}
			return dataset.Sample(e.Env, dataset.SampleOptions{Options: datasetOptionsOf(c, c.Args().Slice()), N: c.Int("n"), Fraction: fraction, Seed: c.Uint64("seed")})
		},
	}
}
