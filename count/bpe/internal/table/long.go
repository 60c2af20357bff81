package table

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
)

// Layout of a long-piece table file (all integers little-endian), the data
// package bpe counts pieces too long to merge in memory with:
//
//	header  LongHeaderSize bytes: LongMagic, number of ranks
//	bytes   256 × uint32: rank of each one-byte token
//	splits  one byte per rank: length of the left part of the token's last
//	        merge when byte-pair merging its own bytes (0 for one byte)
//	tokens  TokenFilterBits bits: bit FilterIndex(h, TokenFilterBits) is set
//	        for the Roll hash h of every token
//	prefixes PrefixFilterBits bits: the same for every prefix of every token
//
// The filters let a scan that has the Roll hash of every substring at hand
// turn away almost all lengths that cannot be a token, or cannot begin one,
// without touching the rank table.
const (
	LongMagic        = "CKL1"
	LongHeaderSize   = 8
	TokenFilterBits  = 1 << 22
	PrefixFilterBits = 1 << 22
	// RollBase is the base of the polynomial hash Roll: odd, so that
	// multiplying by it is invertible mod 2⁶⁴.
	RollBase = 0x100000001B3
)

// Roll returns the polynomial hash of b: Σ (b[k]+1)·RollBase^(len(b)-1-k)
// mod 2⁶⁴. With R(j) the hash of s[:j], the hash of s[i:j] is
// R(j) - R(i)·RollBase^(j-i), so a scan keeps R and finds the hash of any
// recent substring in constant time.
func Roll(b []byte) uint64 {
	var h uint64
	for _, c := range b {
		h = h*RollBase + uint64(c) + 1
	}
	return h
}

// FilterIndex is the bit that a string with Roll hash h sets in a filter of
// size bits, a power of two. The polynomial hash is weak in its low bits;
// mixing spreads every bit over the top ones, which make the index.
func FilterIndex(h uint64, size int) uint64 {
	h ^= h >> 31
	h *= 0xD6E8FEB86659FD93
	h ^= h >> 32
	return h >> (64 - bits.TrailingZeros(uint(size)))
}

// BuildLong lays out the long-piece table for ranks (token bytes → rank).
// It byte-pair merges every token's own bytes as tiktoken does and refuses a
// vocabulary that breaks what package bpe's long-piece count relies on:
// every byte a token, every token merging back into itself, and every merge
// of that run ranked below the merge that follows it, so that the run's
// last merge splits the token into two earlier tokens.
func BuildLong(ranks map[string]int) ([]byte, error) {
	n := 0
	for _, r := range ranks {
		n = max(n, r+1)
	}
	// A rank may be missing: p50k_base's 50256 is <|endoftext|>, a special
	// token that is not in its rank file.
	byRank := make([]string, n)
	for t, r := range ranks {
		if r < 0 || byRank[r] != "" {
			return nil, fmt.Errorf("table: rank %d is negative or given twice", r)
		}
		byRank[r] = t
	}
	out := make([]byte, 0, LongHeaderSize+4*256+n+TokenFilterBits/8+PrefixFilterBits/8)
	out = append(out, LongMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(n))
	for b := range 256 {
		r, ok := ranks[string([]byte{byte(b)})]
		if !ok {
			return nil, fmt.Errorf("table: byte %#x is not a token", b)
		}
		out = binary.LittleEndian.AppendUint32(out, uint32(r))
	}
	for r, t := range byRank {
		if len(t) <= 1 {
			out = append(out, 0)
			continue
		}
		left, err := lastMerge(ranks, t, r)
		if err != nil {
			return nil, err
		}
		out = append(out, byte(left))
	}
	tokens := make([]byte, TokenFilterBits/8)
	prefixes := make([]byte, PrefixFilterBits/8)
	for _, t := range byRank {
		if t == "" {
			continue
		}
		i := FilterIndex(Roll([]byte(t)), TokenFilterBits)
		tokens[i/8] |= 1 << (i % 8)
		var h uint64
		for k := range len(t) {
			h = h*RollBase + uint64(t[k]) + 1
			i := FilterIndex(h, PrefixFilterBits)
			prefixes[i/8] |= 1 << (i % 8)
		}
	}
	out = append(out, tokens...)
	return append(out, prefixes...), nil
}

// lastMerge byte-pair merges t (of rank r) as tiktoken does, lowest rank
// first and leftmost among equals, and returns the length of the left part
// of its last merge, after checking that the run ends in t itself and that
// each merge ranks below the next.
func lastMerge(ranks map[string]int, t string, r int) (int, error) {
	parts := make([]string, len(t))
	for k := range len(t) {
		parts[k] = t[k : k+1]
	}
	prev, left := -1, 0
	for len(parts) > 1 {
		low, m := -1, -1
		for k := 0; k+1 < len(parts); k++ {
			if q, ok := ranks[parts[k]+parts[k+1]]; ok && (m < 0 || q < low) {
				low, m = q, k
			}
		}
		if m < 0 {
			return 0, fmt.Errorf("table: token %q (rank %d) does not merge back into itself", t, r)
		}
		if low < prev {
			return 0, fmt.Errorf("table: merging token %q (rank %d) is not in rank order", t, r)
		}
		prev, left = low, len(parts[m])
		parts[m] += parts[m+1]
		parts = slices.Delete(parts, m+1, m+2)
	}
	if prev != r {
		return 0, fmt.Errorf("table: token %q (rank %d) merges last at rank %d", t, r, prev)
	}
	return left, nil
}
