// Package longtest tells tests whether the long checks run: differential
// corpora walked whole, memory bounds on streams of tens of megabytes.
// go test runs a quick sample of them; go test -tags long runs all of
// them, and .ci/run does so.
package longtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"
)

// Skip skips t unless the tests were built with -tags long, or when they
// run with -short; why says what makes the test long.
func Skip(t testing.TB, why string) {
	t.Helper()
	if !Enabled || testing.Short() {
		t.Skip(why + ": go test -tags long runs it")
	}
}

// Scale returns full under -tags long and quick otherwise: how many cases
// to try, or the step to walk a corpus with.
func Scale(quick, full int) int {
	if Enabled {
		return full
	}
	return quick
}

// Sample returns every nth element of s, from the first, or all of s under
// -tags long: a corpus that go test walks a part of.
func Sample[T any](s []T, n int) []T {
	if Enabled || n <= 1 {
		return s
	}
	out := make([]T, 0, (len(s)+n-1)/n)
	for i := 0; i < len(s); i += n {
		out = append(out, s[i])
	}
	return out
}

// Chunks cuts the shared benchmark corpus as bench/engine cuts it, and the
// scripts that count it for the reference (testdata/tiktoken/corpus.mjs,
// testdata/hf/corpus.mjs): each chunk ends at the first line end at or
// after 16 KiB, the last at the end of text.
func Chunks(text []byte) [][]byte {
	var chunks [][]byte
	for i := 0; i < len(text); {
		j := len(text)
		if i+16384-1 < len(text) {
			if k := bytes.IndexByte(text[i+16384-1:], '\n'); k >= 0 {
				j = i + 16384 - 1 + k + 1
			}
		}
		chunks = append(chunks, text[i:j])
		i = j
	}
	return chunks
}

// Corpus skips t as Skip does, then returns the shared benchmark corpus
// (CONVKIT_CORPUS, by default /tmp/convkit-bench/corpus.txt), its path and
// its sha256 in hex: the corpus is built on each machine, and reference
// counts name the build they are for. It skips t when there is no corpus.
func Corpus(t testing.TB, why string) (text []byte, path, sha string) {
	t.Helper()
	Skip(t, why)
	if path = os.Getenv("CONVKIT_CORPUS"); path == "" {
		path = "/tmp/convkit-bench/corpus.txt"
	}
	text, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s: no benchmark corpus (../shared/bench/gencorpus builds it)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(text)
	return text, path, hex.EncodeToString(sum[:])
}
