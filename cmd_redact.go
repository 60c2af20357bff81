package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/clidoc"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/redact"
)

func redactCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "redact",
		Usage:       "replace secrets and personal data with placeholders",
		ArgsUsage:   "[FILE…]",
		Description: description("redact"),
		Flags: datasetFlags(
			&cli.BoolFlag{Name: "in-place", Aliases: []string{"i"}, Usage: "replace each FILE with its redacted version, atomically"},
			&cli.BoolFlag{Name: "dry-run", Usage: "print each finding, masked, and write nothing; exit 3 when anything is found"},
			&cli.BoolFlag{Name: "check", Usage: "write nothing; exit 3 when anything would be redacted"},
			&cli.BoolFlag{Name: "json", Usage: "with --dry-run or --check, print the findings (masked) as a JSON array"},
			&cli.StringFlag{Name: "kinds", Usage: "look only for these comma-separated `KINDS`: " + dataset.RedactKinds},
			&cli.StringFlag{Name: "skip-kinds", Usage: "do not look for these comma-separated `KINDS`"},
			&cli.StringFlag{Name: "rules", Usage: "add the patterns and allow-list of a YAML `FILE`"},
			&cli.BoolFlag{Name: "keep-private-ips", Usage: "keep private and link-local IP addresses (RFC 1918, fc00::/7, fe80::/10)"},
			&cli.BoolFlag{Name: "keep-media", Usage: "keep images, audio and files instead of replacing them with a placeholder"},
			&cli.BoolFlag{Name: "unknown-fields", Usage: "also redact the string values of fields convkit does not model"},
		),
		Action: func(c *cli.Context) error {
			return dataset.Redact(e.Env, dataset.RedactOptions{
				Options: datasetOptionsOf(c, c.Args().Slice()),
				InPlace: c.Bool("in-place"), DryRun: c.Bool("dry-run"), Check: c.Bool("check"),
				JSON: c.Bool("json"), RulesFile: c.String("rules"),
				Redact: redact.Options{Kinds: clidoc.SplitList(c.String("kinds")), Skip: clidoc.SplitList(c.String("skip-kinds")),
					KeepPrivateIPs: c.Bool("keep-private-ips"), KeepMedia: c.Bool("keep-media"), UnknownFields: c.Bool("unknown-fields")},
			})
		},
	}
}
