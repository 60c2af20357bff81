package main

import (
	"time"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/trimming"
	"github.com/convkit/convkit/trim"
)

func trimCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "trim",
		Usage:       "fit conversations to a token budget or a window of messages",
		ArgsUsage:   "[FILE…]",
		Description: description("trim"),
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "last", DefaultText: "no limit", Usage: "keep the last `N` messages (after the system prompt); 0 keeps only the system prompt"},
			&cli.IntFlag{Name: "last-turns", DefaultText: "no limit", Usage: "keep the last `N` user turns: each user message and all that answers it"},
			tokensFlag(&cli.IntFlag{Name: "max-tokens", DefaultText: "no limit", Usage: "keep what fits in `N` tokens, counted as 'convkit count' counts them"}),
			tokensFlag(&cli.IntFlag{Name: "reserve", Usage: "keep `N` tokens of the budget free for the reply"}),
			&cli.BoolFlag{Name: "fit", Usage: "use the model's context window as the budget"},
			&cli.StringFlag{Name: "keep", Value: "last", Usage: "which end a budget keeps: `last` (the newest messages) or first"},
			&cli.BoolFlag{Name: "marker", Usage: "put one message where the dropped messages were"},
			&cli.StringFlag{Name: "marker-text", Usage: "the marker's `TEMPLATE`: {messages} and {tokens} stand for what was dropped"},
			&cli.StringFlag{Name: "summary-file", Usage: "the marker's text is the content of `FILE`"},
			&cli.StringFlag{Name: "summary-cmd", Usage: "the marker's text is what `CMD` (run by sh -c, in convkit's environment) prints when given the dropped messages as a text transcript; at most 1 MiB"},
			&cli.DurationFlag{Name: "summary-timeout", Value: 60 * time.Second, Usage: "kill --summary-cmd (and what it started) after `DURATION`"},
			&cli.StringFlag{Name: "marker-role", Value: "system", Usage: "the marker's `ROLE`"},
			&cli.BoolFlag{Name: "drop-system", Usage: "let leading system and developer messages be dropped like the others"},
			&cli.StringFlag{Name: "start-on", Usage: "drop messages at the start of what is kept until a `user` message"},
			&cli.BoolFlag{Name: "allow-partial", Usage: "cut the text of the message at the edge to use the budget to the token"},
			&cli.StringFlag{Name: "on-unfit", Value: "error", Usage: "for a conversation that cannot fit: `error` (naming each), skip, or keep it untrimmed"},
			&cli.BoolFlag{Name: "allow-no-user", Usage: "let a budget keep no user message (by default a conversation whose user messages do not fit does not fit)"},
			modelFlag,
			encodingFlag(),
			modelsFileFlag,
			tokenizerFlag, templateFlag, templateFileFlag, maxSeqLenFlag, noTemplateFlag, genPromptFlag,
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "output `FORMAT` (the input's by default)"},
			fromFlag, allowSpecialFlag,
			outputFlag,
			compressFlag,
			&cli.BoolFlag{Name: "in-place", Aliases: []string{"i"}, Usage: "replace FILE with the trimmed conversations (atomically)"},
			hiddenNames(&cli.BoolFlag{Name: "json", Usage: "report what was dropped as one JSON object per conversation on standard error"}, "report-json"),
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "do not report what was dropped"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "report what was dropped from each conversation, not only the summary"},
			colorFlag,
		},
		Action: func(c *cli.Context) error {
			opts := trimming.Options{Files: c.Args().Slice(), Format: c.String("format"), From: c.String("from"), Output: c.String("output"),
				Compress: c.String("compress"), InPlace: c.Bool("in-place"), AllowSpecial: c.Bool("allow-special-text"),
				MaxTokens: trim.None, Fit: c.Bool("fit"), Policy: trim.Defaults(), Keep: c.String("keep"), StartOn: c.String("start-on"),
				OnUnfit: c.String("on-unfit"), Marker: c.Bool("marker"), MarkerRole: c.String("marker-role"), MarkerText: c.String("marker-text"),
				SummaryFile: c.String("summary-file"), SummaryCmd: c.String("summary-cmd"), SummaryTimeout: c.Duration("summary-timeout"),
				ReportJSON: c.Bool("json"), Quiet: c.Bool("quiet"), Verbose: c.Bool("verbose"), Given: c.IsSet}
			opts.Counter, _ = counterOptionsFrom(c) // trim has no --image-size to fail
			opts.HF, opts.How = hfOptionsFrom(c), counting.HFCount{NoTemplate: c.Bool("no-template"), GenerationPrompt: c.Bool("generation-prompt")}
			opts.Policy.DropSystem, opts.Policy.AllowPartial, opts.Policy.AllowNoUser = c.Bool("drop-system"), c.Bool("allow-partial"), c.Bool("allow-no-user")
			var err error
			if opts.Color, err = e.color(c); err != nil {
				return err
			}
			p := &opts.Policy
			if err := readCounts(c, intFlag{"last", &p.Last}, intFlag{"last-turns", &p.LastTurns}, intFlag{"max-tokens", &opts.MaxTokens}, intFlag{"reserve", &opts.Reserve}); err != nil {
				return err
			}
			return trimming.Run(e.Env, opts)
		},
	}
}
