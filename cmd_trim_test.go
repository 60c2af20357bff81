package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/count/hf"
	"github.com/convkit/convkit/trim"
)

// TestTrimExitCodes runs trim and append in-process for their exact exit
// codes, and checks that a failed -i leaves the folder as it was: the file
// unchanged and no temporary file behind.
func TestTrimExitCodes(t *testing.T) {
	const chat = `[{"role":"system","content":"You are a storyteller."},{"role":"user","content":"Tell me a long story."},{"role":"assistant","content":"Once upon a time, the end."}]`
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"trim", "--last", "1", "chat.json"}, exitOK},
		{[]string{"trim", "-i", "--last", "1", "chat.json"}, exitOK},
		{[]string{"trim", "-i", "--max-tokens", "5", "chat.json"}, exitNo},
		{[]string{"trim", "-i", "--max-tokens", "15", "chat.json"}, exitNo},
		{[]string{"trim", "-i", "--last", "1", "--summary-cmd", "exit 4", "chat.json"}, exitFailure},
		{[]string{"trim", "-i", "--keep", "both", "chat.json"}, exitUsage},
		{[]string{"trim", "--last", "1", "-o", "chat.json", "chat.json"}, exitUsage},
		{[]string{"trim", "-i", "--last", "1", "missing.json"}, exitFailure},
		{[]string{"append", "chat.json", "--role", "robot", "x"}, exitUsage},
		{[]string{"append", "missing/chat.json", "--role", "user", "x"}, exitFailure},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if err := os.WriteFile("chat.json", []byte(chat), 0o600); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"convkit"}, tc.args...), strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if st, err := os.Stat("chat.json"); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("chat.json lost its mode 0600 (%v)", err)
			}
			if code == exitOK {
				return
			}
			if got, _ := os.ReadFile("chat.json"); string(got) != chat {
				t.Errorf("chat.json changed:\n%s", got)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if !slices.Equal(names, []string{"chat.json"}) {
				t.Errorf("the folder holds %v, want only chat.json", names)
			}
			if line, _, _ := strings.Cut(stderr.String(), "\n"); !strings.Contains(line, ": error: ") {
				t.Errorf("stderr does not start with an error line:\n%s", stderr.String())
			}
		})
	}
}

// TestTrimTokenizerPartialCutsAtTokenStarts trims, with --allow-partial
// and an open model's tokenizer, a user message of long texts in many
// scripts (testdata/tiktoken/strings.jsonl) at budgets across its length,
// keeping its end and its start: what is kept counts, rendered whole,
// within the budget, and the part of the text kept starts (or ends) where
// a token of the tokenizer's encoding of the whole text starts
// (hf.Tokenizer.TokenStarts, which TestTokenStartsReference checks against
// Hugging Face's offsets), not at any character.
func TestTrimTokenizerPartialCutsAtTokenStarts(t *testing.T) {
	var texts [2][]string
	f, err := os.Open("testdata/tiktoken/strings.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	kinds := map[string]int{"prose": 0, "zh": 0, "ar": 0, "hi": 0, "emoji": 1, "combining": 1, "code": 1, "contraction": 1}
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var s struct{ Kind, Text string }
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		if i, ok := kinds[s.Kind]; ok && len(texts[i]) < 30 {
			texts[i] = append(texts[i], s.Text)
		}
	}
	for _, model := range []string{"llama3", "qwen3", "gemma3"} {
		t.Run(model, func(t *testing.T) {
			dir := hfModelDir(t, model)
			tok, err := hf.LoadFile(filepath.Join(dir, "tokenizer.json"), "")
			if err != nil {
				t.Fatal(err)
			}
			convkit := func(stdin string, args ...string) (string, string) {
				t.Helper()
				var stdout, stderr bytes.Buffer
				if code := run(append([]string{"convkit"}, args...), strings.NewReader(stdin), &stdout, &stderr); code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
				}
				return stdout.String(), stderr.String()
			}
			count := func(stdin string) int {
				out, _ := convkit(stdin, "count", "-t", "--tokenizer", dir, "-")
				n, _ := strconv.Atoi(strings.TrimSpace(out))
				return n
			}
			cuts := 0
			for _, text := range []string{strings.Join(texts[0], " "), strings.Join(texts[1], "\n")} {
				isStart := map[int]bool{}
				for _, off := range tok.TokenStarts(text) {
					isStart[off] = true
				}
				conv, _ := json.Marshal(map[string]any{"messages": []map[string]string{{"role": "system", "content": "Be brief."}, {"role": "user", "content": text}}})
				total := count(string(conv))
				for _, keep := range []string{"last", "first"} {
					for budget := total / 8; budget < total; budget += total / 8 {
						label := fmt.Sprintf("--keep %s --max-tokens %d", keep, budget)
						out, report := convkit(string(conv), "trim", "--tokenizer", dir, "--max-tokens", fmt.Sprint(budget), "--allow-partial", "--keep", keep, "--json", "-")
						var rep struct {
							KeptTokens int `json:"kept_tokens"`
							Cut        *struct{ Index int }
						}
						var got struct{ Messages []struct{ Content string } }
						if err := json.Unmarshal([]byte(report), &rep); err != nil {
							t.Fatalf("%s: report %q: %v", label, report, err)
						}
						if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Messages) != 2 || rep.Cut == nil || rep.Cut.Index != 1 {
							t.Fatalf("%s: %v, %d messages, report %s", label, err, len(got.Messages), report)
						}
						if n := count(out); n > budget || n != rep.KeptTokens {
							t.Errorf("%s: keeps %d tokens, the report says %d", label, n, rep.KeptTokens)
						}
						kept, at := got.Messages[1].Content, len(got.Messages[1].Content) // where the kept part ends, keeping the first
						if keep == "last" {
							at = len(text) - len(kept)
						}
						switch {
						case keep == "last" && !strings.HasSuffix(text, kept), keep == "first" && !strings.HasPrefix(text, kept):
							t.Errorf("%s: keeps %q, not an end of the text", label, kept)
						case !isStart[at]:
							t.Errorf("%s: cut at byte %d of %d, not at a token start", label, at, len(text))
						}
						cuts++
					}
				}
			}
			if cuts < 20 {
				t.Errorf("only %d cuts", cuts)
			}
		})
	}
}

