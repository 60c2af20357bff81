package hf

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTokenStartsReference checks where the tokens of every string of
// testdata/tiktoken/strings.jsonl start, for each reference tokenizer,
// against the offsets Hugging Face's tokenizers gives
// (testdata/hf/gen-starts.mjs): starts.jsonl holds, for each tokenizer and
// kind of string, the sha256 of the lines "ID START START …" of the kind's
// strings, the starts at a character boundary (tokenizers gives a token
// that starts inside a character the offsets of the character).
func TestTokenStartsReference(t *testing.T) {
	data := filepath.Join("..", "..", "testdata", "hf")
	strs := readJSONL(t, filepath.Join("..", "..", "testdata", "tiktoken", "strings.jsonl"))
	want := map[string]map[string]any{} // "model kind" → row
	for _, row := range readJSONL(t, filepath.Join(data, "starts.jsonl")) {
		want[row["model"].(string)+" "+row["kind"].(string)] = row
	}
	for _, model := range referenceModels {
		t.Run(model, func(t *testing.T) {
			tok := loadModel(t, model)
			hashes, counts := map[string]hash.Hash{}, map[string]int{}
			for _, s := range strs {
				id, kind, text := s["id"].(string), s["kind"].(string), s["text"].(string)
				line := []string{id}
				for _, off := range tok.TokenStarts(text) {
					if off < len(text) && utf8.RuneStart(text[off]) {
						line = append(line, fmt.Sprint(off))
					}
				}
				if hashes[kind] == nil {
					hashes[kind] = sha256.New()
				}
				hashes[kind].Write([]byte(strings.Join(line, " ") + "\n"))
				counts[kind]++
			}
			for kind, h := range hashes {
				row := want[model+" "+kind]
				if row == nil || int(row["strings"].(float64)) != counts[kind] {
					t.Errorf("%s: starts.jsonl has not the %d strings of the kind: run gen-starts.mjs", kind, counts[kind])
					continue
				}
				if got := hex.EncodeToString(h.Sum(nil)); got != row["sha256"] {
					t.Errorf("%s: the token starts differ from tokenizers' (sha256 %s, want %s); 'node gen-starts.mjs --full %s' prints tokenizers'", kind, got, row["sha256"], model)
				}
			}
		})
	}
}

// TestTokenStartsOnePerToken checks that, where no normalizer rewrites the
// text, TokenStarts finds a start for each token Count counts (one per
// token before the duplicates of tokens inside a character are merged):
// its merges are counting's.
func TestTokenStartsOnePerToken(t *testing.T) {
	strs := readJSONL(t, filepath.Join("..", "..", "testdata", "tiktoken", "strings.jsonl"))
	for _, model := range referenceModels {
		tok := loadModel(t, model)
		if tok.normalizer != nil {
			continue
		}
		for _, s := range strs {
			text := s["text"].(string)
			if !utf8.ValidString(text) {
				continue
			}
			if got, want := len(tok.tokenStarts(nil, text)), tok.Count(text); got != want {
				t.Errorf("%s: %s: %d token starts, %d tokens", model, s["id"], got, want)
			}
		}
	}
}

func TestTokenStartsOfInvalidText(t *testing.T) {
	tok := loadModel(t, "llama3")
	if got := tok.TokenStarts("ab\xffcd"); len(got) != 1 || got[0] != 0 {
		t.Errorf("TokenStarts of invalid UTF-8 = %v, want [0]", got)
	}
}
