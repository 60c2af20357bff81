package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/listing"
)

func schemaCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "schema",
		Usage:       "print an embedded JSON Schema (draft 2020-12)",
		ArgsUsage:   "[NAME]",
		Description: description("schema"),
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "list", Aliases: []string{"l"}, Usage: "list the schemas"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return cmderr.Usagef("schema takes one NAME, not %d", c.NArg())
			}
			if c.Bool("list") || c.NArg() == 0 {
				if c.NArg() > 0 {
					return cmderr.Usagef("--list takes no NAME")
				}
				return listing.Schemas(e.Out)
			}
			return listing.Schema(e.Out, c.Args().First())
		},
	}
}
