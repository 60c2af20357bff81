package hf

import (
	"os"
	"testing"
)

// BenchmarkAddedSplit finds Gemma 3's 6,415 added tokens in 1 MB of the
// benchmark corpus (or this package's sources): the cost of the trie on
// every count.
func BenchmarkAddedSplit(b *testing.B) {
	tok := loadModel(b, "gemma3")
	text, err := os.ReadFile("/tmp/convkit-bench/corpus.txt")
	if err != nil {
		text, _ = os.ReadFile("tokenizer.go")
	}
	text = text[:min(len(text), 1<<20)]
	b.SetBytes(int64(len(text)))
	var seg []segment
	for b.Loop() {
		seg = tok.raw.split(seg[:0], string(text), true)
	}
}
