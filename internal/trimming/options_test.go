package trimming

import (
	"errors"
	"slices"
	"testing"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/trim"
)

// given builds the Given of options whose flags are the ones named.
func given(flags ...string) func(string) bool {
	return func(f string) bool { return slices.Contains(flags, f) }
}

func TestCheckTellsTheFirstMistake(t *testing.T) {
	base := func() Options {
		return Options{Policy: trim.Defaults(), MaxTokens: trim.None, Keep: "last", OnUnfit: "error", MarkerRole: "system"}
	}
	for _, tc := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"no policy", func(o *Options) {}, "trim needs a policy: --last N, --last-turns N, --max-tokens N or --fit"},
		{"two budgets", func(o *Options) { o.Fit, o.Given = true, given("fit", "max-tokens") }, "--fit and --max-tokens both set the budget: give one"},
		{"reserve alone", func(o *Options) { o.Given = given("last", "reserve") }, "--reserve needs a budget: --max-tokens N or --fit"},
		{"in place on stdin", func(o *Options) { o.InPlace, o.Given = true, given("last") }, "-i/--in-place needs a FILE to replace, not standard input"},
		{"keep first with last", func(o *Options) { o.Keep, o.Given = "first", given("last") }, "--keep first cannot be combined with --last, --last-turns or --start-on, which keep the newest messages"},
		{"bad on-unfit", func(o *Options) { o.OnUnfit, o.Given = "drop", given("last") }, `--on-unfit takes error, skip or keep, not "drop"`},
		{"tool marker", func(o *Options) { o.MarkerRole, o.Given = "tool", given("last") }, `--marker-role takes a role (system, developer, user, assistant), not "tool"`},
		{"two marker texts", func(o *Options) { o.Given = given("last", "marker-text", "summary-cmd") }, "--marker-text, --summary-file and --summary-cmd each give the marker's text: give one"},
	} {
		o := base()
		tc.edit(&o)
		err := o.check()
		if !errors.As(err, new(*cmderr.Usage)) || err.Error() != tc.want {
			t.Errorf("%s: %v, want the usage error %q", tc.name, err, tc.want)
		}
	}
}

func TestCheckFillsThePolicy(t *testing.T) {
	o := Options{Policy: trim.Defaults(), MaxTokens: 100, Keep: "first", StartOn: "", OnUnfit: "skip", MarkerRole: "user",
		MarkerText: "…", Given: given("max-tokens", "marker-text")}
	if err := o.check(); err != nil {
		t.Fatal(err)
	}
	if o.Policy.Keep != trim.KeepFirst || o.Policy.MarkerRole != "user" || !o.markerWanted || !slices.Equal(o.Files, []string{"-"}) {
		t.Errorf("policy %+v, marker %v, files %q", o.Policy, o.markerWanted, o.Files)
	}
}