// TestTrimKeepFirstPartialSpooled trims with --keep first --allow-partial a
// JSONL line whose user text (1.6 MB) is long enough to be read into a
// spool and cut from there: what is kept, and the report, must be what
// trim keeps of the same text held whole, in both OpenAI encodings, at
// budgets that keep a little of it and more.
func TestTrimKeepFirstPartialSpooled(t *testing.T) {
	text := strings.Repeat("The quick brown fox — jumps “over” the lazy dog\n\t {\"k\": 1} é 漢字 😀 ", 20000)
	line, err := json.Marshal(map[string]any{"messages": []map[string]string{{"role": "system", "content": "be brief"}, {"role": "user", "content": text}, {"role": "assistant", "content": "ok"}}})
	if err != nil {
		t.Fatal(err)
	}
	held := &chat.Conversation{Messages: []chat.Message{
		{Role: chat.System, Content: chat.TextContent("be brief")}, {Role: chat.User, Content: chat.TextContent(text)}, {Role: chat.Assistant, Content: chat.TextContent("ok")}}}
	for _, enc := range []string{"o200k_base", "cl100k_base"} {
		c, err := count.New(count.Options{Encoding: enc})
		if err != nil {
			t.Fatal(err)
		}
		starts, err := trim.TokenStarts(enc)
		if err != nil {
			t.Fatal(err)
		}
		for _, budget := range []int{40, 1000, 30000} {
			opts := trim.Defaults()
			opts.Budget, opts.Keep, opts.AllowPartial, opts.Boundaries = budget, trim.KeepFirst, true, starts
			want, wantRep, err := trim.Trim(held, trim.Count(c), opts)
			if err != nil || wantRep.Cut == nil {
				t.Fatalf("%s, budget %d, held: %v, cut %v", enc, budget, err, wantRep.Cut)
			}
			var stdout, stderr bytes.Buffer
			args := []string{"convkit", "trim", "-e", enc, "--max-tokens", fmt.Sprint(budget), "--keep", "first", "--allow-partial", "--json", "--from", "jsonl", "-"}
			if code := run(args, bytes.NewReader(append(line, '\n')), &stdout, &stderr); code != exitOK {
				t.Fatalf("%s, budget %d: exit %d: %s", enc, budget, code, stderr.String())
			}
			var got struct{ Messages []struct{ Content string } }
			var rep trim.Report
			if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || len(got.Messages) != 2 {
				t.Fatalf("%s, budget %d: %v, %d messages", enc, budget, err, len(got.Messages))
			}
			if err := json.Unmarshal(stderr.Bytes(), &rep); err != nil || rep.Cut == nil {
				t.Fatalf("%s, budget %d: report %q: %v", enc, budget, stderr.String(), err)
			}
			if kept := got.Messages[1].Content; kept != want.Messages[1].Content.Text || rep.KeptTokens != wantRep.KeptTokens || *rep.Cut != *wantRep.Cut {
				t.Errorf("%s, budget %d: keeps %d bytes (%+v, %d tokens), held %d (%+v, %d tokens)", enc, budget,
					len(kept), *rep.Cut, rep.KeptTokens, len(want.Messages[1].Content.Text), *wantRep.Cut, wantRep.KeptTokens)
			}
		}
	}
}
