package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func statsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "stats",
		Usage:       "describe a dataset: conversations, roles, turns, tokens, tools, duplicates",
		ArgsUsage:   "[FILE…]",
		Description: description("stats"),
		Flags: []cli.Flag{
			modelFlag, encodingFlag(), modelsFileFlag,
			&cli.BoolFlag{Name: "json", Usage: "print the figures as one JSON object, mergeable with --merge"},
			&cli.BoolFlag{Name: "merge", Usage: "each FILE is a 'stats --json' report: print the figures of all of them together"},
			&cli.BoolFlag{Name: "histogram", Usage: "draw a bar chart of the conversations' token counts (the default on a terminal; --histogram=false leaves it out)"},
			fromFlag, skipInvalidFlag, verboseFlag,
		},
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return dataset.Stats(e.Env, dataset.StatsOptions{Options: datasetOptionsOf(c, c.Args().Slice()),
				Counter: counter, JSON: c.Bool("json"), Merge: c.Bool("merge"),
				Histogram: c.Bool("histogram") || e.OutTTY && !c.IsSet("histogram")})
		},
	}
}
