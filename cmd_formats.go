package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/output"
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
			if c.Bool("json") {
				return formatsJSON(e)
			}
			return runFormats(e)
		},
	}
}

func runFormats(e *env) error {
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
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

func formatsJSON(e *env) error {
	type jsonFormat struct {
		Name        string   `json:"name"`
		Aliases     []string `json:"aliases"`
		Read        bool     `json:"read"`
		Write       bool     `json:"write"`
		Extensions  []string `json:"extensions"`
		Description string   `json:"description"`
	}
	var list []jsonFormat
	for _, f := range convert.Formats() {
		aliases := append([]string{}, f.Aliases...) // [] rather than null
		list = append(list, jsonFormat{f.Name, aliases, f.CanRead(), f.CanWrite(), f.Extensions, f.Description})
	}
	return output.WriteJSON(e.Out, list)
}
