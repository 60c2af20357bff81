package main

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/longtest"
)

// TestStdinParquetMemoryFlat counts a Parquet file of about 40 MB that
// arrives on standard input, which has no random access: it is copied to a
// temporary file, not read into memory, so the heap stays far below the
// file's size; and the copy is gone afterwards.
func TestStdinParquetMemoryFlat(t *testing.T) {
	longtest.Skip(t, "writes and counts a 40 MB Parquet file")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	path := filepath.Join(t.TempDir(), "random.parquet")
	size := writeRandomParquet(t, path, 20000)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out, errb bytes.Buffer
	e := &app.Env{In: struct{ io.Reader }{f}, Out: &out, Err: &errb} // a pipe: no ReadAt
	opts := counting.CountOptions{Counter: counting.Options{Model: "gpt-4o"}, Total: true}
	peak, err := heapPeak(func() error { return counting.Count(e, opts) })
	if err != nil {
		t.Fatal(err, errb.String())
	}
	if n, _ := strconv.Atoi(strings.TrimSpace(out.String())); n < 1_000_000 {
		t.Fatalf("counted %q tokens", out.String())
	}
	if peak > uint64(size/4) { // a whole copy would pass this; 4 MB was measured
		t.Errorf("heap in use reached %d MB counting a %d MB Parquet file from standard input", peak>>20, size>>20)
	}
	t.Logf("heap in use at most %.1f MB for a %.1f MB file", float64(peak)/(1<<20), float64(size)/(1<<20))
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}

// writeRandomParquet writes n conversations of random words, which do not
// compress, as Parquet at path, and returns the file's size.
func writeRandomParquet(t *testing.T, path string, n int) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	words := func(k int) string {
		var b strings.Builder
		for range k {
			for range 3 + rng.IntN(6) {
				b.WriteByte(byte('a' + rng.IntN(26)))
			}
			b.WriteByte(' ')
		}
		return b.String()
	}
	parquet, _ := convert.Lookup("parquet")
	enc := parquet.NewEncoder(f, convert.EncodeOptions{})
	for range n {
		c := &chat.Conversation{Messages: []chat.Message{
			{Role: chat.User, Content: chat.TextContent(words(100))},
			{Role: chat.Assistant, Content: chat.TextContent(words(250))},
		}}
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
