// Package listing writes what convkit knows, for the commands that list
// it: the formats, the model table, the embedded JSON Schemas.
package listing

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/schema"
)

// Formats writes the formats convkit reads and writes, as a table or
// JSON.
func Formats(w io.Writer, asJSON bool) error {
	if asJSON {
		return formatsJSON(w)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
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

func formatsJSON(w io.Writer) error {
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
	return output.WriteJSON(w, list)
}

// Models writes the model table (extended by the file at path, if any):
// a table, with sources the prices and where the figures come from, or
// JSON.
func Models(w io.Writer, path string, sources, asJSON bool) error {
	table, err := counting.ModelTable(path)
	if err != nil {
		return err
	}
	if asJSON {
		return modelsJSON(w, table.Models())
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
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
func modelsJSON(w io.Writer, models []count.Model) error {
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
	return output.WriteJSON(w, list)
}

// Schemas lists the embedded schemas and what each describes.
func Schemas(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCHEMA\tDESCRIBES")
	for _, n := range schema.Names() {
		fmt.Fprintf(tw, "%s\t%s\n", n, schema.Title(n))
	}
	return tw.Flush()
}

// Schema writes the embedded schema called name.
func Schema(w io.Writer, name string) error {
	src, err := schema.Source(name)
	var unknown *schema.UnknownSchemaError
	if errors.As(err, &unknown) {
		return &cmderr.Usage{Err: err, Hints: []string{"'convkit schema --list' lists them"}}
	}
	if err != nil {
		return err
	}
	_, err = w.Write(src)
	return err
}

// Choices lists the values a flag named name takes, when they are
// names convkit knows: formats, models, encodings.
func Choices(name string) []string {
	switch name {
	case "format", "from", "to":
		return convert.AllNames()
	case "model":
		var names []string
		for _, m := range count.DefaultTable().Models() {
			names = append(names, m.Entry)
		}
		return names
	case "encoding":
		return count.Encodings()
	case "color":
		return []string{"auto", "always", "never"}
	}
	return nil
}
