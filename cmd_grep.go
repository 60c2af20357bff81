package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
)

func grepCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "grep",
		Usage:       "search message texts across conversations and files",
		ArgsUsage:   "REGEX [FILE…]",
		Description: description("grep"),
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "role", Usage: "search only messages of `ROLE` (repeat for more)"},
			&cli.BoolFlag{Name: "ignore-case", Aliases: []string{"i"}, Usage: "match upper and lower case alike"},
			&cli.BoolFlag{Name: "count", Aliases: []string{"c"}, Usage: "print only the number of matching messages of each file"},
			&cli.BoolFlag{Name: "files-with-matches", Aliases: []string{"l"}, Usage: "print only the names of files with a match"},
			&cli.BoolFlag{Name: "json", Usage: "print each matching message as a JSON object"},
			&cli.IntFlag{Name: "after-context", Aliases: []string{"A"}, Usage: "print `N` messages of context after each match"},
			&cli.IntFlag{Name: "before-context", Aliases: []string{"B"}, Usage: "print `N` messages of context before each match"},
			&cli.IntFlag{Name: "context", Aliases: []string{"C"}, Usage: "print `N` messages of context before and after each match"},
			colorFlag, fromFlag, skipInvalidFlag,
		},
		Action: func(c *cli.Context) error {
			if !c.Args().Present() {
				return cmderr.Usagef("grep needs a REGEX")
			}
			color, err := e.color(c)
			if err != nil {
				return err
			}
			args := c.Args().Slice()
			before, after := c.Int("context"), c.Int("context")
			if c.IsSet("before-context") {
				before = c.Int("before-context")
			}
			if c.IsSet("after-context") {
				after = c.Int("after-context")
			}
			return dataset.Grep(e.Env, dataset.GrepOptions{Options: datasetOptionsOf(c, args[1:]), Pattern: args[0], Roles: c.StringSlice("role"),
				IgnoreCase: c.Bool("ignore-case"), Count: c.Bool("count"), FilesWithMatches: c.Bool("files-with-matches"), JSON: c.Bool("json"), Color: color,
				Before: before, After: after})
		},
	}
}
