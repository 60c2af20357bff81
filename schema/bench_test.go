package schema_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/convkit/convkit/schema"
)

// BenchmarkCheckJSONL measures validating JSON Lines. It reads
// CONVKIT_BENCH_JSONL when set (a big dataset), else a generated one.
func BenchmarkCheckJSONL(b *testing.B) {
	data := benchData(b)
	v := schema.New(schema.Options{})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Check(bytes.NewReader(data), true, func(p schema.Problem) { b.Fatal(p) }); err != nil {
			b.Fatal(err)
		}
	}
}

func benchData(b *testing.B) []byte {
	if path := os.Getenv("CONVKIT_BENCH_JSONL"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	var buf bytes.Buffer
	text := strings.Repeat("the quick brown fox jumps over the lazy dog ", 20)
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&buf, `{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": %q}, {"role": "assistant", "content": %q}]}`+"\n", text, text[:i%len(text)+1])
	}
	return buf.Bytes()
}
