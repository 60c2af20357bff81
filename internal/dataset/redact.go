package dataset

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/redact"
)

// RedactKinds names the kinds of findings redact knows, for help and hints.
var RedactKinds = "secrets (every gitleaks rule), a gitleaks rule id, " + strings.Join(redact.PIIKinds, ", ") + ", or a kind of --rules"

// RedactOptions are what redact's flags say.
type RedactOptions struct {
	Options
	InPlace   bool
	DryRun    bool // list findings, write nothing
	Check     bool // say whether anything would be redacted, write nothing
	JSON      bool // the findings as JSON, with dryRun or check
	RulesFile string
	Redact    redact.Options
}

// Redact replaces the secrets and personal data of every conversation of
// opts.Files with placeholders, or with DryRun or Check only says what it
// finds (a cmderr.No when it finds anything).
func Redact(e *app.Env, opts RedactOptions) error {
	review := opts.DryRun || opts.Check
	switch {
	case opts.InPlace && review:
		return cmderr.Usagef("--dry-run and --check write nothing: drop -i/--in-place")
	case review && opts.Output != "":
		return cmderr.Usagef("--dry-run and --check write nothing: drop -o/--output")
	case opts.JSON && !review:
		return cmderr.Usagef("--json prints the findings, with --dry-run or --check: standard output holds the redacted conversations")
	}
	if err := CheckInPlace(opts.Options, opts.InPlace); err != nil {
		return err
	}
	r, err := NewRedactor(opts.Redact, opts.RulesFile)
	if err != nil {
		return err
	}
	// Long texts are scanned in their spools a window at a time, and
	// written from them with their placeholders (redact.Redactor).
	outputs := []string{opts.Output}
	if opts.InPlace {
		outputs = opts.Files
	}
	if spools := passLong(&opts.Options, outputs...); spools != nil {
		defer spools.Close()
	}
	// -i writes over the only copy: a line --skip-invalid cannot read is
	// kept there as it was, however long, and named, not dropped.
	keepUnreadable := opts.InPlace && opts.SkipInvalid
	if keepUnreadable {
		opts.Unreadable, opts.KeepLong = true, true
	}
	found := redact.NewReview(opts.DryRun || opts.JSON)
	conv, skipped, kept := 0, 0, 0
	// each redacts every conversation of one sink's inputs, on every core,
	// and writes them, unless out is nil.
	each := func(in Options, out *Sink) error {
		n, err := Parallel(e, in, func(rec *Record) func() error {
			if rec.Err != nil { // keepUnreadable
				return func() error {
					if err := out.Write(rec, nil); err != nil {
						return err
					}
					kept++
					e.Warnf("%v (line kept as it was, unscanned)", rec.Err)
					return nil
				}
			}
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
					rec.Raw, rec.Long = nil, nil // the line as read holds what was redacted
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
		err = EachSink(e, opts.Options, opts.InPlace, each)
	}
	if err != nil {
		return err
	}
	if err := finishRedact(e, opts, found, skipped); err != nil {
		return err
	}
	if kept > 0 {
		e.Warnf("kept %s that could not be read unchanged, unscanned: they may hold what redact replaces", numfmt.Plural(kept, "line"))
	}
	return nil
}

// finishRedact lists the findings (--dry-run, --json) and says what
// was found: with --dry-run or --check, finding anything is the answer no.
func finishRedact(e *app.Env, opts RedactOptions, found *redact.Review, skipped int) error {
	err := found.Locate(source.Reopen)
	switch {
	case err == nil && opts.JSON:
		err = found.WriteJSON(e.Out)
	case err == nil && opts.DryRun:
		err = found.WriteText(e.Out)
	}
	if err != nil {
		return err
	}
	if !opts.DryRun {
		found.MediaRemoved(func(file string, n int) {
			e.Warnf("%s: %d image, audio or file parts removed: they cannot be inspected (--keep-media keeps them)", file, n)
		})
	}
	summary := fmt.Sprintf("%s: %s%s", numfmt.Plural(found.Total(), "value"), found.Counts(), SkippedNote(skipped))
	switch {
	case found.Total() == 0:
		fmt.Fprintf(e.Err, "convkit: nothing to redact%s\n", SkippedNote(skipped))
	case opts.DryRun || opts.Check:
		return &cmderr.No{Msg: "found " + summary}
	default:
		fmt.Fprintf(e.Err, "convkit: redacted %s\n", summary)
	}
	return nil
}

// NewRedactor builds the redactor the options ask for, reading the rules file.
func NewRedactor(opts redact.Options, rulesFile string) (*redact.Redactor, error) {
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
		return nil, &cmderr.Usage{Err: err, Hints: []string{"kinds are " + RedactKinds}}
	}
	return r, err
}
