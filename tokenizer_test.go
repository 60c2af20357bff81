package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/longtest"
	"github.com/convkit/convkit/internal/nettrap"
)

// TestCountTokenizerReference counts testdata/hf/conversations.json through
// the command line, with each model taken by id from a fake Hugging Face
// cache, and compares with apply_chat_template(…, tokenize=True) as
// testdata/hf/template-counts.jsonl records it (Jinja2 render, Rust
// tokenizers count).
func TestCountTokenizerReference(t *testing.T) {
	conversations := hfConversations(t)
	want := map[string]string{} // "model id" → count
	f, err := os.Open("testdata/hf/template-counts.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var row struct {
			Model, ID string
			Count     int
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		want[row.Model+" "+row.ID] = fmt.Sprint(row.Count)
	}
	hub := t.TempDir()
	t.Setenv("HF_HUB_CACHE", hub)
	setReferenceClock(t)
	models := []string{"llama3", "llama3_1", "qwen3", "gemma3", "deepseek_v3", "gptoss"}
	// By default, two conversations per model that every template renders:
	// a plain one, and one with tools and --generation-prompt. -tags long
	// counts all of them, and checks the ones whose template raises.
	sampled := map[string]bool{}
	renderedByAll := func(id string) bool {
		for _, m := range models {
			if want[m+" "+id] == "" {
				return false
			}
		}
		return true
	}
	if !longtest.Enabled {
		for _, gen := range []bool{false, true} {
			for _, c := range conversations {
				if c.AddGenerationPrompt == gen && (c.Tools != nil) == gen && renderedByAll(c.ID) {
					sampled[c.ID] = true
					break
				}
			}
		}
	}
	for _, model := range models {
		dir, _ := filepath.Abs(filepath.Join("testdata", "hf", "models", model))
		if _, err := os.Stat(dir); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s: missing under CI: .ci/run runs testdata/hf/fetch.sh", dir)
			}
			t.Skipf("%s: missing; run testdata/hf/fetch.sh", dir)
		}
		// The layout huggingface_hub makes: refs/main names the snapshot.
		repo := filepath.Join(hub, "models--test--"+model)
		snap := filepath.Join(repo, "snapshots", "0123abc")
		for _, p := range []string{filepath.Join(repo, "refs"), snap} {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		os.WriteFile(filepath.Join(repo, "refs", "main"), []byte("0123abc"), 0o644)
		for _, name := range []string{"tokenizer.json", "tokenizer_config.json", "chat_template.jinja"} {
			if _, err := os.Stat(filepath.Join(dir, name)); name == "chat_template.jinja" && errors.Is(err, fs.ErrNotExist) {
				continue // only gpt-oss ships its template so
			}
			if err := os.Symlink(filepath.Join(dir, name), filepath.Join(snap, name)); err != nil {
				t.Fatal(err)
			}
		}
		// One run per setting of --generation-prompt over a JSONL stream, as
		// loading a tokenizer is the slow part; a conversation whose template
		// raises runs alone.
		for _, gen := range []bool{false, true} {
			var stream bytes.Buffer
			var wantCounts []string
			for _, c := range conversations {
				if c.AddGenerationPrompt != gen || !longtest.Enabled && !sampled[c.ID] {
					continue
				}
				line := c.body()
				args := []string{"convkit", "count", "--tokenizer", "test/" + model}
				if gen {
					args = append(args, "--generation-prompt")
				}
				w, ok := want[model+" "+c.ID]
				if ok {
					stream.Write(append(line, '\n'))
					wantCounts = append(wantCounts, w)
					continue
				}
				var stdout, stderr bytes.Buffer
				code := run(append(args, "-"), bytes.NewReader(line), &stdout, &stderr)
				if code != 1 || !strings.Contains(stderr.String(), "<stdin>:1: error: chat template: ") {
					t.Errorf("%s %s: exit %d, %q; want the template's error", model, c.ID, code, stderr.String())
				}
			}
			args := []string{"convkit", "count", "--json", "--tokenizer", "test/" + model, "--from", "jsonl"}
			if gen {
				args = append(args, "--generation-prompt")
			}
			var stdout, stderr bytes.Buffer
			code := run(append(args, "-"), &stream, &stdout, &stderr)
			var report struct {
				Model         string
				Conversations []struct{ Tokens int }
			}
			json.Unmarshal(stdout.Bytes(), &report)
			var got []string
			for _, c := range report.Conversations {
				got = append(got, fmt.Sprint(c.Tokens))
			}
			if code != 0 || report.Model != "test/"+model || strings.Join(got, " ") != strings.Join(wantCounts, " ") {
				t.Errorf("%s generation prompt %v: exit %d, stderr %q, model %q\n got %v\nwant %v", model, gen, code, stderr.String(), report.Model, got, wantCounts)
			}
		}
	}
}

