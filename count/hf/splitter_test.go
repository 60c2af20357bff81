package hf

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/convkit/convkit/count/bpe"
	"github.com/convkit/convkit/internal/longtest"
)

// The hand-written pre-tokenizers of count/bpe stand in for the regular
// expressions of Split (pieceMatcher, handWritten). These tests hold them
// to the regular expression as a backtracking engine runs it (regexp2, as
// Oniguruma does for tokenizers) on the reference strings, the benchmark
// corpus when it is there, and fuzzed text.

var handWrittenPatterns = []string{bpe.Cl100kPattern, bpe.Qwen2Pattern, bpe.O200kPattern}

// splitDiff returns a description of the first place where the pieces of
// the hand-written pre-tokenizer and those of the regular expression differ
// on s, or "".
func splitDiff(pattern, s string) string {
	want := newRegexMatcher(regexp2.MustCompile(pattern, regexp2.None)).find(s)
	got := pieceMatcher(bpe.PieceEnder(pattern)).find(s)
	if slices.Equal(got, want) {
		return ""
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return "piece " + s[got[i].start:got[i].end] + " where the pattern gives " + s[want[i].start:want[i].end]
		}
	}
	return "a different number of pieces"
}

// caseFolded reports whether s holds a character that case folding maps
// onto the ASCII letters of the contractions without being one: Rust's
// regex and Oniguruma fold U+017F LATIN SMALL LETTER LONG S to s, as the
// hand-written pre-tokenizers do, where regexp2 does not.
func caseFolded(s string) bool { return strings.ContainsRune(s, 'ſ') }

func TestHandWrittenSplitMatchesPattern(t *testing.T) {
	texts := []string{"", "a", "'S'Ll 'ſ 12345 ١٢٣", "  \n\n \t x  ", "don't STOP/now\r\n\r\n", "日本語のテキスト 🙂🙂 naïve"}
	for _, row := range readJSONL(t, filepath.Join("..", "..", "testdata", "tiktoken", "strings.jsonl")) {
		texts = append(texts, row["text"].(string))
	}
	if corpus, err := os.ReadFile("/tmp/convkit-bench/corpus.txt"); err == nil {
		corpus = corpus[:min(len(corpus), longtest.Scale(1<<20, 8<<20))]
		for i := 0; i < len(corpus); i += 16 << 10 {
			texts = append(texts, strings.ToValidUTF8(string(corpus[i:min(i+16<<10, len(corpus))]), "\uFFFD"))
		}
	}
	for _, p := range handWrittenPatterns {
		wrong := 0
		for _, s := range texts {
			if !utf8.ValidString(s) || caseFolded(s) {
				continue
			}
			if d := splitDiff(p, s); d != "" {
				if wrong++; wrong <= 5 {
					t.Errorf("pattern %.30q… on %.80q: %s", p, s, d)
				}
			}
		}
	}
}

func FuzzHandWrittenSplit(f *testing.F) {
	for _, s := range []string{"Hello, world!", "'s 'T 'RE 123 4567", " \t\n\r\n  x", "a中a中 ÀB́c'Ll", "x/y\n//", "١٢٣٤ ⅷ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// regexp2 backtracks on long runs of white space in time that
		// grows with their square: long inputs teach nothing more.
		if len(s) > 256 || !utf8.ValidString(s) || caseFolded(s) {
			return
		}
		for _, p := range handWrittenPatterns {
			if d := splitDiff(p, s); d != "" {
				t.Errorf("pattern %.30q… on %q: %s", p, s, d)
			}
		}
	})
}

// TestHandWrittenChosen checks which reference tokenizers get a
// hand-written pre-tokenizer: those whose Split pattern count/bpe knows.
func TestHandWrittenChosen(t *testing.T) {
	want := map[string]bool{"llama3": true, "llama3_1": true, "qwen3": true, "gptoss": true}
	for _, name := range referenceModels {
		if got := loadModel(t, name).pieceEnd != nil; got != want[name] {
			t.Errorf("%s: hand-written pre-tokenizer %v, want %v", name, got, want[name])
		}
	}
}
