package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/output"
)

func modelsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "models",
		Usage: "list the models convkit counts for: encoding, context window, maximum output",
		Description: "Lists the embedded model table (and the entries of --models FILE). A dated snapshot\n" +
			"such as gpt-4o-2024-08-06 counts as the longest entry it starts with.",
		Flags: []cli.Flag{
			modelsFileFlag,
			&cli.BoolFlag{Name: "sources", Usage: "show where each entry's figures come from, and its prices with their source and date"},
			&cli.BoolFlag{Name: "json", Usage: "print the table as a JSON array, one object per model"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmderr.Usagef("models takes no arguments")
			}
			return runModels(e, c.String("models"), c.Bool("sources"), c.Bool("json"))
		},
	}
}

func runModels(e *env, path string, sources, asJSON bool) error {
	table, err := counting.ModelTable(path)
	if err != nil {
		return err
	}
	if asJSON {
		return modelsJSON(e, table.Models())
	}
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "MODEL\tENCODING\tCONTEXT\tMAX OUTPUT\tPER MESSAGE")
	if sources {
		fmt.Fprint(tw, "\tINPUT $/1M\tCACHED\tOUTPUT\tBATCH IN/OUT\tTRAINING\tPRICES FROM\tSOURCE")
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
			p := m.Prices
			from := "-"
			if p.Source != "" {
				from = p.Source + " (" + p.AsOf + ")"
			}
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s/%s\t%s\t%s\t%s", usd(p.Input), usd(p.CachedInput), usd(p.Output), usd(p.BatchInput), usd(p.BatchOutput), usd(p.Training), from, m.Source)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// usd writes a price per 1M tokens, or - when the table lists none.
func usd(price float64) string {
	if price == 0 {
		return "-"
	}
	return "$" + strconv.FormatFloat(price, 'f', -1, 64)
}

// modelsJSON prints the models as --json does: plain numbers, 0 for a
// figure the table does not have.
func modelsJSON(e *env, models []count.Model) error {
	type jsonModel struct {
		Model            string        `json:"model"`
		Encoding         string        `json:"encoding"`
		ContextWindow    int           `json:"context_window"`
		MaxOutput        int           `json:"max_output"`
		Chat             bool          `json:"chat"`
		TokensPerMessage int           `json:"tokens_per_message"`
		Source           string        `json:"source"`
		Prices           *count.Prices `json:"prices,omitempty"`
	}
	list := make([]jsonModel, len(models))
	for i, m := range models {
		list[i] = jsonModel{m.Entry, m.Encoding, m.ContextWindow, m.MaxOutput, m.Chat, m.TokensPerMessage, m.Source, nil}
		if m.Prices != (count.Prices{}) {
			list[i].Prices = &m.Prices
		}
	}
	return output.WriteJSON(e.Out, list)
}
