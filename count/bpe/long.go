package bpe

import (
	"encoding/binary"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/convkit/convkit/count/bpe/internal/table"
)

// Counting a long piece in fixed memory.
//
// mergeLarge needs scratch in proportion to the piece. countLong needs a
// fixed 150 KiB or so whatever its length, by counting the byte-pair encoding of
// every prefix of the piece in turn, as GitHub's rust-gems bpe crate does
// ("So many tokens, so little time", 2024). Write BPE(s) for the tokens
// tiktoken's merging gives for s, and call two tokens a, b compatible when
// BPE(a b) is a, b: merging their joined bytes never merges across the
// place where they meet.
//
//   - A run of contiguous tokens of BPE(s) is the BPE of its own bytes:
//     merging s never crosses the run's ends, so each merge inside the run
//     is, when it is made, the lowest ranked and leftmost of the run's
//     pairs, the choice merging the run alone makes. Hence every two
//     neighbours of BPE(s) are compatible, and BPE(s) without its last
//     token t is BPE(s without t's bytes).
//   - Conversely, BPE(s) followed by a token u compatible with the last
//     token of BPE(s) is BPE(s u). This is the crate's Corollary IIIa; its
//     argument is informal, so it was also put to a search of 26 million
//     cases over random small vocabularies, half of them with merges out of
//     rank order, which found no exception, and the tests compare countLong
//     with mergeLarge on every piece of their corpora.
//
// So for each prefix p[:i], its last token is the one token t that ends
// at i and is compatible with the last token of BPE(p[:i-len(t)]) (the
// first bullet says the true last token is; the second, that no other is),
// and BPE(p[:i]) has one token more than BPE(p[:i-len(t)]). Only the last
// maxLen prefixes are ever looked back at: a ring of their last tokens and
// counts is all the state, and the order candidates are tried in matters
// only for speed.
//
// Whether a, b are compatible is decided without merging their bytes
// again. Merging a token's own bytes ends in that token and makes its
// merges in rank order (table.BuildLong checks both for every token), so
// joined, the two tokens' merges interleave by rank until a pair across
// the meeting place is the lowest ranked. Going back in time from the two
// whole tokens, undoing whichever of the two parts that meet was made last
// (splits, from the generated table), the parts that meet are each pair
// that ever meets; such a pair is merged first iff its bytes are a token
// ranked below the merge that ends its meeting. Tiktoken merges any two
// neighbours whose bytes are a token, so the pair is looked up by its
// bytes, not by the two parts as the crate does.

// longPiece is the shortest piece counted by countLong rather than by
// mergeLarge. mergeLarge is as fast or faster on pieces of up to a few
// kilobytes, slower on longer ones (its heap outgrows the cache), and its
// scratch for a piece this long is 28 times as large, 112 KiB.
const longPiece = 4 << 10

// ring is how many prefixes countLong remembers: a power of two above any
// token's length.
const ring = 256

// longTable is an encoding's view of its generated *.long.bin.
type longTable struct {
	bytes    []byte // rank of each one-byte token, uint32
	splits   []byte // by rank: length of the left part of the token's last merge
	tokens   []byte // filter of the Roll hashes of tokens
	prefixes []byte // filter of the Roll hashes of prefixes of tokens
}

// openLong lays a longTable over data without copying it, as open does.
func openLong(name, data string, maxLen int) (longTable, error) {
	b := unsafeBytes(data)
	if len(b) < table.LongHeaderSize || string(b[:4]) != table.LongMagic || maxLen >= ring {
		return longTable{}, fmt.Errorf("bpe: %s: corrupt long table", name)
	}
	n := int(binary.LittleEndian.Uint32(b[4:]))
	if len(b) != table.LongHeaderSize+4*256+n+table.TokenFilterBits/8+table.PrefixFilterBits/8 {
		return longTable{}, fmt.Errorf("bpe: %s: corrupt long table", name)
	}
	b = b[table.LongHeaderSize:]
	var t longTable
	t.bytes, b = b[:4*256], b[4*256:]
	t.splits, b = b[:n], b[n:]
	t.tokens, t.prefixes = b[:table.TokenFilterBits/8], b[table.TokenFilterBits/8:]
	return t, nil
}

