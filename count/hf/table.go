package hf

import (
	"encoding/binary"
	"fmt"
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
	// slots are 16 bytes each, a power of two of them: the token's first
	// 8 bytes (head), then a uint32 with its entry index + 1 (0 where
	// empty) in the low 24 bits and its length, up to 255, in the high 8,
	// then its id with selfMerged. A token of up to 8 bytes is found in
	// its slot alone.
	slots []byte
	offs  []byte // uint32 each: entry i's bytes are blob[offs[i]:offs[i+1]]
	blob  string
}

const (
	slotSize   = 16
	maxEntries = 1<<24 - 1
)

// selfMerged is set in an entry's id when merging the token's own bytes
// gives that token alone (markSelfMerged): a word that is such a token
// counts one without being merged.
const selfMerged = 1 << 31

// head returns the first 8 bytes of s as a little-endian number, zeros
// after its end.
func head(s string) uint64 {
	if len(s) >= 8 {
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	}
	var h uint64
	for i := len(s) - 1; i >= 0; i-- {
		h = h<<8 | uint64(s[i])
	}
	return h
}

// hashString mixes the 8-byte words of s: stable across runs, as a
// compiled table needs.
func hashString(s string) uint64 {
	h := (head(s) + uint64(len(s))) * 0x9E3779B97F4A7C15
	for i := 8; i < len(s); i += 8 {
		h ^= h >> 29
		h = (h ^ head(s[i:])) * 0xBF58476D1CE4E5B9
	}
	h ^= h >> 32
	h *= 0x94D049BB133111EB
	return h ^ h>>29
}

// tableSize returns a power of two at least twice n.
func tableSize(n int) int { return 1 << bits.Len(uint(2*n+1)) }

// newVocabTable builds the table of vocab, each token keyed by key(text);
// when two tokens have the same key, the lower id wins.
func newVocabTable(vocab map[string]uint32, key func(string) string) (*vocabTable, error) {
	type entry struct {
		key string
		id  uint32
	}
	entries := make([]entry, 0, len(vocab))
	for k, id := range vocab {
		entries = append(entries, entry{key(k), id})
	}
	if len(entries) > maxEntries {
		return nil, fmt.Errorf("tokenizer.json: %d tokens, more than %d", len(entries), maxEntries)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].id < entries[j].id })
	t := &vocabTable{slots: make([]byte, slotSize*tableSize(len(entries)))}
	offs := binary.LittleEndian.AppendUint32(make([]byte, 0, 4*(len(entries)+1)), 0)
	var blob []byte
	n := 0
	for _, e := range entries {
		t.offs, t.blob = offs, unsafeString(blob)
		if _, ok := t.find(e.key); ok {
			continue
		}
		blob = append(blob, e.key...)
		offs = binary.LittleEndian.AppendUint32(offs, uint32(len(blob)))
		i := t.free(e.key)
		n++
		binary.LittleEndian.PutUint64(t.slots[i:], head(e.key))
		binary.LittleEndian.PutUint32(t.slots[i+8:], uint32(n)|uint32(min(len(e.key), 255))<<24)
		binary.LittleEndian.PutUint32(t.slots[i+12:], e.id)
	}
	t.offs, t.blob = offs, string(blob)
	return t, nil
}

// free returns the offset of the slot where key goes, not in the table.
func (t *vocabTable) free(key string) int {
	mask := uint64(len(t.slots)/slotSize - 1)
	for i := hashString(key) & mask; ; i = (i + 1) & mask {
		if u32(t.slots[slotSize*i+8:], 0) == 0 {
			return int(slotSize * i)
		}
	}
}

// get returns the id of the token whose bytes are key.
func (t *vocabTable) get(key string) (uint32, bool) {
	id, ok := t.find(key)
	return id &^ selfMerged, ok
}

// find is get with the id's selfMerged bit. The entry's bytes are read
// only for a token longer than 8 bytes whose head and length match.
func (t *vocabTable) find(key string) (uint32, bool) {
	mask := uint64(len(t.slots)/slotSize - 1)
	h, size := head(key), uint32(min(len(key), 255))
	for i := hashString(key) & mask; ; i = (i + 1) & mask {
		slot := t.slots[slotSize*i : slotSize*i+slotSize]
		meta := binary.LittleEndian.Uint32(slot[8:])
		if meta == 0 {
			return 0, false
		}
		if meta>>24 != size || binary.LittleEndian.Uint64(slot) != h {
			continue
		}
		if len(key) <= 8 {
			return binary.LittleEndian.Uint32(slot[12:]), true
		}
		e := int(meta & maxEntries)
		if t.blob[u32(t.offs, e-1)+8:u32(t.offs, e)] == key[8:] {
			return binary.LittleEndian.Uint32(slot[12:]), true
		}
	}
}

// markSelfMerged sets selfMerged in the id of each token for which
// count(its bytes) is 1.
func (t *vocabTable) markSelfMerged(count func(string) int) {
	slots := []byte(string(t.slots)) // a copy: t.slots may be a read-only mapping
	for i := 0; i < len(slots); i += slotSize {
		if e := int(u32(slots[i+8:], 0) & maxEntries); e != 0 && count(t.blob[u32(t.offs, e-1):u32(t.offs, e)]) == 1 {
			binary.LittleEndian.PutUint32(slots[i+12:], u32(slots[i+12:], 0)|selfMerged)
		}
	}
	t.slots = slots
}

// mergeTable maps a pair of token ids to the merge that joins them.
type mergeTable struct {
	slots []byte // 16 bytes each: the pair (uint64, ^0 where empty), rank, id
}

type merge struct{ rank, id uint32 }

const emptyPair = ^uint64(0)

func u32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[4*i:]) }

func hashPair(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	return k
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
// the sizes get relies on: a power of two of slots, and offsets.
func (t *vocabTable) shaped() bool {
	slots := len(t.slots) / slotSize
	return slots != 0 && slots&(slots-1) == 0 && len(t.slots)%slotSize == 0 && len(t.offs) >= 4 && len(t.offs)%4 == 0
}

// consistent reports whether a shaped vocabulary has the content find
// relies on: slots naming existing entries with their length and head, one
// at least empty, offsets in order within the bytes. It reads every byte
// of the tables.
func (t *vocabTable) consistent() bool {
	entries := len(t.offs)/4 - 1
	prev := uint32(0)
	for i := 0; i <= entries; i++ {
		o := u32(t.offs, i)
		if o < prev || int(o) > len(t.blob) {
			return false
		}
		prev = o
	}
	empty := false
	for i := 0; i < len(t.slots); i += slotSize {
		meta := u32(t.slots[i+8:], 0)
		e := int(meta & maxEntries)
		if e == 0 {
			empty = true
			continue
		}
		if e > entries {
			return false
		}
		key := t.blob[u32(t.offs, e-1):u32(t.offs, e)]
		if meta>>24 != uint32(min(len(key), 255)) || binary.LittleEndian.Uint64(t.slots[i:]) != head(key) {
			return false
		}
	}
	return empty // else find would never end
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
