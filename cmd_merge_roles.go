package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func mergeRolesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "merge-roles",
		Usage:     "join consecutive messages of the same role, for APIs that want turns to alternate",
		ArgsUsage: "[FILE…]",
		Description: "Joins each run of consecutive messages with the same role and name into one: string\n" +
			"texts joined by --separator (a blank line by default), parts and tool calls one after the\n" +
			"other, the first message's fields kept. Tool results are never joined: each answers its\n" +
			"own call. Conversations with nothing to join are written unchanged.\n\n" +
			"   convkit merge-roles data.jsonl",
		Flags: datasetFlags(&cli.StringFlag{Name: "separator", Value: "\n\n", Usage: "join string texts with `TEXT`"}),
		Action: func(c *cli.Context) error {
			return dataset.MergeRoles(e.Env, dataset.MergeRolesOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Separator: c.String("separator")})
		},
	}
}
