package bpe

import (
	"math/rand/v2"
	"testing"

	"github.com/convkit/convkit/count/bpe/internal/ranks"
)

// BenchmarkRank measures one rank look-up of a random token of 3 or more
// bytes (hit) or of such a token with its last byte changed (miss): the
// look-ups merging makes.
func BenchmarkRank(b *testing.B) {
	rk, err := ranks.Load("o200k_base")
	if err != nil {
		b.Fatal(err)
	}
	var hits, misses [][]byte
	for t := range rk {
		if len(t) >= 3 {
			hits = append(hits, []byte(t))
			m := []byte(t)
			m[len(m)-1] ^= 0x55
			misses = append(misses, m)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	r.Shuffle(len(hits), func(i, j int) { hits[i], hits[j] = hits[j], hits[i] })
	r.Shuffle(len(misses), func(i, j int) { misses[i], misses[j] = misses[j], misses[i] })
	e := encoding(b, "o200k_base")
	for name, keys := range map[string][][]byte{"hit": hits, "miss": misses} {
		b.Run(name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				e.rank(keys[i%len(keys)])
				i++
			}
		})
	}
}
