package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/redact"
)

// redactOptions are the flags of convkit redact.
type redactOptions struct {
	dataset.Options
	inPlace   bool
	dryRun    bool // list findings, write nothing
	check     bool // say whether anything would be redacted, write nothing
	json      bool // the findings as JSON, with dryRun or check
	rulesFile string
	redact    redact.Options
}

var redactKindsUsage = "secrets (every gitleaks rule), a gitleaks rule id, " + strings.Join(redact.PIIKinds, ", ") + ", or a kind of --rules"

func redactCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "redact",
		Usage:     "replace secrets and personal data with placeholders",
		ArgsUsage: "[FILE…]",
		Description: "Finds secrets (gitleaks' rules) and personal data (emails, phone numbers, payment cards,\n" +
			"IBANs, IP addresses, US SSNs) in message text, parts, tool-call arguments and results and names,\n" +
			"and replaces each with a placeholder such as [REDACTED:email-1]: the same value the same\n" +
			"placeholder across every file of the run. Images, audio and files cannot be inspected and\n" +
			"are replaced by a placeholder unless --keep-media. Output is in the input's format.\n\n" +
			"   convkit redact -o shared.jsonl chats.jsonl\n" +
			"   convkit redact --dry-run chats.jsonl     (exit 3 when anything is found)",
		Flags: datasetFlags(
			&cli.BoolFlag{Name: "in-place", Aliases: []string{"i"}, Usage: "replace each FILE with its redacted version, atomically"},
			&cli.BoolFlag{Name: "dry-run", Usage: "print each finding, masked, and write nothing; exit 3 when anything is found"},
			&cli.BoolFlag{Name: "check", Usage: "write nothing; exit 3 when anything would be redacted"},
			&cli.BoolFlag{Name: "json", Usage: "with --dry-run or --check, print the findings (masked) as a JSON array"},
			&cli.StringFlag{Name: "kinds", Usage: "look only for these comma-separated `KINDS`: " + redactKindsUsage},
			&cli.StringFlag{Name: "skip-kinds", Usage: "do not look for these comma-separated `KINDS`"},
			&cli.StringFlag{Name: "rules", Usage: "add the patterns and allow-list of a YAML `FILE`"},
			&cli.BoolFlag{Name: "keep-private-ips", Usage: "keep private and link-local IP addresses (RFC 1918, fc00::/7, fe80::/10)"},
			&cli.BoolFlag{Name: "keep-media", Usage: "keep images, audio and files instead of replacing them with a placeholder"},
			&cli.BoolFlag{Name: "unknown-fields", Usage: "also redact the string values of fields convkit does not model"},
		),
		Action: func(c *cli.Context) error {
			return runRedact(e, redactOptions{
				Options: datasetOptionsOf(c, c.Args().Slice()),
				inPlace: c.Bool("in-place"), dryRun: c.Bool("dry-run"), check: c.Bool("check"),
				json: c.Bool("json"), rulesFile: c.String("rules"),
				redact: redact.Options{Kinds: splitList(c.String("kinds")), Skip: splitList(c.String("skip-kinds")),
					KeepPrivateIPs: c.Bool("keep-private-ips"), KeepMedia: c.Bool("keep-media"), UnknownFields: c.Bool("unknown-fields")},
			})
		},
	}
}

func runRedact(e *env, opts redactOptions) error {
	review := opts.dryRun || opts.check
	switch {
	case opts.inPlace && review:
		return cmderr.Usagef("--dry-run and --check write nothing: drop -i/--in-place")
	case review && opts.Output != "":
		return cmderr.Usagef("--dry-run and --check write nothing: drop -o/--output")
	case opts.json && !review:
		return cmderr.Usagef("--json prints the findings, with --dry-run or --check: standard output holds the redacted conversations")
	}
	if err := dataset.CheckInPlace(opts.Options, opts.inPlace); err != nil {
		return err
	}
	r, err := newRedactor(opts.redact, opts.rulesFile)
	if err != nil {
		return err
	}
	found := redact.NewReview(opts.dryRun || opts.json)
	conv, skipped := 0, 0
	// each redacts every conversation of one sink's inputs, on every core,
	// and writes them, unless out is nil.
	each := func(in dataset.Options, out *dataset.Sink) error {
		n, err := dataset.Parallel(e.Env, in, func(rec *dataset.Record) func() error {
			scan := r.Scan(rec.Conv)
			return func() error {
				conv++
				findings, err := r.Redact(scan, conv)
				if err != nil {
					return fmt.Errorf("%s: %w", rec.File, err)
				}
				found.Add(rec.File, rec.SourceLine(), findings)
				if out == nil {
					return nil
				}
				if len(findings) > 0 {
					rec.Raw = nil // the line as read holds what was redacted
				}
				return out.Write(rec, rec.Conv)
			}
		})
		skipped += n
		return err
	}
	if review {
		err = each(opts.Options, nil)
	} else {
		err = dataset.EachSink(e.Env, opts.Options, opts.inPlace, each)
	}
	if err != nil {
		return err
	}
	return finishRedact(e, opts, found, skipped)
}

// finishRedact lists the findings (--dry-run, --json) and says what
// was found: with --dry-run or --check, finding anything is the answer no.
func finishRedact(e *env, opts redactOptions, found *redact.Review, skipped int) error {
	err := found.Locate(source.Reopen)
	switch {
	case err == nil && opts.json:
		err = found.WriteJSON(e.Out)
	case err == nil && opts.dryRun:
		err = found.WriteText(e.Out)
	}
	if err != nil {
		return err
	}
	if !opts.dryRun {
		found.MediaRemoved(func(file string, n int) {
			e.Warnf("%s: %d image, audio or file parts removed: they cannot be inspected (--keep-media keeps them)", file, n)
		})
	}
	summary := fmt.Sprintf("%s: %s%s", numfmt.Plural(found.Total(), "value"), found.Counts(), dataset.SkippedNote(skipped))
	switch {
	case found.Total() == 0:
		fmt.Fprintf(e.Err, "convkit: nothing to redact%s\n", dataset.SkippedNote(skipped))
	case opts.dryRun || opts.check:
		return &cmderr.No{Msg: "found " + summary}
	default:
		fmt.Fprintf(e.Err, "convkit: redacted %s\n", summary)
	}
	return nil
}

// newRedactor builds the redactor the options ask for, reading the rules file.
func newRedactor(opts redact.Options, rulesFile string) (*redact.Redactor, error) {
	if rulesFile != "" {
		data, err := os.ReadFile(rulesFile)
		if err != nil {
			return nil, cmderr.File(err)
		}
		if opts.Rules, err = redact.ParseRules(data); err != nil {
			return nil, fmt.Errorf("%s: %w", rulesFile, err)
		}
	}
	r, err := redact.New(opts)
	var uk *redact.UnknownKindError
	if errors.As(err, &uk) {
		return nil, &cmderr.Usage{Err: err, Hints: []string{"kinds are " + redactKindsUsage}}
	}
	return r, err
}
