package dataset

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/convkit/convkit/chat"
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
	validity                              string // "valid", "invalid" or ""
	prog                                  *filter.Program
	msgProg                               *filter.MessageProgram
	counter                               filter.Counter
	validator                             *schema.Validator
	total, kept, trimmed, droppedMessages int
}

// Filter writes the conversations of opts.Files for which the expression
// and the shortcuts hold, with only the messages --messages keeps.
func Filter(e *app.Env, opts FilterOptions) error {
	f := &filterRun{e: e, opts: opts}
	if err := f.check(); err != nil {
		return err
	}
	if err := f.compile(); err != nil {
		return err
	}
	out, err := OpenSink(e, f.opts.Output, f.opts.Format, f.opts.Files)
	if err != nil {
		return err
	}
	skipped, err := Each(e, f.opts.Options, func(r *Record) error {
		conv, keep, err := f.record(r)
		if err != nil || !keep {
			return err
		}
		return out.Write(r, conv)
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
		f.validity = "valid"
	case o.Invalid:
		f.validity = "invalid"
	}
	o.Unreadable = f.validity != ""
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
		if f.prog, err = filter.Compile(expr); err != nil {
			return ExpressionError("EXPR", err)
		}
	}
	if f.opts.Messages != "" {
		if f.msgProg, err = filter.CompileMessages(f.opts.Messages); err != nil {
			return ExpressionError("--messages", err)
		}
	}
	if (f.prog != nil && f.prog.UsesTokens()) || (f.msgProg != nil && f.msgProg.UsesTokens()) {
		c, err := counting.New(f.opts.Counter)
		if err != nil {
			return err
		}
		f.counter = trim.Count(c)
	}
	f.validator = schema.New(schema.Options{})
	return nil
}

// record decides whether r is kept, and with which of its messages.
func (f *filterRun) record(r *Record) (*chat.Conversation, bool, error) {
	f.total++
	keep, err := f.keeps(r)
	if err != nil || !keep {
		if err == nil && f.opts.Verbose {
			f.e.Summary("filter", "%s: dropped", r.Where())
		}
		return nil, false, err
	}
	conv := r.Conv
	if f.msgProg != nil && conv != nil {
		var dropped int
		conv, dropped, err = f.msgProg.Apply(conv, f.counter)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", r.Where(), err)
		}
		if dropped > 0 {
			f.trimmed++
			f.droppedMessages += dropped
			if f.opts.Verbose {
				f.e.Summary("filter", "%s: dropped %s", r.Where(), numfmt.Plural(dropped, "message"))
			}
		}
	}
	f.kept++
	return conv, true, nil
}

// keeps says whether r passes --valid or --invalid and the expression.
func (f *filterRun) keeps(r *Record) (bool, error) {
	if f.validity != "" {
		if r.Raw == nil {
			return false, cmderr.Usagef("%s: --valid and --invalid read JSON Lines, one conversation per line", r.File)
		}
		if (r.Err == nil && valid(f.validator, r.Raw)) != (f.validity == "valid") {
			return false, nil
		}
	}
	if r.Conv == nil || f.prog == nil {
		return true, nil
	}
	ok, err := f.prog.Match(r.Conv, r.Line, f.counter)
	if err != nil {
		return false, fmt.Errorf("%s: %w", r.Where(), err)
	}
	return ok, nil
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

// valid reports whether a JSONL line passes validate's checks: no error,
// warnings allowed.
func valid(v *schema.Validator, line []byte) bool {
	ok := true
	v.Check(bytes.NewReader(line), true, func(p schema.Problem) {
		if !p.Warning {
			ok = false
		}
	})
	return ok
}