// hfConversation is a conversation of testdata/hf/conversations.json.
type hfConversation struct {
	ID                  string            `json:"id"`
	Messages            json.RawMessage   `json:"messages"`
	Tools               []json.RawMessage `json:"tools"`
	AddGenerationPrompt bool              `json:"add_generation_prompt"`
}

// body is c as a request body: its messages, and its tools if it has some.
func (c hfConversation) body() []byte {
	body := map[string]any{"messages": c.Messages}
	if c.Tools != nil {
		body["tools"] = c.Tools
	}
	line, _ := json.Marshal(body)
	return line
}

// hfConversations reads the reference conversations of testdata/hf.
func hfConversations(t *testing.T) []hfConversation {
	t.Helper()
	var conversations []hfConversation
	data, err := os.ReadFile("testdata/hf/conversations.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &conversations); err != nil {
		t.Fatal(err)
	}
	return conversations
}

// setReferenceClock sets SOURCE_DATE_EPOCH to the clock render.py renders
// the references with, 26 July 2024 12:00 UTC: gpt-oss's template writes
// the current date.
func setReferenceClock(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1721995200")
}

// hfModelDir returns a reference model's folder as testdata/hf/fetch.sh
// fills it, or skips the test when it is missing (fails under CI).
func hfModelDir(t *testing.T, model string) string {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("testdata", "hf", "models", model))
	if _, err := os.Stat(filepath.Join(dir, "tokenizer.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: missing under CI: .ci/run runs testdata/hf/fetch.sh", dir)
		}
		t.Skipf("%s: missing; run testdata/hf/fetch.sh", dir)
	}
	return dir
}

// TestCountTokenizerReport checks count --tokenizer's reports: the rows
// --by message gives add up to the total, the context window comes from
// model_max_length or --max-seq-len, --fit names what does not fit, and
// --template / --template-file pick the template.
func TestCountTokenizerReport(t *testing.T) {
	llama2 := hfModelDir(t, "llama2")
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(llama2, "tokenizer.json"), filepath.Join(dir, "tokenizer.json")); err != nil {
		t.Fatal(err)
	}
	config := `{"bos_token": "<s>", "eos_token": "</s>", "model_max_length": 30, "chat_template": [
		{"name": "default", "template": "{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}{% if add_generation_prompt %}[assistant]{% endif %}"},
		{"name": "terse", "template": "{% for m in messages %}{{ m.content }}{% endfor %}"}]}`
	os.WriteFile(filepath.Join(dir, "tokenizer_config.json"), []byte(config), 0o644)
	os.WriteFile(filepath.Join(dir, "plain.jinja"), []byte("{% for m in messages %}{{ m.content }} {% endfor %}"), 0o644)
	chats := `{"messages":[{"role":"system","content":"Answer in French."},{"role":"user","content":"What is the capital of France?"},{"role":"assistant","content":"La capitale de la France est Paris."}]}
{"messages":[{"role":"user","content":"hi"}]}
`
	count := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"convkit", "count", "--tokenizer", dir}, append(args, "-")...), strings.NewReader(chats), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	type report struct {
		Model         string
		ContextWindow int `json:"context_window"`
		Conversations []struct {
			Label, File  string
			Tokens       int
			ReplyPriming int                    `json:"reply_priming"`
			ByMessage    []struct{ Tokens int } `json:"by_message"`
		}
		Total int
	}
	jsonOf := func(args ...string) report {
		t.Helper()
		code, out, errs := count(append([]string{"--json"}, args...)...)
		var r report
		if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil {
			t.Fatalf("%v: exit %d, %v, %s", args, code, err, errs)
		}
		return r
	}

	r := jsonOf("--by", "message", "--generation-prompt")
	if r.ContextWindow != 30 || len(r.Conversations) != 2 || r.Conversations[0].Label != "<stdin>:1" {
		t.Fatalf("report %+v", r)
	}
	for _, c := range r.Conversations {
		sum := c.ReplyPriming
		for _, m := range c.ByMessage {
			sum += m.Tokens
		}
		if sum != c.Tokens || c.ReplyPriming == 0 {
			t.Errorf("%s: messages and priming add up to %d, total %d (priming %d)", c.Label, sum, c.Tokens, c.ReplyPriming)
		}
	}
	if code, out, _ := count("-t"); code != 0 || strings.TrimSpace(out) != fmt.Sprint(r.Total-r.Conversations[0].ReplyPriming-r.Conversations[1].ReplyPriming) {
		t.Errorf("-t: exit %d, %q; want the total without the generation prompts", code, out)
	}
	if got := jsonOf("--max-seq-len", "8192"); got.ContextWindow != 8192 {
		t.Errorf("--max-seq-len 8192: context window %d", got.ContextWindow)
	}
	if code, _, errs := count("--fit"); code != 3 || !strings.Contains(errs, "1 of 2 conversations do not fit in 30 tokens: <stdin>:1 (") {
		t.Errorf("--fit: exit %d, %q", code, errs)
	}
	if code, _, _ := count("--fit", "--max-seq-len", "8192"); code != 0 {
		t.Errorf("--fit --max-seq-len 8192: exit %d", code)
	}
	terse, file := jsonOf("--template", "terse"), jsonOf("--template-file", filepath.Join(dir, "plain.jinja"))
	if terse.Total >= r.Total || file.Total <= terse.Total {
		t.Errorf("totals: default %d, --template terse %d, --template-file %d", r.Total, terse.Total, file.Total)
	}
	if code, _, errs := count("--template", "nope"); code != 2 || !strings.Contains(errs, `no chat template named "nope" (there are: [default terse])`) {
		t.Errorf("--template nope: exit %d, %q", code, errs)
	}
	if code, _, errs := count("--template", "terse", "--template-file", "x.jinja"); code != 2 || !strings.Contains(errs, "give one") {
		t.Errorf("both template flags: exit %d, %q", code, errs)
	}
	// validate --fine-tune names the examples over the window, by how much,
	// on stdout (and exits 3 for the second, which has no assistant message).
	var stdout, stderr bytes.Buffer
	code := run([]string{"convkit", "validate", "--fine-tune", "--tokenizer", dir, "-"}, strings.NewReader(chats), &stdout, &stderr)
	over := fmt.Sprintf("<stdin>:1:1: warning: %d tokens, %d over the limit of 30: training truncates it", r.Conversations[0].Tokens-r.Conversations[0].ReplyPriming, r.Conversations[0].Tokens-r.Conversations[0].ReplyPriming-30)
	if code != 3 || !strings.Contains(stdout.String(), over) || !strings.Contains(stdout.String(), "examples over the 30-token limit: 1") {
		t.Errorf("validate --fine-tune: exit %d\n%s%s\nwant %q", code, stdout.String(), stderr.String(), over)
	}
	// transformers' "no limit" is no context window.
	os.WriteFile(filepath.Join(dir, "tokenizer_config.json"), []byte(strings.Replace(config, `"model_max_length": 30`, `"model_max_length": 1000000000000000019884624838656`, 1)), 0o644)
	if code, _, errs := count("--fit"); code != 2 || !strings.Contains(errs, "give --max-seq-len N") {
		t.Errorf("--fit without a window: exit %d, %q", code, errs)
	}
}

