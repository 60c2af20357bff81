// Package table defines the binary rank tables and Unicode class tables that
// package bpe embeds, and builds them. The builder runs at go generate time
// and in tests; package bpe uses only the layout constants and the hash, so
// the rank files themselves are never linked into a program.
package table

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"unicode"
)

// Layout of a rank table file (all integers little-endian):
//
//	header  HeaderSize bytes: Magic, slot-count bits, tail-blob length, longest token length
//	pairs   65536 × uint32: rank of every two-byte string, NoRank if none
//	filter  FilterBits bits: bit FilterBit(hash) is set for every token
//	slots   1<<bits × 16 bytes: open-addressing hash table, linear probing
//	tails   bytes 8 and beyond of every token longer than 8 bytes
//
// A slot holds the token's first 8 bytes zero-padded (key), then
// rank | len<<32 | tailOffset<<40 (meta). len 0 marks an empty slot.
const (
	Magic      = "CKB1"
	HeaderSize = 16
	PairsSize  = 65536 * 4
	FilterBits = 1 << 21
	FilterSize = FilterBits / 8
	SlotSize   = 16
	NoRank     = ^uint32(0)
)

// Load64 returns up to the first 8 bytes of b as a little-endian integer,
// zero-padded. The overlapping loads avoid a per-byte loop.
func Load64(b []byte) uint64 {
	n := len(b)
	switch {
	case n >= 8:
		return binary.LittleEndian.Uint64(b)
	case n >= 4:
		lo := uint64(binary.LittleEndian.Uint32(b))
		hi := uint64(binary.LittleEndian.Uint32(b[n-4:]))
		return lo | hi<<(8*(n-4))
	case n >= 2:
		lo := uint64(binary.LittleEndian.Uint16(b))
		hi := uint64(binary.LittleEndian.Uint16(b[n-2:]))
		return lo | hi<<(8*(n-2))
	case n == 1:
		return uint64(b[0])
	}
	return 0
}

// Hash hashes b, whose first 8 bytes are key (as returned by Load64).
// It is fixed, not seeded, because the tables are laid out at generate time.
func Hash(key uint64, b []byte) uint64 {
	h := (key + uint64(len(b))) * 0x9E3779B97F4A7C15
	for i := 8; i < len(b); i += 8 {
		h ^= h >> 29
		h = (h ^ Load64(b[i:])) * 0xBF58476D1CE4E5B9
	}
	h ^= h >> 32
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	return h
}

// FilterBit is the bit of the filter a string with hash h sets. The filter
// is small enough to stay in cache and rejects most strings that are not
// tokens, which are most of the strings merging asks about, without touching
// the large slot array. It uses hash bits the slot index does not.
func FilterBit(h uint64) uint64 { return h >> (64 - 21) }

