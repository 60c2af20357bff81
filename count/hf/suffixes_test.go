package hf

import (
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// TestSuffixesCount checks, for each reference tokenizer, that Suffixes
// counts every end of a text as Count counts it alone: the reference chat
// renderings (renders.jsonl), and every tenth string of
// testdata/tiktoken/strings.jsonl between added tokens, cut at each
// character boundary near an added token, and at others spread over the
// text.
func TestSuffixesCount(t *testing.T) {
	renders := readJSONL(t, filepath.Join("..", "..", "testdata", "hf", "renders.jsonl"))
	strs := readJSONL(t, filepath.Join("..", "..", "testdata", "tiktoken", "strings.jsonl"))
	for _, model := range referenceModels {
		t.Run(model, func(t *testing.T) {
			tok := loadModel(t, model)
			var texts []string
			for _, r := range renders {
				if text, ok := r["text"].(string); ok && r["model"] == model {
					texts = append(texts, text)
				}
			}
			first, last := tok.raw.text(0), tok.raw.text(tok.raw.n-1)
			for i := 0; i < len(strs); i += 10 {
				if text := strs[i]["text"].(string); len(text) <= 64 {
					texts = append(texts, text+first+text+last+" "+text)
				}
			}
			checked := 0
			for _, text := range texts {
				suffixes := tok.Suffixes(text)
				if suffixes.direct && utf8.ValidString(text) {
					t.Fatalf("counts each end whole")
				}
				near := map[int]bool{} // within a few bytes of where a segment starts
				for _, start := range suffixes.starts {
					for d := -4; d <= 4; d++ {
						near[start+d] = true
					}
				}
				stride := 1 + len(text)/256 // Gemma 3 and DeepSeek's BPE reads a segment at once
				for at := 0; at <= len(text); at++ {
					if at < len(text) && !utf8.RuneStart(text[at]) || at%stride != 0 && !near[at] {
						continue
					}
					if got, want := suffixes.Count(at), tok.Count(text[at:]); got != want {
						t.Fatalf("%q from %d: counts %d, alone %d", text, at, got, want)
					}
					checked++
				}
			}
			if checked < 10000 {
				t.Errorf("only %d ends checked", checked)
			}
		})
	}
}
