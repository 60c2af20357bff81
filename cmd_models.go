package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/listing"
)

func modelsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "models",
		Usage:       "list the models convkit counts for: encoding, context window, maximum output",
		Description: description("models"),
		Flags: []cli.Flag{
			modelsFileFlag,
			&cli.BoolFlag{Name: "sources", Usage: "show where each entry's figures come from, and its prices with their source and date"},
			&cli.BoolFlag{Name: "json", Usage: "print the table as a JSON array, one object per model"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmderr.Usagef("models takes no arguments")
			}
			return listing.Models(e.Out, c.String("models"), c.Bool("sources"), c.Bool("json"))
		},
	}
}
