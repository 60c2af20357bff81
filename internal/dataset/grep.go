package dataset

import (
	"fmt"
	"regexp"

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
	Before, After    int // -B, -A: messages of context before and after each match
}

// Grep prints the messages whose text matches opts.Pattern, with their
// place; it returns a cmderr.No when none does. A long text is read into
// a spool and searched there as it is read back (filter.Grep); the text
// around a match is read from there, and --json copies it from there.
func Grep(e *app.Env, opts GrepOptions) error {
	spools := spoolLong(&opts.Options, nil)
	defer spools.Close()
	return grep(e, opts)
}

// grep is Grep, with the texts as opts.Options read them.
func grep(e *app.Env, opts GrepOptions) error {
	pattern := opts.Pattern
	if opts.IgnoreCase {
		pattern = "(?i)" + pattern
	}
	if opts.Before < 0 || opts.After < 0 {
		return cmderr.Usagef("-A, -B and -C take a number of messages, not less than 0")
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return cmderr.Usagef("REGEX: %v", err)
	}
	matched := 0
	perFile := map[string]int{}
	var order []string
	conv, file, shown := 0, "", false
	_, err = Parallel(e, opts.Options, func(r *Record) func() error {
		// On a worker: the search, and the lines to print.
		printed := opts.JSON || !opts.Count && !opts.FilesWithMatches // the matches, not their count
		matches, err := filter.Grep(r.Conv, re, opts.Roles, printed)
		var lines []filter.GrepLine
		if err == nil && printed && !opts.JSON {
			lines, err = filter.Context(r.Conv, matches, opts.Before, opts.After, opts.Color)
		}
		return func() error { // in order
			if err != nil {
				return fmt.Errorf("%s: %w", r.Where(), err)
			}
			if r.File != file {
				file, conv = r.File, 0
				order = append(order, file)
			}
			conv++
			matched += len(matches)
			perFile[r.File] += len(matches)
			if opts.JSON {
				for _, m := range matches {
					if err := writeMatchJSON(e.Out, r, conv, m); err != nil {
						return fmt.Errorf("%s: %w", r.Where(), err)
					}
				}
			}
			for i, l := range lines {
				sep := ":"
				if !l.Match {
					sep = "-"
				}
				if (l.Gap || i == 0 && shown) && opts.Before+opts.After > 0 {
					fmt.Fprintln(e.Out, "--")
				}
				fmt.Fprintf(e.Out, "%s%s conv %d msg %d %s%s %s\n", r.Where(), sep, conv, l.Index+1, l.Role, sep, l.Text)
				shown = true
			}
			return nil
		}
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
