package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/convert"
)

func formatsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "formats",
		Usage: "list the formats convkit reads and writes",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usageErrorf("formats takes no arguments")
			}
			return runFormats(e)
		},
	}
}

func runFormats(e *env) error {
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FORMAT\tREAD\tWRITE\tEXTENSIONS\tDESCRIPTION")
	mark := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "-"
	}
	for _, f := range convert.Formats() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, mark(f.CanRead()), mark(f.CanWrite()), strings.Join(f.Extensions, " "), f.Description)
	}
	return tw.Flush()
}