func (t *longTable) byteRank(c byte) uint32 {
	return binary.LittleEndian.Uint32(t.bytes[4*int(c):])
}

// token reports whether a string with Roll hash h may be a token.
func (t *longTable) token(h uint64) bool {
	i := table.FilterIndex(h, table.TokenFilterBits)
	return t.tokens[i/8]&(1<<(i%8)) != 0
}

// prefix reports whether a string with Roll hash h may begin a token.
func (t *longTable) prefix(h uint64) bool {
	i := table.FilterIndex(h, table.PrefixFilterBits)
	return t.prefixes[i/8]&(1<<(i%8)) != 0
}

// rollPow[k] is table.RollBase to the k.
var rollPow = func() (p [ring]uint64) {
	p[0] = 1
	for k := 1; k < ring; k++ {
		p[k] = p[k-1] * table.RollBase
	}
	return p
}()

// pairBits is log2 of the number of compatibility answers countLong keeps.
// A long piece is mostly a few pairs of tokens over and over; a run of
// spaces meets each of 128 × 128 pairs.
const pairBits = 14

// longScratch is countLong's memory, pooled.
type longScratch struct {
	roll  [ring]uint64 // Roll hash of p[:j], at j%ring
	count [ring]int    // number of tokens of BPE(p[:j])
	cuts  [ring]int    // how many of them start a character (see starts.go)
	rank  [ring]uint32 // rank of the last of them
	size  [ring]uint8  // its length
	hash  uint64       // Roll hash of the prefix counted last
	bound int          // countPrefixes' d for it
	// The ranks of the strings of one byte repeated n times, for the byte
	// of the current run: hashing such a string of up to 128 bytes would
	// be most of the work of counting a long run of spaces or dashes.
	run, same int       // run counts runs; same is the current one's length
	runOf     [ring]int // the run runRank[n] was looked up in
	runRank   [ring]uint32
	// A Piece's view of the bytes written to it: window[:filled] is the
	// piece from a multiple of ring on, its prefixes up to counted counted.
	window          [16 * ring]byte
	filled, counted int
	// A cache of compatible(a, b) for the encoding enc, direct-mapped, keyed
	// by rank(a)<<32 | rank(b).
	enc     *Encoding
	pairKey [1 << pairBits]uint64
	pairOK  [1 << pairBits]bool
}

var longPool = sync.Pool{New: func() any { return new(longScratch) }}

// countLong returns the number of tokens byte-pair encoding gives for p,
// in fixed memory. It reports false if it found no token to end a prefix
// with, which the reasoning above rules out; the caller then merges p.
func (e *Encoding) countLong(p []byte) (int, bool) {
	s := e.startLong()
	defer longPool.Put(s)
	if !e.countPrefixes(s, p, 1) {
		return 0, false
	}
	return s.count[len(p)%ring], true
}

// startLong returns scratch from the pool set for counting a new piece.
func (e *Encoding) startLong() *longScratch {
	s := longPool.Get().(*longScratch)
	if s.enc != e {
		s.enc = e
		for k := range s.pairKey {
			s.pairKey[k] = ^uint64(0)
		}
	}
	s.roll[0], s.count[0], s.cuts[0], s.size[0] = 0, 0, 0, 0
	s.hash, s.bound, s.same = 0, 0, 0
	return s
}

