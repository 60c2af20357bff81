package bpe

import "github.com/convkit/convkit/count/bpe/internal/table"

// memo remembers how many tokens merging gave for short pieces that are
// not tokens, for text says the same words again and again: on the shared
// corpus it makes counting about a tenth faster. It is a direct-mapped
// table small enough to stay in the cache; a piece that lands on another's
// entry takes it over. Entries hold the whole piece, so a hit is exact.
type memo [1 << memoBits]memoEntry

const (
	memoBits = 12 // 4096 entries of 24 bytes
	memoMax  = 16 // bytes of the longest piece an entry holds
)

type memoEntry struct {
	lo, hi uint64 // the piece's bytes, read as table.Load64 reads them
	size   uint32
	n      uint32
}

// merge returns e.merge(p) for p, at most memoMax bytes and not a token,
// whose first bytes table.Load64 reads as lo.
func (m *memo) merge(e *Encoding, p []byte, lo uint64) int {
	var hi uint64
	if len(p) > 8 {
		hi = table.Load64(p[8:])
	}
	h := (lo ^ hi*0x9E3779B97F4A7C15 ^ uint64(len(p))) * 0xBF58476D1CE4E5B9
	en := &m[h>>(64-memoBits)]
	if en.lo == lo && en.hi == hi && en.size == uint32(len(p)) {
		return int(en.n)
	}
	n := e.merge(p)
	*en = memoEntry{lo, hi, uint32(len(p)), uint32(n)}
	return n
}
