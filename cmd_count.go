package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/counting"
)

func countCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "count",
		Usage:       "count the tokens of conversations, exactly and offline",
		ArgsUsage:   "[FILE…]",
		Description: description("count"),
		Flags: []cli.Flag{
			memberFlag,
			modelFlag,
			encodingFlag(),
			modelsFileFlag,
			fromFlag,
			&cli.StringFlag{Name: "by", Usage: "a row per conversation, and under each a row per message or role: `KIND` is conversation, message or role"},
			&cli.BoolFlag{Name: "json", Usage: "print the counts as JSON"},
			&cli.BoolFlag{Name: "total", Aliases: []string{"t"}, Usage: "print only the grand total, a bare integer"},
			&cli.BoolFlag{Name: "raw", Usage: "count content only, without the chat overhead"},
			&cli.BoolFlag{Name: "plain", Usage: "count each input as plain text, not as conversations"},
			hiddenNames(tokensFlag(&cli.IntFlag{Name: "max-tokens", Usage: "exit 3 and name the conversations over `N` tokens"}), "limit"),
			&cli.BoolFlag{Name: "cost", Usage: "add what the tokens cost as input, at the model's prices (see 'convkit models --sources')"},
			priceFlag(),
			&cli.BoolFlag{Name: "fit", Usage: "exit 3 and name the conversations that do not fit the model's context window"},
			tokenizerFlag,
			templateFlag,
			templateFileFlag,
			maxSeqLenFlag,
			noTemplateFlag,
			genPromptFlag,
			skipInvalidFlag,
			&cli.StringFlag{Name: "image-size", Usage: "assume `WxH` pixels for images whose size cannot be read (default 1024x1024)"},
		},
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return counting.Count(e.Env, counting.CountOptions{
				Counter: counter, From: c.String("from"), By: rowsBy(c.String("by")), Rows: c.IsSet("by"),
				Raw: c.Bool("raw"), Plain: c.Bool("plain"), JSON: c.Bool("json"), Total: c.Bool("total"),
				Limit: c.Int("max-tokens"), Fit: c.Bool("fit"), Files: c.Args().Slice(), Skip: c.Bool("skip-invalid"),
				HF: hfOptionsFrom(c), NoTemplate: c.Bool("no-template"), GenerationPrompt: c.Bool("generation-prompt"),
				Cost: c.Bool("cost"), Price: c.String("price"),
			})
		},
	}
}

// rowsBy reads --by: conversation is the table's rows alone.
func rowsBy(by string) count.By {
	if by == "conversation" {
		return count.ByConversation
	}
	return count.By(by)
}
