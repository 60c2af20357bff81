package dataset

import (
	"fmt"
	"regexp"

	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/schema"
	"github.com/convkit/convkit/trim"
)

// FilterOptions are what filter's flags say.
type FilterOptions struct {
	Options               // Files: with no shortcut flag, the first is EXPR
	Expr           string // --expr
	Shortcuts      filter.Shortcuts
	ShortcutsGiven bool   // a shortcut flag was given, so every argument is a file
	Valid, Invalid bool   // keep the lines that pass, or fail, validate
	Messages       string // --messages: which messages to keep
	Counter        counting.Options
}

// filterRun is a filter's compiled expressions and tallies.
type filterRun struct {
	e                                     *app.Env
	opts                                  FilterOptions
	keep                                  Keeper // decides on Parallel's workers
	total, kept, trimmed, droppedMessages int
}

// Filter writes the conversations of opts.Files for which the expression
// and the shortcuts hold, with only the messages --messages keeps.
func Filter(e *app.Env, opts FilterOptions) error {
	return runFilter(e, opts, true)
}

// runFilter is Filter, with long strings read into spools when spool is
// set and the expressions count no tokens, or else read whole.
func runFilter(e *app.Env, opts FilterOptions, spool bool) error {
	f := &filterRun{e: e, opts: opts}
	if err := f.check(); err != nil {
		return err
	}
	if err := f.compile(); err != nil {
		return err
	}
	if spool && f.keep.decidesWithoutTokens() {
		if spools := passLong(&f.opts.Options, f.opts.Output); spools != nil {
			defer spools.Close()
		}
	}
	out, err := OpenSink(e, f.opts.Output, f.opts.Format, f.opts.Files)
	if err != nil {
		return err
	}
	skipped, err := Parallel(e, f.opts.Options, func(r *Record) func() error {
		conv, dropped, keep, err := f.keep.Keep(r) // on a worker
		return func() error {                      // in order
			if err != nil || !f.record(r, dropped, keep) {
				return err
			}
			return out.Write(r, conv)
		}
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	f.summary(skipped)
	return nil
}

// check reads the arguments and refuses flags that cannot go together.
func (f *filterRun) check() error {
	o := &f.opts
	for _, re := range o.Shortcuts.Grep {
		if _, err := regexp.Compile(re); err != nil {
			return cmderr.Usagef("--grep: %v", err)
		}
	}
	expr := o.Expr
	if !o.ShortcutsGiven {
		if len(o.Files) == 0 {
			return &cmderr.Usage{Err: fmt.Errorf("filter needs EXPR or a shortcut flag"), Hints: []string{"run 'convkit filter --help' for the environment and the flags"}}
		}
		expr, o.Files = o.Files[0], o.Files[1:]
	}
	o.Expr = expr
	switch {
	case o.Valid && o.Invalid:
		return cmderr.Usagef("--valid and --invalid cannot be combined")
	case o.Valid:
		f.keep.Validity = "valid"
	case o.Invalid:
		f.keep.Validity = "invalid"
	}
	o.Unreadable = f.keep.Validity != ""
	o.KeepLong = true // a line too long to hold is checked and written from a file
	return nil
}

// compile compiles EXPR (alone first, so that errors point into it), the
// shortcuts joined to it, and --messages, and sets up the counter they
// need.
func (f *filterRun) compile() error {
	var err error
	if f.opts.Expr != "" {
		if _, err := filter.Compile(f.opts.Expr); err != nil {
			return ExpressionError("EXPR", err)
		}
	}
	if expr := f.opts.Shortcuts.Expr(f.opts.Expr); expr != "" {
		if f.keep.Prog, err = filter.Compile(expr); err != nil {
			return ExpressionError("EXPR", err)
		}
	}
	if f.opts.Messages != "" {
		if f.keep.Messages, err = filter.CompileMessages(f.opts.Messages); err != nil {
			return ExpressionError("--messages", err)
		}
	}
	if (f.keep.Prog != nil && f.keep.Prog.UsesTokens()) || (f.keep.Messages != nil && f.keep.Messages.UsesTokens()) {
		c, err := counting.New(f.opts.Counter)
		if err != nil {
			return err
		}
		f.keep.Counter = trim.Count(c)
	}
	f.keep.Validator = schema.New(schema.Options{})
	return nil
}

// record counts r, kept or not, and the messages --messages dropped of
// it, and names it with -v; it returns keep.
func (f *filterRun) record(r *Record, dropped int, keep bool) bool {
	f.total++
	switch {
	case !keep:
		if f.opts.Verbose {
			f.e.Summary("filter", "%s: dropped", r.Where())
		}
		return false
	case dropped > 0:
		f.trimmed++
		f.droppedMessages += dropped
		if f.opts.Verbose {
			f.e.Summary("filter", "%s: dropped %s", r.Where(), numfmt.Plural(dropped, "message"))
		}
	}
	f.kept++
	return true
}

// summary tells what was dropped, if anything.
func (f *filterRun) summary(skipped int) {
	if f.kept < f.total || f.trimmed > 0 || skipped > 0 {
		msg := fmt.Sprintf("kept %d of %s", f.kept, numfmt.Plural(f.total, "conversation"))
		if f.trimmed > 0 {
			msg += fmt.Sprintf(", dropped %s from %d of them", numfmt.Plural(f.droppedMessages, "message"), f.trimmed)
		}
		f.e.Summary("filter", "%s%s", msg, SkippedNote(skipped))
	}
}
