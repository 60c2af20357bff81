package schema_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/convkit/convkit/schema"
)

// BenchmarkCheckJSONL measures validating JSON Lines read by one goroutine
// (standard input). It reads CONVKIT_BENCH_JSONL when set (a big
// dataset), else a generated one.
func BenchmarkCheckJSONL(b *testing.B) {
	benchLines(b, func(v *schema.Validator, data []byte, report func(schema.Problem)) error {
		return v.Check(bytes.NewReader(data), true, report)
	})
}

// BenchmarkValidateLines measures validating JSON Lines with random
// access (a file), as validate does: each worker reads its own blocks.
// What it allocates per line is what makes the garbage collector run, and
// held two cores back from twice one's speed.
func BenchmarkValidateLines(b *testing.B) {
	benchLines(b, func(v *schema.Validator, data []byte, report func(schema.Problem)) error {
		return v.CheckAt(bytes.NewReader(data), int64(len(data)), true, report)
	})
}

// benchLines measures check on benchData's lines, which hold no problem.
func benchLines(b *testing.B, check func(v *schema.Validator, data []byte, report func(schema.Problem)) error) {
	data := benchData(b)
	v := schema.New(schema.Options{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := check(v, data, func(p schema.Problem) { b.Fatal(p) }); err != nil {
			b.Fatal(err)
		}
	}
}

// benchData returns CONVKIT_BENCH_JSONL's lines, or 2,000 generated
// conversations whose texts, like chats.jsonl's, hold newlines and quotes
// (escapes).
func benchData(b *testing.B) []byte {
	if path := os.Getenv("CONVKIT_BENCH_JSONL"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	var buf bytes.Buffer
	text := strings.Repeat("the quick brown fox \"jumps\" over the lazy dog\n", 20)
	quote := func(s string) []byte {
		q, _ := json.Marshal(s)
		return q
	}
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&buf, `{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": %s}, {"role": "assistant", "content": %s}]}`+"\n", quote(text), quote(text[:i%len(text)+1]))
	}
	return buf.Bytes()
}
