package hf

import (
	"encoding/binary"
	"math/bits"
	"sort"
)

// The vocabulary and the merges are open-addressing hash tables over flat
// little-endian byte slices rather than Go maps: the same bytes are what a
// compiled tokenizer stores (compiled.go), so that one read from the cache
// is used as it is, without building a map of a few hundred thousand
// entries at each start.

// vocabTable maps a token's bytes to its id.
type vocabTable struct {
	slots []byte // uint32 each: entry index + 1, 0 where empty; a power of two of them
	offs  []byte // uint32 each: entry i's bytes are blob[offs[i]:offs[i+1]]
	ids   []byte // uint32 each: entry i's id
	blob  string
}

// mergeTable maps a pair of token ids to the merge that joins them.
type mergeTable struct {
	slots []byte // 16 bytes each: the pair (uint64, ^0 where empty), rank, id
}

type merge struct{ rank, id uint32 }

const emptyPair = ^uint64(0)

func u32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[4*i:]) }

// hashString is FNV-1a: stable across runs, as a compiled table needs.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func hashPair(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	return k
}

// tableSize returns a power of two at least twice n.
func tableSize(n int) int { return 1 << bits.Len(uint(2*n+1)) }

// newVocabTable builds the table of vocab, each token keyed by key(text);
// when two tokens have the same key, the lower id wins.
func newVocabTable(vocab map[string]uint32, key func(string) string) *vocabTable {
	type entry struct {
		key string
		id  uint32
	}
	entries := make([]entry, 0, len(vocab))
	for k, id := range vocab {
		entries = append(entries, entry{key(k), id})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].id < entries[j].id })
	size := tableSize(len(entries))
	t := &vocabTable{slots: make([]byte, 4*size)}
	offs := make([]byte, 0, 4*(len(entries)+1))
	ids := make([]byte, 0, 4*len(entries))
	var blob []byte
	n := 0
	for _, e := range entries {
		if _, dup := t.lookup(e.key, offs, blob); dup {
			continue
		}
		offs = binary.LittleEndian.AppendUint32(offs, uint32(len(blob)))
		ids = binary.LittleEndian.AppendUint32(ids, e.id)
		blob = append(blob, e.key...)
		i := hashString(e.key) & uint64(size-1)
		for u32(t.slots, int(i)) != 0 {
			i = (i + 1) & uint64(size-1)
		}
		n++
		binary.LittleEndian.PutUint32(t.slots[4*i:], uint32(n))
	}
	t.offs = binary.LittleEndian.AppendUint32(offs, uint32(len(blob)))
	t.ids, t.blob = ids, string(blob)
	return t
}

// lookup finds key while the table is being built, its entries' bytes
// still in offs and blob.
func (t *vocabTable) lookup(key string, offs, blob []byte) (int, bool) {
	mask := uint64(len(t.slots)/4 - 1)
	for i := hashString(key) & mask; ; i = (i + 1) & mask {
		e := int(u32(t.slots, int(i)))
		if e == 0 {
			return 0, false
		}
		start := u32(offs, e-1)
		end := uint32(len(blob))
		if 4*e < len(offs) {
			end = u32(offs, e)
		}
		if string(blob[start:end]) == key {
			return e - 1, true
		}
	}
}

// get returns the id of the token whose bytes are key.
func (t *vocabTable) get(key string) (uint32, bool) {
	mask := uint64(len(t.slots)/4 - 1)
	for i := hashString(key) & mask; ; i = (i + 1) & mask {
		e := int(u32(t.slots, int(i)))
		if e == 0 {
			return 0, false
		}
		if t.blob[u32(t.offs, e-1):u32(t.offs, e)] == key {
			return u32(t.ids, e-1), true
		}
	}
}

func newMergeTable(n int) *mergeTable {
	t := &mergeTable{slots: make([]byte, 16*tableSize(n))}
	for i := 0; i < len(t.slots); i += 16 {
		binary.LittleEndian.PutUint64(t.slots[i:], emptyPair)
	}
	return t
}

// add records the merge of pair unless the pair has one already (the
// first, lowest-ranked, wins).
func (t *mergeTable) add(pair uint64, m merge) {
	mask := uint64(len(t.slots)/16 - 1)
	for i := hashPair(pair) & mask; ; i = (i + 1) & mask {
		switch binary.LittleEndian.Uint64(t.slots[16*i:]) {
		case pair:
			return
		case emptyPair:
			binary.LittleEndian.PutUint64(t.slots[16*i:], pair)
			binary.LittleEndian.PutUint32(t.slots[16*i+8:], m.rank)
			binary.LittleEndian.PutUint32(t.slots[16*i+12:], m.id)
			return
		}
	}
}

// get returns the merge of the pair of ids a, b.
func (t *mergeTable) get(a, b uint32) (merge, bool) {
	pair := uint64(a)<<32 | uint64(b)
	mask := uint64(len(t.slots)/16 - 1)
	for i := hashPair(pair) & mask; ; i = (i + 1) & mask {
		switch binary.LittleEndian.Uint64(t.slots[16*i:]) {
		case pair:
			return merge{binary.LittleEndian.Uint32(t.slots[16*i+8:]), binary.LittleEndian.Uint32(t.slots[16*i+12:])}, true
		case emptyPair:
			return merge{}, false
		}
	}
}

// shaped reports whether a vocabulary read from a compiled tokenizer has
// the sizes get relies on: a power of two of slots, an offset for each
// entry and one more.
func (t *vocabTable) shaped() bool {
	slots, entries := len(t.slots)/4, len(t.ids)/4
	return slots != 0 && slots&(slots-1) == 0 && len(t.slots)%4 == 0 && len(t.ids)%4 == 0 && len(t.offs) == 4*(entries+1)
}

// consistent reports whether a shaped vocabulary has the content get
// relies on: slots naming existing entries, one at least empty, offsets in
// order within the bytes. It reads every byte of the tables.
func (t *vocabTable) consistent() bool {
	slots, entries := len(t.slots)/4, len(t.ids)/4
	empty := false
	for i := 0; i < slots; i++ {
		e := int(u32(t.slots, i))
		if e > entries {
			return false
		}
		empty = empty || e == 0
	}
	if !empty {
		return false // get would never end
	}
	prev := uint32(0)
	for i := 0; i <= entries; i++ {
		o := u32(t.offs, i)
		if o < prev || int(o) > len(t.blob) {
			return false
		}
		prev = o
	}
	return true
}

// shaped reports whether merges read from a compiled tokenizer are a
// power of two of slots.
func (t *mergeTable) shaped() bool {
	slots := len(t.slots) / 16
	return slots != 0 && slots&(slots-1) == 0 && len(t.slots)%16 == 0
}

// consistent reports whether shaped merges have at least one empty slot,
// so that get ends.
func (t *mergeTable) consistent() bool {
	slots := len(t.slots) / 16
	for i := 0; i < slots; i++ {
		if binary.LittleEndian.Uint64(t.slots[16*i:]) == emptyPair {
			return true
		}
	}
	return false
}
