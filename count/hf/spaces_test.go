package hf

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSpacedCountIsWholeCount checks that a long word counted in parts cut
// at spaces has the tokens of the word merged whole, in the reference
// models that cut so (Gemma 3, with one crossing, and Llama 2, with none):
// on every reference string with its spaces written as ▁, and where Gemma
// 3's crossing meets a space ("<b> </b>": a cut there gives one token
// more).
func TestSpacedCountIsWholeCount(t *testing.T) {
	texts := []string{"<b> </b>", "<div> </div>\n<p> </p>", "a> </", "x> </y> </z>  </", "<i>hello</i> </b> and more text here"}
	for _, row := range readJSONL(t, filepath.Join("..", "..", "testdata", "tiktoken", "strings.jsonl")) {
		texts = append(texts, row["text"].(string))
	}
	for _, name := range []string{"gemma3", "llama2"} {
		t.Run(name, func(t *testing.T) {
			m := loadModel(t, name).model
			if !m.spaced {
				t.Fatal("not counted in parts")
			}
			w := m.newWork()
			wrong := 0
			for _, text := range texts {
				word := spaceMark + strings.ReplaceAll(text, " ", spaceMark)
				if got, want := m.count(word, w), m.countWord(word, w); got != want {
					if wrong++; wrong <= 5 {
						t.Errorf("%.60q: %d tokens in parts, %d whole", word, got, want)
					}
				}
			}
			if wrong > 0 {
				t.Errorf("%d of %d texts counted wrong", wrong, len(texts))
			}
		})
	}
}

// TestCompiledKeepsCrossings checks that a compiled tokenizer cuts where
// and only where the tokenizer.json it was made from does.
func TestCompiledKeepsCrossings(t *testing.T) {
	tok := loadModel(t, "gemma3")
	compiled, err := LoadCompiled(tok.Compile())
	if err != nil {
		t.Fatal(err)
	}
	got, want := compiled.model, tok.model
	if got.spaced != want.spaced || len(got.crossings) != len(want.crossings) || len(want.crossings) == 0 {
		t.Fatalf("compiled: spaced %v, %d crossings; tokenizer.json: spaced %v, %d crossings", got.spaced, len(got.crossings), want.spaced, len(want.crossings))
	}
	for i := range want.crossings {
		if got.crossings[i] != want.crossings[i] {
			t.Errorf("crossing %d: compiled %q, tokenizer.json %q", i, got.crossings[i], want.crossings[i])
		}
	}
}
