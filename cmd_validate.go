package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/validating"
)

func validateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "validate",
		Usage:       "check conversation files against JSON Schemas and conversation rules",
		ArgsUsage:   "[FILE…]",
		Description: description("validate"),
		Flags: []cli.Flag{
			memberFlag,
			&cli.StringFlag{Name: "schema", Usage: "check against `NAME|FILE`: an embedded schema (see 'convkit schema --list') or a JSON Schema file"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings are errors, and fields the embedded schemas do not name are refused"},
			&cli.BoolFlag{Name: "fine-tune", Usage: "check a fine-tuning dataset (JSONL) as OpenAI's data preparation does, then print its statistics"},
			&cli.BoolFlag{Name: "json", Usage: "print each problem as a JSON object on standard output"},
			&cli.StringFlag{Name: "model", Aliases: []string{"m"}, Value: count.DefaultModel,
				Usage: "with --fine-tune, count tokens as `MODEL` does ('convkit models' lists them)"},
			encodingFlag(),
			modelsFileFlag,
			priceFlag(),
			tokenizerFlag,
			templateFlag,
			templateFileFlag,
			maxSeqLenFlag,
			&cli.StringFlag{Name: "from", Usage: "read the input as `FORMAT` instead of sniffing: jsonl (one conversation per line), a JSON document (api, meta), or another format, read with its reader"},
		},
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return validating.Run(e.Env, validating.Options{HF: hfOptionsFrom(c), Schema: c.String("schema"), Strict: c.Bool("strict"),
				FineTune: c.Bool("fine-tune"), JSON: c.Bool("json"), Counter: counter, Price: c.String("price"), From: c.String("from"),
				Files: c.Args().Slice()})
		},
	}
}
