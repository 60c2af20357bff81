package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/exporting"
)

func exportCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "export",
		Aliases:     []string{"convert"},
		Usage:       "convert conversations to another format",
		ArgsUsage:   "[FILE…]",
		Description: description("export"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "output `FORMAT` (see 'convkit formats')"},
			fromFlag, allowSpecialFlag,
			outputFlag,
			compressFlag,
			memberFlag,
			colorFlag,
			&cli.StringFlag{Name: "model", Aliases: []string{"m"}, Value: count.DefaultModel,
				Usage: "the `MODEL` request bodies name (api, anthropic, responses); meta counts its token_count for it"},
			tokensFlag(&cli.IntFlag{Name: "max-tokens", Usage: "the reply's token limit request bodies set (api, anthropic, gemini, responses): `N`"}),
			encodingFlag(),
			modelsFileFlag,
			&cli.BoolFlag{Name: "strict", Usage: "fail instead of warning when the output format cannot hold something"},
			&cli.BoolFlag{Name: "all-branches", Usage: "give every branch of a branching export (chatgpt), not only the active thread"},
			&cli.BoolFlag{Name: "keep-vendor", Usage: "api: keep parts and tools the API has no type for (thinking blocks, Gemini parts, server tools) verbatim, for a lossless round trip; api and jsonl: keep the fields of Responses items (id, status, phase); jsonl, which keeps the parts, then does not warn of them"},
			&cli.BoolFlag{Name: "jsonl", Usage: "write JSON Lines, one conversation a line (sharegpt, anthropic, gemini, responses; prompt as {\"text\": …}); the default when -o ends in .jsonl"},
			&cli.StringFlag{Name: "split", Usage: "write each conversation to its own file in `DIR`, named from its title"},
			&cli.BoolFlag{Name: "hidden", Usage: "keep the messages an export hides from its reader (chatgpt: hidden system messages, custom instructions)"},
			&cli.BoolFlag{Name: "redact", Usage: "replace secrets and personal data with placeholders, as 'convkit redact' does"},
			tokenizerFlag, templateFlag, templateFileFlag, genPromptFlag,
			&cli.BoolFlag{Name: "merge-roles", Usage: "join consecutive messages of the same role, as 'convkit merge-roles' does"},
		},
		Action: func(c *cli.Context) error {
			color, err := e.color(c)
			if err != nil {
				return err
			}
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return exporting.Run(e.Env, exporting.Options{
				Format:       c.String("format"),
				From:         c.String("from"),
				Output:       c.String("output"),
				Color:        color,
				Counter:      counter,
				Files:        c.Args().Slice(),
				AllowSpecial: c.Bool("allow-special-text"),
				Strict:       c.Bool("strict"),
				All:          c.Bool("all-branches"),
				Hidden:       c.Bool("hidden"),
				Compress:     c.String("compress"),
				Redact:       c.Bool("redact"),
				Split:        c.String("split"),
				Vendor:       c.Bool("keep-vendor"),
				MergeRoles:   c.Bool("merge-roles"),
				Lines:        c.Bool("jsonl"),
				Model:        map[bool]string{true: c.String("model")}[c.IsSet("model")],
				MaxTokens:    c.Int("max-tokens"),
				HF:           hfOptionsFrom(c),
				GenPrompt:    c.Bool("generation-prompt"),
			})
		},
	}
}