// countPrefixes finds the last token of p[:i] for each i from from to
// len(p), given the state for p[:from-1]. p may be a window onto a longer
// piece (see Piece), i counting from the window's start: that is
// the piece's i for the ring as long as windows start at multiples of
// ring, and for the rest as long as a window that does not start the piece
// holds 2*ring bytes before from, more than the state ever looks back at.
func (e *Encoding) countPrefixes(s *longScratch, p []byte, from int) bool {
	h := s.hash
	// d bounds the length of a token ending at i: p[i-d:i] may begin a
	// token, and no longer suffix does. A token ending at i+1 begins with a
	// suffix of p[:i], so the next bound is at most d+1.
	d := s.bound
	for i := from; i <= len(p); i++ {
		if i > 1 && p[i-1] == p[i-2] {
			s.same++
		} else {
			s.run, s.same = s.run+1, 1
		}
		h = h*table.RollBase + uint64(p[i-1]) + 1
		s.roll[i%ring] = h
		d = min(d+1, e.maxLen, i)
		for d > 1 && !e.long.prefix(h-s.roll[(i-d)%ring]*rollPow[d]) {
			d--
		}
		// The order tokens are tried in only matters for speed: the first
		// that fits is the one. Most often the last token of p[:i-1] grows
		// by a byte, as inside a word or a run; else it is most often the
		// longest that ends at i.
		grow := int(s.size[(i-1)%ring]) + 1
		if grow > d || !e.endPrefix(s, p, i, grow) {
			n := d
			for ; n >= 1; n-- {
				if n != grow && e.endPrefix(s, p, i, n) {
					break
				}
			}
			if n == 0 {
				return false
			}
		}
	}
	s.hash, s.bound = h, d
	return true
}

// endPrefix reports whether p[i-n:i] is the last token of BPE(p[:i]), given
// the state for p[:i-n], and if so records the state for p[:i].
func (e *Encoding) endPrefix(s *longScratch, p []byte, i, n int) bool {
	var r uint32
	switch {
	case n == 1:
		r = e.long.byteRank(p[i-1])
	case n <= s.same:
		if s.runOf[n] != s.run {
			s.runOf[n], s.runRank[n] = s.run, e.rank(p[i-n:i])
		}
		if r = s.runRank[n]; r == noRank {
			return false
		}
	default:
		if !e.long.token(s.roll[i%ring] - s.roll[(i-n)%ring]*rollPow[n]) {
			return false
		}
		if r = e.rank(p[i-n : i]); r == noRank {
			return false
		}
	}
	j := i - n
	if j > 0 && !e.compatibleCached(s, p, j, int(s.size[j%ring]), s.rank[j%ring], n, r) {
		return false
	}
	s.count[i%ring] = s.count[j%ring] + 1
	s.cuts[i%ring] = s.cuts[j%ring]
	if utf8.RuneStart(p[j]) {
		s.cuts[i%ring]++
	}
	s.rank[i%ring], s.size[i%ring] = r, uint8(n)
	return true
}

// compatibleCached is compatible, remembering its answers in s.
func (e *Encoding) compatibleCached(s *longScratch, p []byte, m, la int, ra uint32, lb int, rb uint32) bool {
	if la == 1 && lb == 1 {
		return e.pair(p[m-1], p[m]) == noRank
	}
	key := uint64(ra)<<32 | uint64(rb)
	k := key * 0x9E3779B97F4A7C15 >> (64 - pairBits)
	if s.pairKey[k] == key {
		return s.pairOK[k]
	}
	ok := e.compatible(p, m, la, ra, lb, rb)
	s.pairKey[k], s.pairOK[k] = key, ok
	return ok
}

// compatible reports whether byte-pair merging p[m-la:m+lb] gives the two
// tokens p[m-la:m], of rank ra, and p[m:m+lb], of rank rb.
func (e *Encoding) compatible(p []byte, m, la int, ra uint32, lb int, rb uint32) bool {
	// The parts meeting at m are p[m-la:m] and p[m:m+lb]; undoing merges
	// goes back to before the later of the two was made. A pair across m
	// is merged before the merge that ends its meeting if its rank is
	// lower than limit: the rank of that merge, or one more when the
	// merge is on the right, to which the pair across m is leftmost.
	limit := noRank
	for {
		if c := e.rank(p[m-la : m+lb]); c < limit {
			return false
		}
		switch {
		case la > 1 && (lb == 1 || ra > rb):
			limit = ra
			la -= int(e.long.splits[ra])
			ra = e.rank(p[m-la : m])
		case lb > 1:
			limit = rb + 1
			lb = int(e.long.splits[rb])
			rb = e.rank(p[m : m+lb])
		default:
			return true
		}
	}
}
