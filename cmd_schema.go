package main

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/schema"
)

func schemaCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "schema",
		Usage:     "print an embedded JSON Schema (draft 2020-12)",
		ArgsUsage: "[NAME]",
		Description: "Prints the JSON Schema called NAME, the one convkit validate checks files against;\n" +
			"with no NAME, or with --list, lists them.\n\n" +
			"   convkit schema --list\n" +
			"   convkit schema api > api.schema.json",
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
				return runSchemaList(e)
			}
			return runSchema(e, c.Args().First())
		},
	}
}

func runSchemaList(e *env) error {
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCHEMA\tDESCRIBES")
	for _, n := range schema.Names() {
		fmt.Fprintf(tw, "%s\t%s\n", n, schema.Title(n))
	}
	return tw.Flush()
}

func runSchema(e *env, name string) error {
	src, err := schema.Source(name)
	var unknown *schema.UnknownSchemaError
	if errors.As(err, &unknown) {
		return &cmderr.Usage{Err: err, Hints: []string{"'convkit schema --list' lists them"}}
	}
	if err != nil {
		return err
	}
	_, err = e.Out.Write(src)
	return err
}
