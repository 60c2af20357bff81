package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/listing"
)

func modelsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "models",
		Usage:       "list the models convkit counts for: encoding, context window, maximum output",
		Description: description("models"),
		Flags: []cli.Flag{
			modelsFileFlag,
			&cli.BoolFlag{Name: "sources", Usage: "show where each entry's figures come from, and its prices with their source and date"},
			&cli.BoolFlag{Name: "json", Usage: "print the table as a JSON array, one object per model"},
			&cli.BoolFlag{Name: "hf", Usage: "list only the tokenizers of the local Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub)"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmderr.Usagef("models takes no arguments")
			}
			if c.Bool("hf") {
				if c.IsSet("models") || c.Bool("sources") {
					return cmderr.Usagef("--hf lists the Hugging Face cache: it takes no --models or --sources")
				}
				n, err := listing.Tokenizers(e.Out, hfHubDir(), c.Bool("json"), false)
				if err == nil && n == 0 && !c.Bool("json") {
					e.Warnf("no tokenizers in the Hugging Face cache %s: 'huggingface-cli download ORG/NAME tokenizer.json tokenizer_config.json' fetches one", hfHubDir())
				}
				return err
			}
			if err := listing.Models(e.Out, c.String("models"), c.Bool("sources"), c.Bool("json")); err != nil || c.Bool("json") {
				return err
			}
			_, err := listing.Tokenizers(e.Out, hfHubDir(), false, true)
			return err
		},
	}
}
