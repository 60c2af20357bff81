package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
)

// helpCommand is convkit help [COMMAND]: the same text as --help.
func helpCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "help",
		Usage:     "show the help of convkit or of a COMMAND",
		ArgsUsage: "[COMMAND]",
		Action: func(c *cli.Context) error {
			switch c.NArg() {
			case 0:
				return cli.ShowAppHelp(c)
			case 1:
				name := c.Args().First()
				if c.App.Command(name) == nil {
					return unknownCommand(c.App, name)
				}
				// Looked up from convkit's context: its commands, not help's.
				return cli.ShowCommandHelp(c.Lineage()[1], name)
			}
			return cmderr.Usagef("help takes one COMMAND, not %d", c.NArg())
		},
	}
}
