package main

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/schema"
	"github.com/convkit/convkit/trim"
)

// filterOptions are the flags of convkit filter.
type filterOptions struct {
	dataset.Options
	expr      string // the conversation expression, with the shortcuts joined in
	userExpr  string // EXPR as given, compiled alone first so that errors point into it
	messages  string // --messages: which messages to keep
	validity  string // "valid", "invalid" or ""
	counter   counting.Options
	shortcuts bool // a shortcut flag was given, so every argument is a file
}

func filterCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "filter",
		Usage:     "keep the conversations (and messages) for which an expression is true",
		ArgsUsage: "EXPR [FILE…]",
		Description: "Writes the conversations of each FILE (or standard input) for which EXPR, an expr-lang\n" +
			"expression, is true, unchanged and in order. EXPR sees messages (each with role, content,\n" +
			"name, tool_call_id, tool_calls, tokens), tokens, turns, roles, has_tools, line, id and title,\n" +
			"and can call matches(text, regex) and contains(text, s). With a shortcut flag, EXPR is\n" +
			"optional (--expr gives it) and every argument is a file; shortcuts and EXPR must all hold.\n" +
			"--messages EXPR keeps, inside each conversation, the messages for which EXPR is true; a\n" +
			"tool call and its results are kept or dropped together.\n\n" +
			"   convkit filter 'tokens <= 8000 && \"assistant\" in roles' data.jsonl\n" +
			"   convkit filter --has-tools --min-tokens 100 data.jsonl\n" +
			"   convkit filter --messages 'role != \"system\"' data.jsonl\n" +
			"   convkit filter --invalid -o rejected.jsonl data.jsonl",
		Flags: datasetFlags(
			&cli.StringFlag{Name: "expr", Aliases: []string{"e"}, Usage: "the conversation `EXPR`, when shortcut flags make every argument a file"},
			tokensFlag(&cli.IntFlag{Name: "min-tokens", Usage: "keep conversations of at least `N` tokens"}),
			tokensFlag(&cli.IntFlag{Name: "max-tokens", Usage: "keep conversations of at most `N` tokens"}),
			&cli.StringSliceFlag{Name: "role", Usage: "keep conversations with a message of `ROLE` (repeat: all of them)"},
			&cli.BoolFlag{Name: "has-tools", Usage: "keep conversations with a tool call, result or definition"},
			&cli.StringSliceFlag{Name: "grep", Usage: "keep conversations with a message whose text matches `REGEX`"},
			&cli.BoolFlag{Name: "valid", Usage: "keep the lines that pass 'convkit validate' (JSONL)"},
			&cli.BoolFlag{Name: "invalid", Usage: "keep the lines that fail 'convkit validate', unreadable ones included (JSONL)"},
			&cli.StringFlag{Name: "messages", Usage: "keep, in each conversation, the messages for which `EXPR` is true"},
			modelFlag, modelsFileFlag,
		),
		Action: func(c *cli.Context) error {
			sc := filter.Shortcuts{MinTokens: c.Int("min-tokens"), MaxTokens: c.Int("max-tokens"), Roles: c.StringSlice("role"),
				HasTools: c.Bool("has-tools"), Grep: c.StringSlice("grep")}
			for _, re := range sc.Grep {
				if _, err := regexp.Compile(re); err != nil {
					return cmderr.Usagef("--grep: %v", err)
				}
			}
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			opts := filterOptions{counter: counter, messages: c.String("messages")}
			opts.shortcuts = c.IsSet("min-tokens") || c.IsSet("max-tokens") || c.IsSet("role") || c.IsSet("has-tools") ||
				c.IsSet("grep") || c.IsSet("valid") || c.IsSet("invalid") || c.IsSet("messages") || c.IsSet("expr")
			args := c.Args().Slice()
			expr := c.String("expr")
			if !opts.shortcuts {
				if len(args) == 0 {
					return &cmderr.Usage{Err: fmt.Errorf("filter needs EXPR or a shortcut flag"), Hints: []string{"run 'convkit filter --help' for the environment and the flags"}}
				}
				expr, args = args[0], args[1:]
			}
			opts.expr, opts.userExpr = sc.Expr(expr), expr
			switch {
			case c.Bool("valid") && c.Bool("invalid"):
				return cmderr.Usagef("--valid and --invalid cannot be combined")
			case c.Bool("valid"):
				opts.validity = "valid"
			case c.Bool("invalid"):
				opts.validity = "invalid"
			}
			opts.Options = datasetOptionsOf(c, args)
			opts.Unreadable = opts.validity != ""
			return runFilter(e, opts)
		},
	}
}

func runFilter(e *env, opts filterOptions) error {
	var prog *filter.Program
	var msgProg *filter.MessageProgram
	var err error
	if opts.userExpr != "" {
		if _, err := filter.Compile(opts.userExpr); err != nil {
			return dataset.ExpressionError("EXPR", err)
		}
	}
	if opts.expr != "" {
		if prog, err = filter.Compile(opts.expr); err != nil {
			return dataset.ExpressionError("EXPR", err)
		}
	}
	if opts.messages != "" {
		if msgProg, err = filter.CompileMessages(opts.messages); err != nil {
			return dataset.ExpressionError("--messages", err)
		}
	}
	var counter filter.Counter
	if (prog != nil && prog.UsesTokens()) || (msgProg != nil && msgProg.UsesTokens()) {
		c, err := counting.New(opts.counter)
		if err != nil {
			return err
		}
		counter = trim.Count(c)
	}
	validator := schema.New(schema.Options{})
	out, err := dataset.OpenSink(e.Env, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	total, kept, trimmed, droppedMessages := 0, 0, 0, 0
	skipped, err := dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		total++
		keep := true
		if opts.validity != "" {
			if r.Raw == nil {
				return cmderr.Usagef("%s: --valid and --invalid read JSON Lines, one conversation per line", r.File)
			}
			keep = (r.Err == nil && valid(validator, r.Raw)) == (opts.validity == "valid")
		}
		if keep && r.Conv != nil && prog != nil {
			ok, err := prog.Match(r.Conv, r.Line, counter)
			if err != nil {
				return fmt.Errorf("%s: %w", r.Where(), err)
			}
			keep = ok
		}
		if !keep {
			if opts.Verbose {
				e.Summary("filter", "%s: dropped", r.Where())
			}
			return nil
		}
		conv := r.Conv
		if msgProg != nil && conv != nil {
			var dropped int
			conv, dropped, err = msgProg.Apply(conv, counter)
			if err != nil {
				return fmt.Errorf("%s: %w", r.Where(), err)
			}
			if dropped > 0 {
				trimmed++
				droppedMessages += dropped
				if opts.Verbose {
					e.Summary("filter", "%s: dropped %s", r.Where(), numfmt.Plural(dropped, "message"))
				}
			}
		}
		kept++
		return out.Write(r, conv)
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	if kept < total || trimmed > 0 || skipped > 0 {
		msg := fmt.Sprintf("kept %d of %s", kept, numfmt.Plural(total, "conversation"))
		if trimmed > 0 {
			msg += fmt.Sprintf(", dropped %s from %d of them", numfmt.Plural(droppedMessages, "message"), trimmed)
		}
		e.Summary("filter", "%s%s", msg, dataset.SkippedNote(skipped))
	}
	return nil
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
