package count

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/convkit/convkit/chat"
)

// benchTexts returns the reference corpus's strings (testdata/tiktoken):
// prose, code, JSON, many scripts, emoji, whitespace, digits, URLs.
func benchTexts(b testing.TB) (texts []string, size int64) {
	f, err := os.Open(filepath.Join(refDir, "strings.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			b.Fatal(err)
		}
		texts = append(texts, s.Text)
		size += int64(len(s.Text))
	}
	return texts, size
}

// BenchmarkText counts the reference corpus on one goroutine; MB/s is of
// text counted.
func BenchmarkText(b *testing.B) {
	texts, size := benchTexts(b)
	for _, enc := range []string{"o200k_base", "cl100k_base"} {
		b.Run(enc, func(b *testing.B) {
			c, err := New(Options{Encoding: enc})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size)
			for b.Loop() {
				for _, s := range texts {
					c.Text(s)
				}
			}
		})
	}
}

// BenchmarkConversations counts the corpus as one-message conversations
// spread over GOMAXPROCS workers by Ordered, as convkit count does.
func BenchmarkConversations(b *testing.B) {
	texts, size := benchTexts(b)
	convs := make([]*chat.Conversation, len(texts))
	for i, s := range texts {
		convs[i] = &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent(s)}}}
	}
	c, err := New(Options{Model: "gpt-4o"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for b.Loop() {
		i := 0
		next := func() (*chat.Conversation, error) {
			if i == len(convs) {
				return nil, io.EOF
			}
			i++
			return convs[i-1], nil
		}
		total := 0
		err := Ordered(runtime.GOMAXPROCS(0), next, c.Conversation, func(n int) error { total += n; return nil })
		if err != nil || total == 0 {
			b.Fatal(err, total)
		}
	}
}
