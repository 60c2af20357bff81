package dataset

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
)

// GrepOptions are what grep's flags say.
type GrepOptions struct {
	Options
	Pattern          string
	Roles            []string
	IgnoreCase       bool
	Count            bool // -c: the number of matching messages per file
	FilesWithMatches bool // -l: the files with a match
	JSON             bool
	Color            bool
}

// Grep prints the messages whose text matches opts.Pattern, with their
// place; it returns a cmderr.No when none does.
func Grep(e *app.Env, opts GrepOptions) error {
	pattern := opts.Pattern
	if opts.IgnoreCase {
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
	_, err = Each(e, opts.Options, func(r *Record) error {
		if r.File != file {
			file, conv = r.File, 0
			order = append(order, file)
		}
		conv++
		for _, m := range filter.Grep(r.Conv, re, opts.Roles) {
			matched++
			perFile[r.File]++
			switch {
			case opts.Count || opts.FilesWithMatches:
			case opts.JSON:
				b, _ := json.Marshal(grepJSON{r.File, r.Line, conv, m.Index + 1, string(m.Role), m.Text, m.Spans})
				fmt.Fprintf(e.Out, "%s\n", b)
			default:
				fmt.Fprintf(e.Out, "%s: conv %d msg %d %s: %s\n", r.Where(), conv, m.Index+1, m.Role, excerpt(m, opts.Color))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range order {
		switch {
		case opts.FilesWithMatches && perFile[f] > 0:
			fmt.Fprintln(e.Out, f)
		case opts.Count && !opts.FilesWithMatches:
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
