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

// TestSpacesNotCutWhereCutsCouldJoin checks that a model whose long words
// a cut at a space could count wrong counts them whole, as tokenizers
// does: merges ignored (the whole word is a token), a character with no
// token dropped (no unknown token, no byte fallback: the symbols either
// side meet, here > and ▁</), and a crossing that holds a byte token.
func TestSpacesNotCutWhereCutsCouldJoin(t *testing.T) {
	const vocab = `"/": 1, "<": 2, ">": 3, "a": 4, "b": 5, "d": 6, "e": 7, "f": 8, "h": 9, "l": 10, "o": 11, "r": 12, "w": 13, "▁": 14, "▁<": 15, "▁</": 16, ">▁</": 17`
	model := func(fields, extraVocab, merges string) string {
		return `{"normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}, "pre_tokenizer": null,
			"model": {"type": "BPE", ` + fields + `, "vocab": {` + vocab + extraVocab + `}, "merges": [` + merges + `]}}`
	}
	for _, c := range []struct {
		name, json, text string
		want             int
	}{
		{"merges ignored", model(`"unk_token": "<unk>", "ignore_merges": true`, `, "<unk>": 0, "hello▁world▁hello▁world": 18`, ``),
			"hello world hello world", 1},
		{"a character dropped", model(`"byte_fallback": false`, ``, `"▁ <", "▁< /", "> ▁</"`),
			"aaaaaaaaaaaaaaaaaaaa>Q </b", 22},
		{"a byte token in a crossing", model(`"byte_fallback": true, "unk_token": "<unk>"`, `, "<unk>": 0, "<0x51>": 18, "<0x51>▁</": 19`, `"▁ <", "▁< /", "<0x51> ▁</"`),
			"aaaaaaaaaaaaaaaaaaaa>Q </b", 23},
	} {
		t.Run(c.name, func(t *testing.T) {
			tok, err := Load(strings.NewReader(c.json))
			if err != nil {
				t.Fatal(err)
			}
			if tok.model.spaced {
				t.Error("counts long words in parts")
			}
			if got := tok.Count(c.text); got != c.want {
				t.Errorf("Count(%q) = %d, want %d", c.text, got, c.want)
			}
		})
	}
}
