package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestExportPromptReference writes the conversations of
// testdata/hf/conversations.json with export -f prompt and each model's
// chat template, and compares with the renders of Python's Jinja2 under
// transformers' settings (testdata/hf/renders.jsonl, by render.py), byte
// for byte: as text for one conversation, as {"text": …} lines for all;
// a conversation whose template raises fails with the template's message.
func TestExportPromptReference(t *testing.T) {
	conversations := hfConversations(t)
	type render struct{ Model, ID, Text, Error string }
	renders := map[string]render{} // "model id" → render
	f, err := os.Open("testdata/hf/renders.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r render
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		renders[r.Model+" "+r.ID] = r
	}
	export := func(stdin []byte, args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(append(append([]string{"convkit", "export", "-f", "prompt"}, args...), "-"), bytes.NewReader(stdin), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	setReferenceClock(t)
	checked := 0
	for _, model := range []string{"llama3", "llama3_1", "qwen3", "gemma3", "deepseek_v3", "gptoss"} {
		dir := hfModelDir(t, model)
		// One run per setting of --generation-prompt over a JSONL stream;
		// a conversation whose template raises runs alone.
		for _, gen := range []bool{false, true} {
			args := []string{"--tokenizer", dir, "--from", "jsonl"}
			if gen {
				args = append(args, "--generation-prompt")
			}
			var stream bytes.Buffer
			var want []string
			for _, c := range conversations {
				if c.AddGenerationPrompt != gen {
					continue
				}
				line := c.body()
				r, ok := renders[model+" "+c.ID]
				if !ok {
					t.Fatalf("%s %s: no render", model, c.ID)
				}
				if r.Error != "" {
					code, out, errs := export(line, args...)
					if code != 1 || out != "" || !strings.Contains(errs, "<stdin>:1: error: chat template: ") || !strings.Contains(errs, r.Error) {
						t.Errorf("%s %s: exit %d, %q; want the template's error %q", model, c.ID, code, errs, r.Error)
					}
					checked++
					continue
				}
				if len(want) == 0 { // the first, alone, as text
					if code, out, errs := export(line, args...); code != 0 || out != r.Text {
						t.Errorf("%s %s: exit %d, %s\n got %q\nwant %q", model, c.ID, code, errs, out, r.Text)
					}
				}
				stream.Write(append(line, '\n'))
				want = append(want, r.Text)
			}
			code, out, errs := export(stream.Bytes(), append(args, "--jsonl")...)
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if code != 0 || len(lines) != len(want) {
				t.Fatalf("%s: exit %d, %d lines for %d conversations: %s", model, code, len(lines), len(want), errs)
			}
			for i, line := range lines {
				var got struct{ Text string }
				if err := json.Unmarshal([]byte(line), &got); err != nil || got.Text != want[i] {
					t.Errorf("%s, line %d: %v\n got %q\nwant %q", model, i+1, err, got.Text, want[i])
				}
				checked++
			}
		}
	}
	if checked < 150 {
		t.Errorf("only %d renders checked", checked)
	}
}
