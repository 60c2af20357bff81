package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"

	"github.com/convkit/convkit/internal/dataset"
)

func mergeRolesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "merge-roles",
		Usage:       "join consecutive messages of the same role, for APIs that want turns to alternate",
		ArgsUsage:   "[FILE…]",
		Description: description("merge-roles"),
		Flags:       datasetFlags(&cli.StringFlag{Name: "separator", Value: chat.MergeSeparator, Usage: "join string texts with `TEXT`"}),
		Action: func(c *cli.Context) error {
			return dataset.MergeRoles(e.Env, dataset.MergeRolesOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Separator: c.String("separator")})
		},
	}
}
