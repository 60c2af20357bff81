package hf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/convkit/convkit/internal/longtest"
)

// TestCorpusAgreesWithTokenizers counts the shared benchmark corpus
// (CONVKIT_CORPUS, by default /tmp/convkit-bench/corpus.txt) with each
// reference tokenizer, in the chunks bench/engine cuts it into, and
// compares each chunk's count with Hugging Face's Rust tokenizers' in
// testdata/hf/corpus-counts.json (written by corpus.mjs). The corpus is
// built on each machine and its bytes differ between builds: the counts are
// for the build whose sha256 they name, and the test skips another.
func TestCorpusAgreesWithTokenizers(t *testing.T) {
	text, path, got := longtest.Corpus(t, "counts 80 MB with seven tokenizers")
	var want struct {
		SHA256 string           `json:"sha256"`
		Chunks int              `json:"chunks"`
		Totals map[string]int   `json:"totals"`
		Counts map[string][]int `json:"counts"`
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "hf", "corpus-counts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if got != want.SHA256 {
		t.Skipf("%s has sha256 %s, corpus-counts.json is for %s: in testdata/hf, run ./fetch.sh, npm ci --ignore-scripts, then node corpus.mjs %s", path, got, want.SHA256, path)
	}
	chunks := longtest.Chunks(text)
	if len(chunks) != want.Chunks {
		t.Fatalf("%d chunks, corpus.mjs cut %d", len(chunks), want.Chunks)
	}
	for _, name := range referenceModels {
		t.Run(name, func(t *testing.T) {
			counts := want.Counts[name]
			if len(counts) != len(chunks) {
				t.Fatalf("corpus-counts.json has %d counts for %s, want %d", len(counts), name, len(chunks))
			}
			tok := loadModel(t, name)
			got := make([]int, len(chunks))
			var wg sync.WaitGroup
			next := make(chan int)
			for range runtime.GOMAXPROCS(0) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range next {
						got[i] = tok.Count(string(chunks[i]))
					}
				}()
			}
			for i := range chunks {
				next <- i
			}
			close(next)
			wg.Wait()
			total, wrong := 0, 0
			for i, n := range got {
				total += n
				if n != counts[i] {
					if wrong++; wrong <= 5 {
						t.Errorf("chunk %d (bytes from %d): %d tokens, tokenizers says %d", i, chunkStart(chunks, i), n, counts[i])
					}
				}
			}
			if wrong > 0 || total != want.Totals[name] {
				t.Errorf("%d of %d chunks counted wrong; %d tokens in all, tokenizers says %d", wrong, len(chunks), total, want.Totals[name])
			}
		})
	}
}

// chunkStart returns the offset of chunk i in the corpus.
func chunkStart(chunks [][]byte, i int) int {
	n := 0
	for _, c := range chunks[:i] {
		n += len(c)
	}
	return n
}
