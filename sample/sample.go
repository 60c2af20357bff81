// Package sample picks subsets of a stream of conversations: a sample of a
// fixed size, a fraction, a train/validation split and shards.
//
// Every choice is made from a conversation's key hash (a digest of its
// normalised content, see package dedupe) mixed with a seed, never from
// its position, so that a choice is the same whichever machine or shard
// the conversation is read on, and stays the same when the dataset grows.
// Identical conversations are therefore always chosen together; dedupe
// first for a sample uniform over distinct conversations.
package sample

import (
	"container/heap"
	"math"
	"sort"
)

// Rank returns the pseudo-random rank of a conversation with key hash h
// under seed: uniform over uint64 for distinct keys.
func Rank(h, seed uint64) uint64 {
	z := h ^ (seed * 0x9e3779b97f4a7c15)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z = (z ^ (z >> 31)) * 0xd6e8feb86659fd93
	return z ^ (z >> 32)
}

// InFraction reports whether a conversation of rank r falls in the first
// fraction f of ranks: each distinct conversation with probability f.
func InFraction(r uint64, f float64) bool {
	if f >= 1 {
		return true
	}
	return float64(r) < f*math.Exp2(64)
}

// Shard returns which of n shards a conversation of key hash h goes to.
func Shard(h uint64, n int) int { return int(Rank(h, 0) % uint64(n)) }

// Reservoir keeps the n items of lowest rank seen so far: a uniform sample
// without replacement of the distinct items of a stream of any length, in
// O(n) memory. Because an item's rank depends on its content only, the
// lowest n of the union of samples are the lowest n of the union of their
// streams: merging per-shard samples is sampling them again, and gives the
// sample one run over all the data would have given.
type Reservoir[T any] struct {
	n     int
	items reservoirHeap[T]
	seq   int
}

// NewReservoir returns a Reservoir of n items.
func NewReservoir[T any](n int) *Reservoir[T] { return &Reservoir[T]{n: n} }

type entry[T any] struct {
	rank uint64
	seq  int // order of arrival, which Items restores
	item T
}

// reservoirHeap is a max-heap on rank: its top is the first to go.
type reservoirHeap[T any] []entry[T]

func (h reservoirHeap[T]) Len() int { return len(h) }
func (h reservoirHeap[T]) Less(i, j int) bool {
	if h[i].rank != h[j].rank {
		return h[i].rank > h[j].rank
	}
	return h[i].seq > h[j].seq
}
func (h reservoirHeap[T]) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *reservoirHeap[T]) Push(x any)   { *h = append(*h, x.(entry[T])) }
func (h *reservoirHeap[T]) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// Wants reports whether an item of rank r would be kept, so that a caller
// copies only the items that will be.
func (r *Reservoir[T]) Wants(rank uint64) bool {
	return r.n > 0 && (len(r.items) < r.n || rank < r.items[0].rank)
}

// Add offers item of rank rank.
func (r *Reservoir[T]) Add(rank uint64, item T) { r.Offer(rank, item) }

// Offer is Add, and returns the item that left the reservoir for it, if
// one did (gone), so that what the item holds can be let go.
func (r *Reservoir[T]) Offer(rank uint64, item T) (left T, gone bool) {
	r.seq++
	if !r.Wants(rank) {
		return left, false
	}
	heap.Push(&r.items, entry[T]{rank, r.seq, item})
	if len(r.items) > r.n {
		return heap.Pop(&r.items).(entry[T]).item, true
	}
	return left, false
}

// Items returns the items kept, in the order they were added.
func (r *Reservoir[T]) Items() []T {
	es := append([]entry[T](nil), r.items...)
	sort.Slice(es, func(i, j int) bool { return es[i].seq < es[j].seq })
	out := make([]T, len(es))
	for i, e := range es {
		out[i] = e.item
	}
	return out
}
