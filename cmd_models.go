package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/numfmt"
)

func modelsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "models",
		Usage: "list the models convkit counts for: encoding, context window, maximum output",
		Description: "Lists the embedded model table (and the entries of --models FILE). A dated snapshot\n" +
			"such as gpt-4o-2024-08-06 counts as the longest entry it starts with.",
		Flags: []cli.Flag{
			modelsFileFlag,
			&cli.BoolFlag{Name: "sources", Usage: "show where each entry's figures come from"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usageErrorf("models takes no arguments")
			}
			return runModels(e, c.String("models"), c.Bool("sources"))
		},
	}
}

func runModels(e *env, path string, sources bool) error {
	table, err := modelTable(path)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "MODEL\tENCODING\tCONTEXT\tMAX OUTPUT\tPER MESSAGE")
	if sources {
		fmt.Fprint(tw, "\tSOURCE")
	}
	fmt.Fprintln(tw)
	for _, m := range table.Models() {
		out, per := "-", "-"
		if m.MaxOutput > 0 {
			out = numfmt.Thousands(int64(m.MaxOutput))
		}
		if m.Chat {
			per = strconv.Itoa(m.TokensPerMessage)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s", m.Entry, m.Encoding, numfmt.Thousands(int64(m.ContextWindow)), out, per)
		if sources {
			fmt.Fprint(tw, "\t"+m.Source)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