// TestTokenizerOffline resolves --tokenizer ORG/NAME in a fake Hugging Face
// cache laid out as huggingface_hub lays it out, through each place the
// cache is looked for (HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub),
// following refs/main to its snapshot, and models --hf lists it; with
// every HTTP request trapped and proxies pointing to a closed port, nothing
// is fetched and the cache is left as it was (the compiled tokenizer goes
// to convkit's own cache). The binary links no HTTP client at all
// (TestNoHTTPClient): the trap is there in case that changes.
func TestTokenizerOffline(t *testing.T) {
	llama2 := hfModelDir(t, "llama2")
	trap := nettrap.Install(t)
	cacheHome := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheHome)

	home := t.TempDir()
	hub := filepath.Join(home, ".cache", "huggingface", "hub")
	repo := filepath.Join(hub, "models--acme--tiny-chat")
	config := func(window int) string {
		return `{"bos_token": "<s>", "model_max_length": ` + fmt.Sprint(window) + `, "chat_template": "{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}"}`
	}
	// Two snapshots: refs/main names the second.
	for rev, window := range map[string]int{"1111aaaa": 111, "2222bbbb": 222} {
		snap := filepath.Join(repo, "snapshots", rev)
		if err := os.MkdirAll(snap, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(llama2, "tokenizer.json"), filepath.Join(snap, "tokenizer.json")); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(snap, "tokenizer_config.json"), []byte(config(window)), 0o644)
	}
	os.MkdirAll(filepath.Join(repo, "refs"), 0o755)
	os.WriteFile(filepath.Join(repo, "refs", "main"), []byte("2222bbbb\n"), 0o644)
	before := treeOf(t, home)

	count := func(model string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run([]string{"convkit", "count", "--json", "--tokenizer", model, "-"}, strings.NewReader(`[{"role":"user","content":"Hello"}]`), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	for _, where := range []struct{ name, hubCache, hfHome, home string }{
		{"HF_HUB_CACHE", hub, filepath.Join(t.TempDir(), "elsewhere"), t.TempDir()},
		{"HF_HOME/hub", "", filepath.Dir(hub), t.TempDir()},
		{"~/.cache/huggingface/hub", "", "", home},
	} {
		t.Setenv("HF_HUB_CACHE", where.hubCache)
		t.Setenv("HF_HOME", where.hfHome)
		t.Setenv("HOME", where.home)
		code, out, errs := count("acme/tiny-chat")
		if code != 0 || !strings.Contains(out, `"model":"acme/tiny-chat","encoding":"tokenizer.json","context_window":222`) {
			t.Errorf("%s: exit %d, %s%s", where.name, code, out, errs)
		}
	}
	// convkit models --hf lists what --tokenizer ORG/NAME finds.
	t.Setenv("HF_HUB_CACHE", hub)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"convkit", "models", "--hf", "--json"}, strings.NewReader(""), &stdout, &stderr); code != 0 ||
		!strings.Contains(stdout.String(), `"tokenizer": "acme/tiny-chat",
    "revision": "2222bbbb"`) || !strings.Contains(stdout.String(), `"context_window": 222`) {
		t.Errorf("models --hf: exit %d, %s%s", code, stdout.String(), stderr.String())
	}
	code, _, errs := count("acme/absent")
	if code != 1 || !strings.Contains(errs, "acme/absent: not in the Hugging Face cache ("+hub+")") || !strings.Contains(errs, "huggingface-cli download acme/absent") {
		t.Errorf("a model not in the cache: exit %d, %q", code, errs)
	}
	if n := trap.Calls(); n != 0 {
		t.Errorf("counting sent %d HTTP requests", n)
	}
	if after := treeOf(t, home); after != before {
		t.Errorf("the Hugging Face cache changed:\n%s\nwas\n%s", after, before)
	}
	if compiled, _ := filepath.Glob(filepath.Join(cacheHome, "convkit", "hf", "*.tok")); len(compiled) != 1 {
		t.Errorf("convkit's cache holds %v, want the one compiled tokenizer", compiled)
	}
}

