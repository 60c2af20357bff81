package validating

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
)

func TestRunPrintsProblemsOnStdoutPlaceFirst(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`[{"role":"user","content":5}]`), 0o644)
	var out, errs bytes.Buffer
	e := &app.Env{Out: &out, Err: &errs}
	err := Run(e, Options{Files: []string{bad}})
	var no *cmderr.No
	if !errors.As(err, &no) || !strings.HasPrefix(out.String(), bad+":1:") || !strings.Contains(out.String(), ": error: /0/content: ") {
		t.Fatalf("a bad file: %v\nstdout %q\nstderr %q", err, out.String(), errs.String())
	}
}

func TestRunTellsUnreadableFiles(t *testing.T) {
	var out, errs bytes.Buffer
	missing := filepath.Join(t.TempDir(), "missing.json")
	err := Run(&app.Env{Out: &out, Err: &errs}, Options{Files: []string{missing}})
	if err == nil || err.Error() != "1 file could not be read" || errs.String() != missing+": error: no such file\n" {
		t.Fatalf("a missing file: %v, stderr %q", err, errs.String())
	}
}

func TestRefusedInputs(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "doc.json")
	os.WriteFile(doc, []byte("[\n  {\"role\": \"user\", \"content\": \"hi\"}\n]\n"), 0o644)
	var out bytes.Buffer
	Run(&app.Env{Out: &out, Err: &bytes.Buffer{}}, Options{Files: []string{doc}, FineTune: true, Counter: counting.Options{Model: "gpt-4o"}})
	if !strings.Contains(out.String(), "not JSON Lines: a fine-tuning dataset holds one example per line") || strings.Count(out.String(), "not JSON Lines") != 1 {
		t.Errorf("--fine-tune on a document: %q", out.String())
	}
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{From: "text", FineTune: true}, "--from text: with --fine-tune or --schema, validate checks JSON: jsonl, api or meta"},
		{Options{HF: counting.HFOptions{Tokenizer: "m"}}, "--tokenizer counts the examples of --fine-tune"},
	} {
		if err := tc.opts.check(); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
	}
}
