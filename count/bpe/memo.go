package bpe

import "github.com/convkit/convkit/count/bpe/internal/table"

// Memo remembers how many tokens short pieces that are not tokens gave,
// for text says the same words again and again: on the shared corpus it
// makes counting about a tenth faster. It is a direct-mapped table small
// enough to stay in the cache; a piece that lands on another's entry takes
// it over. Entries hold the whole piece, so a hit is exact. A Memo is used
// by one goroutine at a time; package hf keeps one for each count at work,
// as an Encoding does.
type Memo struct {
	entries []memoEntry
	shift   uint // 64 - log2(len(entries))
	bits    int  // log2 of the size it grows to
	misses  int  // since it last grew
}

// NewMemo returns a Memo that grows to 2^bits entries of 24 bytes. It
// starts at most 2^memoStartBits and doubles once it has missed twice as
// often as it has entries: a short text then touches a few pages, not a
// table of hundreds of KiB each of whose pages a process pays for when it
// first touches it (a page fault per word of a small file).
func NewMemo(bits int) *Memo {
	m := &Memo{bits: bits}
	m.size(min(bits, memoStartBits))
	return m
}

const memoStartBits = 8

func (m *Memo) size(bits int) {
	m.entries, m.shift, m.misses = make([]memoEntry, 1<<bits), uint(64-bits), 0
}

// missed counts a miss, and grows the table (forgetting it) when misses
// show it too small; it is off the hot path, beside a merge.
func (m *Memo) missed() {
	m.misses++
	if m.misses > 2*len(m.entries) && len(m.entries) < 1<<m.bits {
		m.size(min(m.bits, 64-int(m.shift)+2))
	}
}

const (
	memoBits = 12 // an Encoding's memos: 4096 entries, 96 KiB
	memoMax  = 16 // bytes of the longest piece an entry holds
	// MemoMax is the length in bytes of the longest piece a Memo holds.
	MemoMax = memoMax
)

type memoEntry struct {
	lo, hi uint64 // the piece's bytes, read as table.Load64 reads them
	size   uint32
	n      uint32
}

// entry returns p's entry, whose first bytes table.Load64 reads as lo, the
// piece's last bytes, and whether the entry holds p.
func (m *Memo) entry(p []byte, lo uint64) (*memoEntry, uint64, bool) {
	var hi uint64
	if len(p) > 8 {
		hi = table.Load64(p[8:])
	}
	h := (lo ^ hi*0x9E3779B97F4A7C15 ^ uint64(len(p))) * 0xBF58476D1CE4E5B9
	en := &m.entries[h>>m.shift]
	return en, hi, en.lo == lo && en.hi == hi && en.size == uint32(len(p))
}

// Count returns count(p) for p of 1 to MemoMax bytes, remembered: count
// must give the same answer for the same bytes whenever it is asked.
func (m *Memo) Count(p []byte, count func([]byte) int) int {
	lo := table.Load64(p)
	en, hi, ok := m.entry(p, lo)
	if ok {
		return int(en.n)
	}
	n := count(p)
	*en = memoEntry{lo, hi, uint32(len(p)), uint32(n)}
	m.missed()
	return n
}

// merge returns e.merge(p) for p, at most memoMax bytes and not a token,
// whose first bytes table.Load64 reads as lo.
func (m *Memo) merge(e *Encoding, p []byte, lo uint64) int {
	en, hi, ok := m.entry(p, lo)
	if ok {
		return int(en.n)
	}
	n := e.merge(p)
	*en = memoEntry{lo, hi, uint32(len(p)), uint32(n)}
	m.missed()
	return n
}
