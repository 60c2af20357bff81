package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/clidoc"
	"github.com/convkit/convkit/internal/cmderr"
)

// manCommand is convkit man: the manual page, in roff, made from the same
// command definitions as help.
func manCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "man",
		Usage: "print the manual page (roff): convkit man | man -l -",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmderr.Usagef("man takes no arguments")
			}
			clidoc.Man(e.Out, docOf(c.App))
			return nil
		},
	}
}
