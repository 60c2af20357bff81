package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/clidoc"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/suggest"
)

// completionCommand is convkit completion SHELL: a script, made from the
// command definitions, that completes commands, flags, format names,
// models, encodings and files.
func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "completion",
		Usage:       "print the shell completion script for bash, zsh or fish",
		ArgsUsage:   "SHELL",
		Description: description("completion"),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cmderr.Usagef("completion takes one SHELL: bash, zsh or fish")
			}
			if !clidoc.Completion(e.Out, c.Args().First(), docOf(c.App)) {
				return &cmderr.Usage{Err: fmt.Errorf("no completion for shell %q", c.Args().First()),
					Hints: append(suggest.MeanHint(suggest.DidYouMean(c.Args().First(), clidoc.Shells)), "convkit completes bash, zsh and fish")}
			}
			return nil
		},
	}
}
