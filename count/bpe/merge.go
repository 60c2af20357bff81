package bpe

import (
	"encoding/binary"
	"sync"

	"github.com/convkit/convkit/count/bpe/internal/table"
)

const noRank = table.NoRank

// rank returns the rank of the token b, or noRank if b is not a token.
func (e *Encoding) rank(b []byte) uint32 {
	if len(b) > e.maxLen {
		return noRank
	}
	if len(b) == 2 {
		return e.pair(b[0], b[1])
	}
	key := table.Load64(b)
	return e.find(key, table.Hash(key, b), b)
}

// find is rank for b with its key and hash already computed.
func (e *Encoding) find(key, h uint64, b []byte) uint32 {
	if f := table.FilterBit(h); e.filter[f/8]&(1<<(f%8)) == 0 {
		return noRank
	}
	for i := h & e.mask; ; i = (i + 1) & e.mask {
		slot := e.slots[i*table.SlotSize : i*table.SlotSize+table.SlotSize]
		meta := binary.LittleEndian.Uint64(slot[8:])
		n := int(meta >> 32 & 0xff)
		if n == 0 {
			return noRank
		}
		if n == len(b) && binary.LittleEndian.Uint64(slot) == key {
			if t := int(meta >> 40); n <= 8 || string(e.tails[t:t+n-8]) == string(b[8:]) {
				return uint32(meta)
			}
		}
	}
}

// pair returns the rank of the two-byte string b0 b1, or noRank.
func (e *Encoding) pair(b0, b1 byte) uint32 {
	i := 4 * (int(b0) | int(b1)<<8)
	return binary.LittleEndian.Uint32(e.pairs[i : i+4])
}

// smallPiece is the longest piece merged by rescanning all pairs after each
// merge, as tiktoken does; quadratic, but fastest while the piece fits in a
// few cache lines.
const smallPiece = 64

// countPiece returns the number of tokens byte-pair encoding gives for p;
// m remembers what merging gave for short pieces.
func (e *Encoding) countPiece(p []byte, m *Memo) int {
	if len(p) == 1 {
		return 1
	}
	if len(p) > e.maxLen {
		return e.merge(p)
	}
	key := table.Load64(p)
	h := table.Hash(key, p)
	if e.find(key, h, p) != noRank {
		return 1
	}
	if len(p) <= memoMax {
		return m.merge(e, p, key)
	}
	return e.merge(p)
}

// merge returns the number of tokens byte-pair encoding gives for p, which
// is not a token.
func (e *Encoding) merge(p []byte) int {
	if len(p) <= smallPiece {
		return e.mergeSmall(p)
	}
	if len(p) >= longPiece {
		if n, ok := e.countLong(p); ok {
			return n
		}
	}
	return e.mergeLarge(p, nil)
}

// mergeSmall merges the lowest-ranked adjacent pair of parts of p, leftmost
// first, until no pair is a token, and returns the number of parts left.
func (e *Encoding) mergeSmall(p []byte) int {
	// start[k] is where part k begins; rk[k] is the rank of part k joined
	// with part k+1.
	var start [smallPiece + 1]int
	var rk [smallPiece]uint32
	parts := len(p)
	for k := range parts + 1 {
		start[k] = k
	}
	for k := 0; k+1 < parts; k++ {
		rk[k] = e.pair(p[k], p[k+1])
	}
	for parts > 1 {
		low, m := noRank, -1
		for k, r := range rk[:parts-1] {
			if r < low {
				low, m = r, k
			}
		}
		if m < 0 {
			break
		}
		copy(start[m+1:parts], start[m+2:parts+1])
		copy(rk[m+1:parts], rk[m+2:parts])
		parts--
		if m+1 < parts {
			rk[m] = e.rank(p[start[m]:start[m+2]])
		}
		if m > 0 {
			rk[m-1] = e.rank(p[start[m-1]:start[m+1]])
		}
	}
	return parts
}

