package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountTokenizerReference counts testdata/hf/conversations.json through
// the command line, with each model taken by id from a fake Hugging Face
// cache, and compares with apply_chat_template(…, tokenize=True) as
// testdata/hf/template-counts.jsonl records it (Jinja2 render, Rust
// tokenizers count).
func TestCountTokenizerReference(t *testing.T) {
	var conversations []struct {
		ID                  string            `json:"id"`
		Messages            json.RawMessage   `json:"messages"`
		Tools               []json.RawMessage `json:"tools"`
		AddGenerationPrompt bool              `json:"add_generation_prompt"`
	}
	data, err := os.ReadFile("testdata/hf/conversations.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &conversations); err != nil {
		t.Fatal(err)
	}
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
	models := []string{"llama3", "llama3_1", "qwen3", "gemma3", "deepseek_v3"}
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
	if !longTests {
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
		for _, name := range []string{"tokenizer.json", "tokenizer_config.json"} {
			if err := os.Symlink(filepath.Join(dir, name), filepath.Join(snap, name)); err != nil {
				t.Fatal(err)
			}
		}
		// One run per setting of --generation-prompt over a JSONL stream, as
		// loading a tokenizer is the slow part; a conversation whose template
		// raises runs alone.
		for _, gen := range []bool{false, true} {
			var stream bytes.Buffer
			var wantOut strings.Builder
			n := 0
			for _, c := range conversations {
				if c.AddGenerationPrompt != gen || !longTests && !sampled[c.ID] {
					continue
				}
				body := map[string]any{"messages": c.Messages}
				if c.Tools != nil {
					body["tools"] = c.Tools
				}
				line, _ := json.Marshal(body)
				args := []string{"convkit", "count", "--tokenizer", "test/" + model}
				if gen {
					args = append(args, "--generation-prompt")
				}
				w, ok := want[model+" "+c.ID]
				if ok {
					stream.Write(append(line, '\n'))
					n++
					fmt.Fprintf(&wantOut, "%s\t<stdin>#%d\n", w, n)
					continue
				}
				var stdout, stderr bytes.Buffer
				code := run(append(args, "-"), bytes.NewReader(line), &stdout, &stderr)
				if code != 1 || !strings.Contains(stderr.String(), "<stdin>: conversation 1: chat template: ") {
					t.Errorf("%s %s: exit %d, %q; want the template's error", model, c.ID, code, stderr.String())
				}
			}
			args := []string{"convkit", "count", "--tokenizer", "test/" + model, "--from", "jsonl"}
			if gen {
				args = append(args, "--generation-prompt")
			}
			var stdout, stderr bytes.Buffer
			code := run(append(args, "-"), &stream, &stdout, &stderr)
			got, _, _ := strings.Cut(stdout.String(), "\n"+lastLine(stdout.String()))
			if code != 0 || got+"\n" != wantOut.String() {
				t.Errorf("%s generation prompt %v: exit %d, stderr %q\n got %q\nwant %q", model, gen, code, stderr.String(), stdout.String(), wantOut.String())
			}
		}
	}
}

// lastLine returns the last line of s, without its newline.
func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}
