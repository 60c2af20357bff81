package dataset

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
)

const lines = `{"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"a"}]}
{"messages":[{"role":"user","content":"b"},{"role":"assistant","content":"ok"}]}
{"messages":[{"role":"user","content":"a"}]}
`

// run runs verb on lines as standard input and returns what it wrote.
func run(t *testing.T, verb func(*app.Env) error) (string, string, error) {
	t.Helper()
	var out, errs bytes.Buffer
	err := verb(&app.Env{In: strings.NewReader(lines), Out: &out, Err: &errs})
	return out.String(), errs.String(), err
}

func TestFilter(t *testing.T) {
	out, errs, err := run(t, func(e *app.Env) error {
		return Filter(e, FilterOptions{Options: Options{Files: []string{`"assistant" in roles`}}})
	})
	if err != nil || out != strings.Split(lines, "\n")[1]+"\n" || errs != "convkit: filter: kept 1 of 3 conversations\n" {
		t.Fatalf("EXPR: %q, %q, %v", out, errs, err)
	}
	out, _, err = run(t, func(e *app.Env) error {
		return Filter(e, FilterOptions{Messages: `role != "system"`, ShortcutsGiven: true})
	})
	if err != nil || strings.Contains(out, "be brief") || strings.Count(out, "\n") != 3 {
		t.Fatalf("--messages: %q, %v", out, err)
	}
	for _, tc := range []struct {
		opts FilterOptions
		want string
	}{
		{FilterOptions{}, "filter needs EXPR or a shortcut flag"},
		{FilterOptions{ShortcutsGiven: true, Valid: true, Invalid: true}, "--valid and --invalid cannot be combined"},
		{FilterOptions{ShortcutsGiven: true, Shortcuts: filter.Shortcuts{Grep: []string{"("}}}, "--grep: error parsing regexp: missing closing ): `(`"},
		{FilterOptions{Options: Options{Files: []string{"tokens >"}}}, "EXPR:9: unexpected end of the expression"},
	} {
		_, _, err := run(t, func(e *app.Env) error { return Filter(e, tc.opts) })
		if !errors.As(err, new(*cmderr.Usage)) || !strings.HasPrefix(err.Error(), strings.SplitN(tc.want, ":", 2)[0]) {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
	}
}

func TestDedupeAndHead(t *testing.T) {
	out, errs, err := run(t, func(e *app.Env) error { return Dedupe(e, DedupeOptions{Key: "first-user"}) })
	if err != nil || strings.Count(out, "\n") != 2 || !strings.Contains(errs, "dropped 1 of 3 conversations as duplicates") {
		t.Fatalf("dedupe --key first-user: %q, %q, %v", out, errs, err)
	}
	out, _, err = run(t, func(e *app.Env) error { return Head(e, HeadOptions{N: 2}) })
	if err != nil || out != strings.Join(strings.Split(lines, "\n")[:2], "\n")+"\n" {
		t.Fatalf("head -n 2: %q, %v", out, err)
	}
}
