package count

import (
	"testing"

	"github.com/convkit/convkit/internal/longtest"
)

// TestCorpusAgreesWithTiktoken counts the shared benchmark corpus
// (CONVKIT_CORPUS, by default /tmp/convkit-bench/corpus.txt) in every
// encoding, in the chunks bench/engine cuts it into, and compares each
// total with npm tiktoken's in testdata/tiktoken/corpus-counts.json
// (written by corpus.mjs). The corpus is built on each machine and its
// bytes differ between builds: the figures are for the build whose sha256
// they name, and the test skips another.
func TestCorpusAgreesWithTiktoken(t *testing.T) {
	text, path, got := longtest.Corpus(t, "counts 80 MB in six encodings")
	var want map[string]any
	readJSON(t, "corpus-counts.json", &want)
	if got != want["sha256"] {
		t.Skipf("%s has sha256 %s, corpus-counts.json is for %s: run node corpus.mjs %s in testdata/tiktoken", path, got, want["sha256"], path)
	}
	for _, name := range Encodings() {
		enc, err := getEncoder(name)
		if err != nil {
			t.Fatal(err)
		}
		w, ok := want[name].(float64)
		if !ok {
			t.Errorf("corpus-counts.json has no %s total", name)
			continue
		}
		total, chunks := 0, 0
		for _, chunk := range longtest.Chunks(text) {
			total += enc.CountBytes(chunk)
			chunks++
		}
		if n, _ := want["chunks"].(float64); chunks != int(n) {
			t.Fatalf("%d chunks, corpus.mjs cut %v", chunks, want["chunks"])
		}
		if total != int(w) {
			t.Errorf("%s: %d tokens in %d chunks, tiktoken says %d", name, total, chunks, int(w))
		}
	}
}
