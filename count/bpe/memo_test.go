package bpe

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMemoIsExact counts many short pieces twice through one memo, so that
// pieces share its entries and are answered from it, and checks each count
// against merging without a memo. The pieces share their first 8 bytes, so
// that a memo that told them apart by fewer bytes would mix them up.
func TestMemoIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var pieces []string
	for range 20000 {
		var b strings.Builder
		b.WriteString("xqzwvjkp")
		for range 1 + r.IntN(8) {
			b.WriteByte("abcdefghijklmnopqrstuvwxyz"[r.IntN(26)])
		}
		pieces = append(pieces, b.String())
	}
	for _, name := range names {
		e := encoding(t, name)
		m := NewMemo(memoBits)
		for pass := range 2 {
			for _, p := range pieces {
				if got, want := e.countPiece([]byte(p), m), len(e.TokenStarts(p)); got != want {
					t.Fatalf("%s, pass %d: %q counted %d, want %d", name, pass, p, got, want)
				}
			}
		}
	}
}
