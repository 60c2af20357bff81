package app

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/source"
)

func TestQuietSilencesWarningsAndSummaries(t *testing.T) {
	var errs bytes.Buffer
	e := &Env{Err: &errs}
	e.Warnf("%d left", 3)
	e.Summary("filter", "kept %d", 1)
	if want := "convkit: warning: 3 left\nconvkit: filter: kept 1\n"; errs.String() != want {
		t.Fatalf("wrote %q, want %q", errs.String(), want)
	}
	errs.Reset()
	e.Quiet = true
	e.Warn("x")
	e.Summary("filter", "y")
	if errs.Len() != 0 {
		t.Fatalf("-q wrote %q", errs.String())
	}
}

func TestVerboseNamesInputsAndTerminalStdinIsTold(t *testing.T) {
	var errs bytes.Buffer
	e := &Env{In: strings.NewReader(`{"messages":[{"role":"user","content":"hi"}]}` + "\n"), Err: &errs, InTTY: true, Verbose: true}
	n := 0
	err := e.EachConversation(nil, source.Options{}, func(*source.Input, *chat.Conversation) error { n++; return nil })
	want := "convkit: reading standard input; end it with Ctrl-D (Ctrl-Z then Enter on Windows)\nconvkit: <stdin>: read as jsonl\n"
	if err != nil || n != 1 || errs.String() != want {
		t.Fatalf("read %d (%v), told %q, want %q", n, err, errs.String(), want)
	}
}

func TestColor(t *testing.T) {
	for _, tc := range []struct {
		when          string
		tty, noColor  bool
		want, usageOK bool
	}{{"auto", true, false, true, true}, {"", true, true, false, true}, {"auto", false, false, false, true},
		{"always", false, true, true, true}, {"never", true, false, false, true}, {"sometimes", true, false, false, false}} {
		got, err := (&Env{OutTTY: tc.tty, NoColor: tc.noColor}).Color(tc.when)
		if got != tc.want || (err == nil) != tc.usageOK {
			t.Errorf("%+v: %v, %v", tc, got, err)
		}
	}
}

func TestErrorIsLocated(t *testing.T) {
	var errs bytes.Buffer
	e := &Env{Err: &errs}
	path := t.TempDir() + "/missing.json"
	_, err := e.OpenSource(path)
	e.Error(err)
	e.Error(errors.New("--schema x: no such file, nor an embedded schema"))
	want := path + ": error: no such file\nconvkit: error: --schema x: no such file, nor an embedded schema\n"
	if errs.String() != want {
		t.Fatalf("told %q, want %q", errs.String(), want)
	}
	if !ErrorNames(err, path) || ErrorNames(err, "other") {
		t.Error("ErrorNames does not name the missing file alone")
	}
}
