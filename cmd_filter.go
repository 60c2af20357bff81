package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/suggest"
)

func filterCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "filter",
		Usage:       "keep the conversations (and messages) for which an expression is true",
		ArgsUsage:   "EXPR [FILE…]",
		Description: description("filter"),
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
			modelFlag, longEncodingFlag(), modelsFileFlag,
		),
		Action: func(c *cli.Context) error {
			var minTokens, maxTokens int
			if err := readCounts(c, intFlag{"min-tokens", &minTokens}, intFlag{"max-tokens", &maxTokens}); err != nil {
				return err
			}
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			for _, r := range c.StringSlice("role") {
				known := []string{string(chat.System), string(chat.Developer), string(chat.User), string(chat.Assistant), string(chat.Tool), string(chat.Function)}
				if close := suggest.DidYouMean(r, known); !chat.Role(r).Known() && close != "" { // a role of its own is legitimate
					e.Warnf("--role %s is not a role convkit knows; did you mean %s?", r, close)
				}
			}
			return dataset.Filter(e.Env, dataset.FilterOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Expr: c.String("expr"),
				Shortcuts: filter.Shortcuts{MinTokens: minTokens, MaxTokens: maxTokens, Roles: c.StringSlice("role"),
					HasTools: c.Bool("has-tools"), Grep: c.StringSlice("grep")},
				ShortcutsGiven: c.IsSet("min-tokens") || c.IsSet("max-tokens") || c.IsSet("role") || c.IsSet("has-tools") ||
					c.IsSet("grep") || c.IsSet("valid") || c.IsSet("invalid") || c.IsSet("messages") || c.IsSet("expr"),
				Valid: c.Bool("valid"), Invalid: c.Bool("invalid"), Messages: c.String("messages"), Counter: counter})
		},
	}
}