// scratch is the working memory of mergeLarge, pooled so that counting does
// not allocate in the steady state.
type scratch struct {
	next, prev []int32  // neighbouring part starts, by part start
	rank       []uint32 // rank of the part at that start joined with the next
	heap       []uint64 // rank<<32 | start, a min-heap: lowest rank, then leftmost
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// mergeLarge is mergeSmall in O(n log n) for long pieces. Parts form a
// linked list; candidate merges wait in a heap ordered as tiktoken chooses
// them, and an entry whose rank no longer matches its part is stale and
// skipped. A part's rank only changes when its bytes grow, and distinct
// tokens have distinct ranks, so a stale entry never looks current.
// Unless starts is nil, the offsets in p where the tokens start are
// appended to it.
func (e *Encoding) mergeLarge(p []byte, starts *[]int) int {
	n := len(p)
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	next, prev, rk := grow(s.next, n), grow(s.prev, n), grow(s.rank, n)
	s.next, s.prev, s.rank = next, prev, rk
	// Each merge pops one entry and pushes at most two, so the heap never
	// holds more than 2n.
	h := grow(s.heap, 2*n)[:0]
	for i := range n {
		next[i], prev[i], rk[i] = int32(i+1), int32(i-1), noRank
		if i+1 < n {
			if r := e.pair(p[i], p[i+1]); r != noRank {
				rk[i] = r
				h = append(h, uint64(r)<<32|uint64(i))
			}
		}
	}
	for i := (len(h) - 2) / 4; i >= 0; i-- {
		down(h, i)
	}
	parts := n
	for len(h) > 0 {
		top := h[0]
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
		down(h, 0)
		r, i := uint32(top>>32), int32(top)
		if rk[i] != r {
			continue
		}
		j := next[i]
		k := next[j]
		next[i] = k
		rk[j] = noRank
		parts--
		rk[i] = noRank
		if int(k) < n {
			prev[k] = i
			if r := e.rank(p[i:next[k]]); r != noRank {
				rk[i] = r
				h = up(append(h, uint64(r)<<32|uint64(i)))
			}
		}
		if q := prev[i]; q >= 0 {
			rk[q] = e.rank(p[q:k])
			if rk[q] != noRank {
				h = up(append(h, uint64(rk[q])<<32|uint64(q)))
			}
		}
	}
	if starts != nil {
		for i := 0; i < n; i = int(next[i]) {
			*starts = append(*starts, i)
		}
	}
	s.heap = h
	return parts
}

// grow returns s resized to n, reusing its memory when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// The heap is 4-ary: half the depth of a binary heap, and the four
// children share a cache line, which matters once a piece's heap outgrows
// the cache.

// down restores the heap property below h[i].
func down(h []uint64, i int) {
	for {
		c := 4*i + 1
		if c >= len(h) {
			return
		}
		m := c
		for k := c + 1; k < min(c+4, len(h)); k++ {
			if h[k] < h[m] {
				m = k
			}
		}
		if h[i] <= h[m] {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// up restores the heap property above the last element of h, and returns h.
func up(h []uint64) []uint64 {
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if h[p] <= h[i] {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

// RankHeap is mergeLarge's heap for other byte-pair mergers (package hf):
// entries rank<<32 | position, popped lowest rank first, leftmost among
// equal ranks.
type RankHeap []uint64

// Init orders h as a heap.
func (h RankHeap) Init() {
	for i := (len(h) - 2) / 4; i >= 0; i-- {
		down(h, i)
	}
}

// Push adds x to h.
func (h *RankHeap) Push(x uint64) { *h = up(append(*h, x)) }

// Pop removes and returns the least entry of h, which must not be empty.
func (h *RankHeap) Pop() uint64 {
	s := *h
	top, last := s[0], len(s)-1
	s[0] = s[last]
	s = s[:last]
	down(s, 0)
	*h = s
	return top
}