// treeOf lists the files under dir with their sizes, a line each.
func treeOf(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		fmt.Fprintf(&b, "%s %d\n", path, info.Size())
		return nil
	})
	return b.String()
}

// TestCountTokenizerPairs: with an open model's tokenizer too, a
// preference pair counts as prompt + chosen and prompt + rejected. The
// tokenizer here gives each byte a token (byte fallback, no merges) and
// the template joins the contents, so each conversation counts its bytes.
func TestCountTokenizerPairs(t *testing.T) {
	dir := t.TempDir()
	vocab := map[string]int{}
	for b := range 256 {
		vocab[fmt.Sprintf("<0x%02X>", b)] = b
	}
	tok, _ := json.Marshal(map[string]any{"model": map[string]any{"type": "BPE", "vocab": vocab, "merges": []string{}, "byte_fallback": true}})
	os.WriteFile(filepath.Join(dir, "tokenizer.json"), tok, 0o644)
	os.WriteFile(filepath.Join(dir, "tokenizer_config.json"), []byte(`{"model_max_length": 1000, "chat_template": "{% for m in messages %}{{ m.content }}{% endfor %}"}`), 0o644)
	pairs := `{"prompt": [{"role": "user", "content": "abc"}], "chosen": [{"role": "assistant", "content": "de"}], "rejected": [{"role": "assistant", "content": "fghé"}]}
{"prompt": "Hi", "chosen": " there", "rejected": "!"}
`
	want := len("abc"+"de") + len("abc"+"fghé") + len("Hi"+" there") + len("Hi"+"!")
	var stdout, stderr bytes.Buffer
	code := run([]string{"convkit", "count", "--tokenizer", dir, "--from", "trl-preference", "-t", "-"}, strings.NewReader(pairs), &stdout, &stderr)
	if code != 0 || strings.TrimSpace(stdout.String()) != fmt.Sprint(want) {
		t.Errorf("count -t: exit %d, %q, %s; want %d", code, stdout.String(), stderr.String(), want)
	}
	stdout.Reset()
	code = run([]string{"convkit", "count", "--tokenizer", dir, "--from", "trl-preference", "--json", "-"}, strings.NewReader(pairs), &stdout, &stderr)
	for _, pair := range []string{`"pair":{"chosen":5,"rejected":8}`, `"pair":{"chosen":8,"rejected":3}`} {
		if code != 0 || !strings.Contains(stdout.String(), pair) {
			t.Errorf("count --json: exit %d, no %s in %s", code, pair, stdout.String())
		}
	}
}
