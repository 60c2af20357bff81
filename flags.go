package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
)

// flagDoc is what completion and the man page need of a flag: its names
// (long first), what it does, and what its value is.
type flagDoc struct {
	long, short string // either may be ""
	usage       string
	value       string   // the value's placeholder (FILE, N), or "" for a switch
	choices     []string // the values it takes, when they are few and known
}

// visibleFlags describes the flags help shows of cmd (or of convkit when
// cmd is nil).
func visibleFlags(app *cli.App, cmd *cli.Command) []flagDoc {
	flags := app.Flags
	if cmd != nil {
		flags = cmd.Flags
	}
	var docs []flagDoc
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		d := flagDoc{}
		for _, n := range f.Names() {
			if len(n) == 1 {
				d.short = n
			} else if d.long == "" {
				d.long = n
			}
		}
		if g, ok := f.(cli.DocGenerationFlag); ok {
			placeholder, usage := unquoteUsage(g.GetUsage())
			d.usage = usage
			if g.TakesValue() {
				d.value = placeholder
				if d.value == "" {
					d.value = "VALUE"
				}
				d.choices = flagChoices(d.long)
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// flagChoices lists the values a flag named name takes, when they are
// names convkit knows: formats, models, encodings.
func flagChoices(name string) []string {
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

// takesFile says whether a flag's value is a file or directory name.
func (d flagDoc) takesFile() bool {
	return d.value != "" && d.choices == nil && (strings.Contains(d.value, "FILE") || strings.Contains(d.value, "DIR"))
}

// unquoteUsage splits a usage text into the name of its value, written
// between back quotes as urfave/cli reads it, and the text without them.
func unquoteUsage(usage string) (name, text string) {
	before, rest, ok := strings.Cut(usage, "`")
	if !ok {
		return "", usage
	}
	name, after, ok := strings.Cut(rest, "`")
	if !ok {
		return "", usage
	}
	return name, before + name + after
}