// Build lays out the rank table for ranks (token bytes → rank) with 1<<bits
// slots.
func Build(ranks map[string]int, bits uint) ([]byte, error) {
	if len(ranks)*5 > 4<<bits {
		return nil, fmt.Errorf("table: %d tokens do not fit %d slots at load ≤ 0.8", len(ranks), 1<<bits)
	}
	toks := make([]string, 0, len(ranks))
	for t := range ranks {
		if t == "" || len(t) > 255 {
			return nil, fmt.Errorf("table: token of length %d", len(t))
		}
		if ranks[t] < 0 || ranks[t] >= int(NoRank) {
			return nil, fmt.Errorf("table: rank %d out of range", ranks[t])
		}
		toks = append(toks, t)
	}
	// Insert in rank order so the layout does not depend on map iteration.
	sort.Slice(toks, func(i, j int) bool { return ranks[toks[i]] < ranks[toks[j]] })

	pairs := make([]byte, PairsSize)
	for i := range 65536 {
		binary.LittleEndian.PutUint32(pairs[4*i:], NoRank)
	}
	filter := make([]byte, FilterSize)
	slots := make([]byte, SlotSize<<bits)
	var tails []byte
	maxLen := 0
	mask := uint64(1)<<bits - 1
	for _, t := range toks {
		b := []byte(t)
		r := uint32(ranks[t])
		if len(b) == 2 {
			binary.LittleEndian.PutUint32(pairs[4*(int(b[0])|int(b[1])<<8):], r)
		}
		maxLen = max(maxLen, len(b))
		meta := uint64(r) | uint64(len(b))<<32
		if len(b) > 8 {
			if len(tails) >= 1<<24 {
				return nil, errors.New("table: tails exceed 16 MiB")
			}
			meta |= uint64(len(tails)) << 40
			tails = append(tails, b[8:]...)
		}
		key := Load64(b)
		h := Hash(key, b)
		filter[FilterBit(h)/8] |= 1 << (FilterBit(h) % 8)
		i := h & mask
		for binary.LittleEndian.Uint64(slots[i*SlotSize+8:]) != 0 {
			i = (i + 1) & mask
		}
		binary.LittleEndian.PutUint64(slots[i*SlotSize:], key)
		binary.LittleEndian.PutUint64(slots[i*SlotSize+8:], meta)
	}
	out := make([]byte, 0, HeaderSize+len(pairs)+len(filter)+len(slots)+len(tails))
	out = append(out, Magic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(bits))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(tails)))
	out = binary.LittleEndian.AppendUint32(out, uint32(maxLen))
	out = append(out, pairs...)
	out = append(out, filter...)
	out = append(out, slots...)
	return append(out, tails...), nil
}

// Bits returns the slot-count exponent used for a table of n tokens: the
// smallest power of two keeping the load factor at most 0.8. The filter
// turns most misses away before they probe, so the slots can be dense, which
// halves the memory look-ups touch.
func Bits(n int) uint {
	return uint(bits.Len(uint(n*5/4 - 1)))
}

// Character classes, one bit each, as the pre-tokenizer patterns use them.
const (
	L     = 1 << iota // \p{L}
	N                 // \p{N}
	Upper             // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	Lower             // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
	Space             // \s: Unicode White_Space
	CRLF              // \r or \n
)

// BlockBits is log2 of the number of runes in one block of the class table.
const BlockBits = 7

// Classes builds the class table from the unicode package: a uint16 block
// index per 1<<BlockBits runes up to unicode.MaxRune (little-endian), then the
// distinct blocks of one class byte per rune.
func Classes() []byte {
	const bsize = 1 << BlockBits
	nblocks := (unicode.MaxRune + 1) / bsize
	index := make([]byte, 0, 2*nblocks)
	var blocks []byte
	seen := map[string]int{}
	for b := range nblocks {
		blk := make([]byte, bsize)
		for k := range bsize {
			blk[k] = Class(rune(int(b)*bsize + k))
		}
		id, ok := seen[string(blk)]
		if !ok {
			id = len(seen)
			seen[string(blk)] = id
			blocks = append(blocks, blk...)
		}
		index = binary.LittleEndian.AppendUint16(index, uint16(id))
	}
	return append(index, blocks...)
}

// Class returns the class bits of r.
func Class(r rune) byte {
	var c byte
	if unicode.IsLetter(r) {
		c |= L
	}
	if unicode.IsNumber(r) {
		c |= N
	}
	m := unicode.IsMark(r)
	lm := unicode.Is(unicode.Lm, r) || unicode.Is(unicode.Lo, r)
	if m || lm || unicode.Is(unicode.Lu, r) || unicode.Is(unicode.Lt, r) {
		c |= Upper
	}
	if m || lm || unicode.Is(unicode.Ll, r) {
		c |= Lower
	}
	if unicode.Is(unicode.White_Space, r) {
		c |= Space
	}
	if r == '\r' || r == '\n' {
		c |= CRLF
	}
	return c
}
