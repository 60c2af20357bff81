// Package trimming runs convkit trim: it checks the options, builds the
// counter and the policy, trims each conversation of each input and writes
// it, and tells what was dropped (see package trim for the policies).
package trimming

import (
	"errors"
	"slices"
	"time"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/trim"
)

// Options are what trim's flags say.
type Options struct {
	Files        []string // none, or "-", is standard input
	Format, From string
	Output       string
	Compress     string // --compress
	InPlace      bool
	Color        bool // colour a text transcript on standard output
	AllowSpecial bool // chatml may write text holding its markup
	Counter      counting.Options
	MaxTokens    int  // trim.None when not given
	Reserve      int  // tokens of the budget kept free
	Fit          bool // the model's context window is the budget

	// --tokenizer: an open model's tokenizer and chat template count
	// instead (--no-template, --generation-prompt in How).
	HF  counting.HFOptions
	How counting.HFCount

	// Policy holds Last, LastTurns (trim.None when not given), DropSystem,
	// AllowPartial and AllowNoUser as given; Run sets the rest.
	Policy  trim.Options
	Keep    string // "last" or "first"
	StartOn string // "" or "user"
	OnUnfit string // error, skip or keep: what to do with a conversation that does not fit
	// The marker: --marker, its role, and where its text comes from.
	Marker                              bool
	MarkerRole                          string
	MarkerText, SummaryFile, SummaryCmd string
	SummaryTimeout                      time.Duration // bounds --summary-cmd's run
	ReportJSON, Quiet, Verbose          bool
	// Given says whether a flag was given on the command line, by its
	// long name; some flags need others, or refuse them.
	Given        func(flag string) bool
	markerWanted bool
}

func (o *Options) given(flag string) bool { return o.Given != nil && o.Given(flag) }

// check refuses contradictory options, a group at a time, in the order
// their errors are told, and fills the policy.
func (o *Options) check() error {
	o.Files = source.OrStdin(o.Files)
	if err := o.HF.CheckHow(o.How); err != nil {
		return err
	}
	// --max-seq-len is the window; without --max-tokens, the budget.
	o.Fit = o.Fit || o.HF.MaxSeqLen > 0 && !o.given("max-tokens")
	for _, check := range []func() error{o.checkBudget, o.checkOutput, o.checkPolicy, o.checkMarker, o.checkNeedsPolicy} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// budgetSet says whether a flag sets the budget, which some flags need.
func (o *Options) budgetSet() bool { return o.Fit || o.given("max-tokens") }

func (o *Options) checkBudget() error {
	switch {
	case o.Fit && o.given("max-tokens"):
		return cmderr.Usagef("--fit and --max-tokens both set the budget: give one")
	case o.given("reserve") && !o.budgetSet():
		return cmderr.Usagef("--reserve needs a budget: --max-tokens N or --fit")
	}
	return nil
}

func (o *Options) checkOutput() error {
	switch {
	case o.InPlace && o.Output != "":
		return cmderr.Usagef("-i/--in-place and -o/--output both say where to write: give one")
	case o.InPlace && slices.Contains(o.Files, "-"):
		return cmderr.Usagef("-i/--in-place needs a FILE to replace, not standard input")
	}
	return nil
}

// checkPolicy reads the options that choose what is kept.
func (o *Options) checkPolicy() error {
	p := &o.Policy
	switch o.Keep {
	case "last", "":
	case "first":
		p.Keep = trim.KeepFirst
		if o.given("last") || o.given("last-turns") || o.given("start-on") {
			return cmderr.Usagef("--keep first cannot be combined with --last, --last-turns or --start-on, which keep the newest messages")
		}
	default:
		return cmderr.Usagef("--keep takes last or first, not %q", o.Keep)
	}
	switch o.StartOn {
	case "":
	case "user":
		p.StartOnUser = true
	default:
		return cmderr.Usagef("--start-on takes user, not %q", o.StartOn)
	}
	switch o.OnUnfit {
	case "error", "skip", "keep":
	default:
		return cmderr.Usagef("--on-unfit takes error, skip or keep, not %q", o.OnUnfit)
	}
	if p.AllowPartial && !o.budgetSet() {
		return cmderr.Usagef("--allow-partial needs a budget: --max-tokens N or --fit")
	}
	return nil
}

// checkMarker reads the options of the marker message.
func (o *Options) checkMarker() error {
	p := &o.Policy
	p.MarkerRole = chat.Role(o.MarkerRole)
	// A tool or function marker would be a result without a call.
	if !p.MarkerRole.Known() || p.MarkerRole == chat.Tool || p.MarkerRole == chat.Function {
		return cmderr.Usagef("--marker-role takes a role (system, developer, user, assistant), not %q", p.MarkerRole)
	}
	sources := 0
	for _, name := range []string{"marker-text", "summary-file", "summary-cmd"} {
		if o.given(name) {
			sources++
		}
	}
	if sources > 1 {
		return cmderr.Usagef("--marker-text, --summary-file and --summary-cmd each give the marker's text: give one")
	}
	o.markerWanted = o.Marker || sources > 0
	return nil
}

// checkNeedsPolicy refuses a trim that would keep everything: without a
// window or a budget it is a copy, most likely a forgotten flag.
func (o *Options) checkNeedsPolicy() error {
	for _, name := range []string{"last", "last-turns", "max-tokens", "fit", "max-seq-len"} {
		if o.given(name) {
			return nil
		}
	}
	return &cmderr.Usage{Err: errors.New("trim needs a policy: --last N, --last-turns N, --max-tokens N or --fit"),
		Hints: []string{"convkit trim --max-tokens 4000 --reserve 500 chat.json"}}
}
