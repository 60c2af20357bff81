package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
)

// grepOptions are the flags of convkit grep.
type grepOptions struct {
	dataset.Options
	pattern    string
	roles      []string
	ignoreCase bool
	count      bool // -c: the number of matching messages per file
	files      bool // -l: the files with a match
	json       bool
	color      bool
}

func grepCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "grep",
		Usage:     "search message texts across conversations and files",
		ArgsUsage: "REGEX [FILE…]",
		Description: "Prints each message whose text matches REGEX (Go syntax) as\n" +
			"FILE:LINE: conv N msg M ROLE: …the text around the match…, the match coloured on a\n" +
			"terminal. Exit 0 when something matched, 3 when nothing did.\n\n" +
			"   convkit grep -i 'as an ai' data.jsonl\n" +
			"   convkit grep --role assistant -c 'sorry' data.jsonl",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "role", Usage: "search only messages of `ROLE` (repeat for more)"},
			&cli.BoolFlag{Name: "ignore-case", Aliases: []string{"i"}, Usage: "match upper and lower case alike"},
			&cli.BoolFlag{Name: "count", Aliases: []string{"c"}, Usage: "print only the number of matching messages of each file"},
			&cli.BoolFlag{Name: "files-with-matches", Aliases: []string{"l"}, Usage: "print only the names of files with a match"},
			&cli.BoolFlag{Name: "json", Usage: "print each matching message as a JSON object"},
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
			return runGrep(e, grepOptions{Options: datasetOptionsOf(c, args[1:]), pattern: args[0], roles: c.StringSlice("role"),
				ignoreCase: c.Bool("ignore-case"), count: c.Bool("count"), files: c.Bool("files-with-matches"), json: c.Bool("json"), color: color})
		},
	}
}

// grepJSON is a match as --json prints it.
type grepJSON struct {
	File         string  `json:"file"`
	Line         int     `json:"line"`
	Conversation int     `json:"conversation"`
	Message      int     `json:"message"`
	Role         string  `json:"role"`
	Text         string  `json:"text"`
	Matches      [][]int `json:"matches"`
}

func runGrep(e *env, opts grepOptions) error {
	pattern := opts.pattern
	if opts.ignoreCase {
		pattern = "(?i)" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return cmderr.Usagef("REGEX: %v", err)
	}
	matched := 0
	perFile := map[string]int{}
	var order []string
	conv, file := 0, ""
	_, err = dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		if r.File != file {
			file, conv = r.File, 0
			order = append(order, file)
		}
		conv++
		for _, m := range filter.Grep(r.Conv, re, opts.roles) {
			matched++
			perFile[r.File]++
			switch {
			case opts.count || opts.files:
			case opts.json:
				b, _ := json.Marshal(grepJSON{r.File, r.Line, conv, m.Index + 1, string(m.Role), m.Text, m.Spans})
				fmt.Fprintf(e.Out, "%s\n", b)
			default:
				fmt.Fprintf(e.Out, "%s: conv %d msg %d %s: %s\n", r.Where(), conv, m.Index+1, m.Role, excerpt(m, opts.color))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range order {
		switch {
		case opts.files && perFile[f] > 0:
			fmt.Fprintln(e.Out, f)
		case opts.count && !opts.files:
			fmt.Fprintf(e.Out, "%s:%d\n", f, perFile[f])
		}
	}
	if matched == 0 {
		return &cmderr.No{}
	}
	return nil
}

// excerpt shows the first match with up to 40 bytes of text on each side,
// on one line, the matches coloured when color is set.
func excerpt(m filter.Match, color bool) string {
	const around = 40
	first := m.Spans[0]
	from, to := max(0, first[0]-around), min(len(m.Text), first[1]+around)
	for from > 0 && !utf8Start(m.Text[from]) {
		from--
	}
	for to < len(m.Text) && !utf8Start(m.Text[to]) {
		to++
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, s := range m.Spans {
		if s[0] < at || s[1] > to {
			continue
		}
		b.WriteString(m.Text[at:s[0]])
		if color {
			b.WriteString("\x1b[1;31m" + m.Text[s[0]:s[1]] + "\x1b[0m")
		} else {
			b.WriteString(m.Text[s[0]:s[1]])
		}
		at = s[1]
	}
	b.WriteString(m.Text[at:to])
	if to < len(m.Text) {
		b.WriteString("…")
	}
	return strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(b.String())
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }
