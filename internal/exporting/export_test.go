package exporting

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
)

const conv = `{"messages":[{"role":"user","content":"Hi, mail me at ann@example.com"},{"role":"assistant","content":"Hello"}]}` + "\n"

func TestRunWritesTheNamedOrImpliedFormat(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(conv), 0o644)
	var out bytes.Buffer
	e := &app.Env{Out: &out, Err: &bytes.Buffer{}}
	if err := Run(e, Options{Format: "text", Files: []string{in}}); err != nil || !strings.Contains(out.String(), "USER:") {
		t.Fatalf("-f text: %v\n%s", err, out.String())
	}
	md := filepath.Join(dir, "out.md")
	if err := Run(e, Options{Output: md, Files: []string{in}}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(md); !bytes.HasPrefix(data, []byte("#")) {
		t.Fatalf("out.md holds %q, not Markdown", data)
	}
	err := Run(e, Options{Files: []string{in}})
	var u *cmderr.Usage
	if !errors.As(err, &u) || err.Error() != "export needs -f/--format FORMAT" {
		t.Fatalf("no format: %v", err)
	}
	if err := Run(e, Options{Format: "text", Output: md, Split: dir, Files: []string{in}}); !errors.As(err, &u) {
		t.Fatalf("-o with --split: %v", err)
	}
}

func TestRunRedactsAndSplits(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(conv+conv), 0o644)
	var out bytes.Buffer
	e := &app.Env{Out: &out, Err: &bytes.Buffer{}}
	if err := Run(e, Options{Format: "jsonl", Redact: true, Files: []string{in}}); err != nil || strings.Contains(out.String(), "ann@example.com") {
		t.Fatalf("--redact: %v\n%s", err, out.String())
	}
	split := filepath.Join(dir, "split")
	if err := Run(e, Options{Format: "api", Split: split, Files: []string{in}}); err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(split); len(files) != 2 {
		t.Fatalf("--split wrote %d files, want 2", len(files))
	}
}

// TestRunRedactsLongTexts exports with --redact a line holding a 2 MiB
// message, which export reads into a spool: the address in it, at its
// end, is redacted as in a short one.
func TestRunRedactsLongTexts(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.jsonl")
	long := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 2<<20/45) + "Mail ann@example.com"
	os.WriteFile(in, []byte(`{"messages":[{"role":"user","content":"`+long+`"}]}`+"\n"), 0o644)
	var out bytes.Buffer
	e := &app.Env{Out: &out, Err: &bytes.Buffer{}}
	if err := Run(e, Options{Format: "jsonl", Redact: true, Files: []string{in}}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Contains(got, "ann@example.com") || !strings.HasSuffix(got, `Mail [REDACTED:email-1]"}]}`+"\n") {
		t.Fatalf("--redact wrote …%q", got[max(0, len(got)-80):])
	}
}
