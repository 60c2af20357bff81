package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/listing"
)

func formatsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "formats",
		Usage: "list the formats convkit reads and writes",
		Flags: []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print the list as a JSON array, one object per format"}},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmderr.Usagef("formats takes no arguments")
			}
			return listing.Formats(e.Out, c.Bool("json"))
		},
	}
}
