package bpe

import (
	"sync"
	"testing"

	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// names are the encodings package bpe has tables for (p50k_edit and
// o200k_harmony count with two of them).
var names = []string{"cl100k_base", "o200k_base", "p50k_base", "r50k_base"}

var (
	refOnce sync.Once
	refs    map[string]*tiktoken.Tiktoken
	refErr  error
)

// reference returns tiktoken-go's encoder for name, loaded offline.
func reference(t testing.TB, name string) *tiktoken.Tiktoken {
	t.Helper()
	refOnce.Do(func() {
		tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader())
		refs = map[string]*tiktoken.Tiktoken{}
		for _, n := range names {
			var tk *tiktoken.Tiktoken
			if tk, refErr = tiktoken.GetEncoding(n); refErr != nil {
				return
			}
			refs[n] = tk
		}
	})
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refs[name]
}

// encoding returns package bpe's encoding for name.
func encoding(t testing.TB, name string) *Encoding {
	t.Helper()
	e, err := Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// refCount is the count tiktoken-go gives, with no special tokens allowed.
func refCount(t testing.TB, name, s string) int {
	return len(reference(t, name).EncodeOrdinary(s))
}
