package counting

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/cmderr"
)

func TestNewTellsUnknownNamesWithAHint(t *testing.T) {
	c, err := New(Options{Model: "gpt-4o"})
	if err != nil || c.Model().Encoding != "o200k_base" {
		t.Fatalf("gpt-4o: %v", err)
	}
	for _, tc := range []struct {
		opts      Options
		msg, hint string
	}{
		{Options{Model: "gpt4o"}, `unknown model "gpt4o"`, "did you mean gpt-4o?"},
		{Options{Encoding: "cl100k"}, "", "did you mean cl100k_base?"},
	} {
		_, err := New(tc.opts)
		var u *cmderr.Usage
		if !errors.As(err, &u) || (tc.msg != "" && err.Error() != tc.msg) || len(u.Hints) == 0 || u.Hints[0] != tc.hint {
			t.Errorf("%+v: %v (%+v), want %q with the hint %q", tc.opts, err, u, tc.msg, tc.hint)
		}
	}
}

func TestModelTableExtendedByAFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "models.yaml")
	os.WriteFile(good, []byte("models:\n  - name: my-model\n    encoding: cl100k_base\n    context_window: 1000\n"), 0o644)
	table, err := ModelTable(good)
	if err != nil {
		t.Fatal(err)
	}
	m, err := table.Lookup("my-model")
	if err != nil || m.ContextWindow != 1000 {
		t.Fatalf("my-model: %+v, %v", m, err)
	}
	if _, err := ModelTable(filepath.Join(dir, "missing.yaml")); err == nil || err.Error() != filepath.Join(dir, "missing.yaml")+": no such file" {
		t.Errorf("a missing table: %v", err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("models:\n  x: [\n"), 0o644)
	if _, err := ModelTable(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":") {
		t.Errorf("a broken table: %v, want it named", err)
	}
}

func TestPricesOverride(t *testing.T) {
	_, p, err := Prices(Options{Model: "gpt-4o"}, "input=2.5, training=$25")
	if err != nil || p.Input != 2.5 || p.Training != 25 || p.Source != "--price" {
		t.Fatalf("Prices = %+v, %v", p, err)
	}
	_, _, err = Prices(Options{Model: "gpt-4o"}, "inptu=1")
	var u *cmderr.Usage
	if !errors.As(err, &u) || u.Hints[0] != "did you mean input?" {
		t.Errorf("a misspelt key: %v (%+v)", err, u)
	}
	if _, _, err := Prices(Options{Model: "gpt-4o"}, "input=-1"); !errors.As(err, &u) {
		t.Errorf("a negative price: %v", err)
	}
}

func TestParseImageSize(t *testing.T) {
	if s, err := ParseImageSize("1024X768"); err != nil || s != [2]int{1024, 768} {
		t.Errorf("1024X768: %v, %v", s, err)
	}
	if s, err := ParseImageSize(""); err != nil || s != [2]int{} {
		t.Errorf(`"": %v, %v`, s, err)
	}
	for _, bad := range []string{"1024", "0x5", "axb", "-1x5"} {
		if _, err := ParseImageSize(bad); !errors.As(err, new(*cmderr.Usage)) {
			t.Errorf("%q: %v, want a usage error", bad, err)
		}
	}
}

func TestHFOptionsCheck(t *testing.T) {
	for opts, ok := range map[HFOptions]bool{
		{}:                                     true,
		{Tokenizer: "m", Template: "tool_use"}: true,
		{Template: "tool_use"}:                 false,
		{Tokenizer: "m", Template: "a", TemplateFile: "b"}: false,
		{Tokenizer: "m", MaxSeqLen: -1}:                    false,
		{Tokenizer: "m", SourceDateEpoch: "1721995200"}:    true,
		{Tokenizer: "m", SourceDateEpoch: "yesterday"}:     false,
	} {
		if err := opts.Check(); (err == nil) != ok {
			t.Errorf("%+v: %v", opts, err)
		}
	}
}

func TestResolveTokenizerInTheHubCache(t *testing.T) {
	hub := t.TempDir()
	snap := filepath.Join(hub, "models--org--name", "snapshots", "abc")
	os.MkdirAll(snap, 0o755)
	os.MkdirAll(filepath.Join(hub, "models--org--name", "refs"), 0o755)
	os.WriteFile(filepath.Join(hub, "models--org--name", "refs", "main"), []byte("abc\n"), 0o644)
	os.WriteFile(filepath.Join(snap, "tokenizer.json"), []byte("{}"), 0o644)
	if file, err := resolveTokenizer("org/name", hub); err != nil || file != filepath.Join(snap, "tokenizer.json") {
		t.Fatalf("org/name: %q, %v", file, err)
	}
	if file, err := resolveTokenizer(snap, hub); err != nil || file != filepath.Join(snap, "tokenizer.json") {
		t.Fatalf("a folder: %q, %v", file, err)
	}
	_, err := resolveTokenizer("org/other", hub)
	var h *cmderr.Hint
	if !errors.As(err, &h) || !strings.Contains(h.Hints[0], "convkit never downloads") {
		t.Errorf("a model not in the cache: %v", err)
	}
}

func TestHFModelWithoutTemplate(t *testing.T) {
	m := &HFModel{Name: "m"}
	if err := m.CanCount(HFCount{}); err == nil || err.Error() != "m: the model has no chat template" {
		t.Errorf("CanCount without a template: %v", err)
	}
	if err := m.CanCount(HFCount{NoTemplate: true}); err != nil {
		t.Errorf("CanCount --no-template: %v", err)
	}
	if cm := (&HFModel{Name: "m", Window: 8}).CountModel(); cm.Name != "m" || cm.ContextWindow != 8 || !cm.Chat {
		t.Errorf("CountModel = %+v", cm)
	}
}

// TestHubDir checks the order in which huggingface_hub's variables find
// the cache.
func TestHubDir(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, c := range []struct {
		vars       map[string]string
		home, want string
	}{
		{map[string]string{"HF_HUB_CACHE": "/hub", "HF_HOME": "/hf"}, "/home/u", "/hub"},
		{map[string]string{"HF_HOME": "/hf"}, "/home/u", filepath.Join("/hf", "hub")},
		{nil, "/home/u", filepath.Join("/home/u", ".cache", "huggingface", "hub")},
		{nil, "", ""},
	} {
		if got := HubDir(env(c.vars), c.home); got != c.want {
			t.Errorf("HubDir(%v, %q) = %q, want %q", c.vars, c.home, got, c.want)
		}
	}
}
