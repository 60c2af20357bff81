package dedupe

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/convkit/convkit/internal/runes"
)

// NearOptions are the parameters of near-duplicate detection.
type NearOptions struct {
	// Threshold is the Jaccard similarity of two conversations' word
	// shingle sets from which the later one is a duplicate (0.9).
	Threshold float64
	// Shingle is how many consecutive words (runs of letters and digits,
	// lower-cased) make one shingle (3). A text with fewer words is one
	// shingle.
	Shingle int
	// Hashes is the MinHash signature length (128): the estimate of a
	// similarity s has a standard error of sqrt(s(1-s)/Hashes), 0.027 at
	// s = 0.9.
	Hashes int
}

// DefaultNear are the parameters convkit uses.
var DefaultNear = NearOptions{Threshold: 0.9, Shingle: 3, Hashes: 128}

// Bands returns the LSH banding for o: Hashes split into bands of rows.
// Two conversations are compared when all the rows of one band agree, which
// happens with probability 1-(1-s^rows)^bands for similarity s; Bands picks
// the most rows per band (fewest comparisons) that still finds a pair at
// the threshold with probability at least 0.99. For the defaults it is 12
// bands of 10 rows: a pair at 0.9 is compared with probability 0.994, at
// 0.8 with 0.74, at 0.5 with 0.012. Compared pairs are then kept apart
// unless their signatures agree on at least Threshold of the hashes.
func (o NearOptions) Bands() (bands, rows int) {
	bands, rows = o.Hashes, 1
	for r := 1; r <= o.Hashes; r++ {
		b := o.Hashes / r
		if Recall(o.Threshold, b, r) >= 0.99 {
			bands, rows = b, r
		}
	}
	return bands, rows
}

// Recall is the probability that LSH with bands of rows compares a pair
// of similarity s.
func Recall(s float64, bands, rows int) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(rows)), float64(bands))
}

// Near finds near-duplicate texts. It holds, for each text it keeps, its
// signature's Hashes values cut to their low 16 bits, its line, and per band
// one slot in a map from band hash to the text kept last with it plus a link
// to the one before: about 2·Hashes + 30·bands bytes (about 620 for the
// defaults), not the text. Two cut values of different hashes agree with
// probability 2⁻¹⁶, which raises an estimated similarity s by (1-s)/65536 on
// average: under a thousandth of one hash's weight (1/128).
type Near struct {
	opts  NearOptions
	bands int
	rows  int
	// signatures holds the kept signatures, cut, one after another, in
	// chunks of signaturesPerChunk, so that growing never copies them all.
	signatures [][]uint16
	lines      []int
	latest     []map[uint64]int32 // per band: band hash → the last kept text with it
	previous   [][]int32          // per band: kept text → the one before it with its band hash, or -1
	keys       []uint64
	candidates []int32
}

// signaturesPerChunk is how many signatures one chunk of Near.signatures
// holds.
const signaturesPerChunk = 1024

// NewNear returns an empty Near.
func NewNear(opts NearOptions) *Near {
	n := &Near{opts: opts}
	n.bands, n.rows = opts.Bands()
	n.latest = make([]map[uint64]int32, n.bands)
	for i := range n.latest {
		n.latest[i] = map[uint64]int32{}
	}
	n.previous = make([][]int32, n.bands)
	n.keys = make([]uint64, n.bands)
	return n
}

// Add compares text, seen at line, with the texts kept so far. When one is
// similar enough it returns that one's line and true, and forgets text;
// otherwise it keeps text's signature.
func (n *Near) Add(text string, line int) (first int, seen bool) {
	return n.AddSignature(n.Signature(text), line)
}

// Signature returns text's signature for AddSignature. Unlike Add it may
// run on several goroutines at once, so that the hashing, most of the
// work, is done on every core.
func (n *Near) Signature(text string) []uint32 {
	s := n.Signer()
	s.WriteString(text)
	return s.Signature()
}

// AddSignature is Add, given text's Signature.
func (n *Near) AddSignature(sig []uint32, line int) (first int, seen bool) {
	for b := range n.keys {
		h := fnv.New64a()
		var buf [4]byte
		for _, v := range sig[b*n.rows : (b+1)*n.rows] {
			binary.LittleEndian.PutUint32(buf[:], v)
			h.Write(buf[:])
		}
		n.keys[b] = h.Sum64()
		// The bucket's texts, compared first kept first.
		n.candidates = n.candidates[:0]
		i, ok := n.latest[b][n.keys[b]]
		for ; ok && i >= 0; i = n.previous[b][i] {
			n.candidates = append(n.candidates, i)
		}
		for c := len(n.candidates) - 1; c >= 0; c-- {
			if i := n.candidates[c]; similarity(sig, n.kept(i)) >= n.opts.Threshold {
				return n.lines[i], true
			}
		}
	}
	idx := int32(len(n.lines))
	if int(idx)%signaturesPerChunk == 0 {
		n.signatures = append(n.signatures, make([]uint16, 0, signaturesPerChunk*len(sig)))
	}
	last := len(n.signatures) - 1
	for _, v := range sig {
		n.signatures[last] = append(n.signatures[last], uint16(v))
	}
	n.lines = append(n.lines, line)
	for b, k := range n.keys {
		before, ok := n.latest[b][k]
		if !ok {
			before = -1
		}
		n.previous[b] = append(n.previous[b], before)
		n.latest[b][k] = idx
	}
	return 0, false
}

// kept returns the cut signature of the i-th kept text.
func (n *Near) kept(i int32) []uint16 {
	h := n.opts.Hashes
	at := int(i) % signaturesPerChunk * h
	return n.signatures[int(i)/signaturesPerChunk][at : at+h]
}

// A Signer makes the signature of a text written to it in parts, in
// memory that does not grow with it: the MinHash of its word shingles,
// words being runs of letters and digits, lower-cased (a text with fewer
// than Shingle words is one shingle). A shingle's hash (FNV-1a of its
// words, each followed by a zero byte) is taken as its words come, one
// for each shingle the word is in.
type Signer struct {
	opts   NearOptions
	sig    []uint32
	open   []uint64 // the hashes of the shingles begun, the oldest first
	words  int      // words ended
	inWord bool
	carry  runes.Carry
}

// FNV-1a's 64-bit constants.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Signer returns a Signer for n's signatures.
func (n *Near) Signer() *Signer {
	s := &Signer{opts: n.opts, sig: make([]uint32, n.opts.Hashes), open: make([]uint64, 0, max(1, n.opts.Shingle))}
	for i := range s.sig {
		s.sig[i] = math.MaxUint32
	}
	return s
}

// Write takes the text's next part; a character may be split between
// two parts.
func (s *Signer) Write(p []byte) (int, error) {
	s.carry.Runes(p, s.add)
	return len(p), nil
}

// WriteString is Write of a string, copied a piece at a time.
func (s *Signer) WriteString(str string) (int, error) {
	var piece [4 << 10]byte
	for rest := str; len(rest) > 0; {
		n := copy(piece[:], rest)
		s.Write(piece[:n])
		rest = rest[n:]
	}
	return len(str), nil
}

// WriteByte is Write of one byte.
func (s *Signer) WriteByte(c byte) error {
	_, err := s.Write([]byte{c})
	return err
}

// add takes the text's next character, as strings.ToLower makes it.
func (s *Signer) add(r rune) {
	r = unicode.ToLower(r)
	if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
		s.endWord()
		return
	}
	if !s.inWord {
		s.inWord = true
		s.open = append(s.open, fnvOffset)
	}
	var b [utf8.UTFMax]byte
	for _, c := range utf8.AppendRune(b[:0], r) {
		for i := range s.open {
			s.open[i] = (s.open[i] ^ uint64(c)) * fnvPrime
		}
	}
}

// endWord ends the word in progress, if any: each shingle begun takes
// its zero byte, and the oldest is whole once it has Shingle words.
func (s *Signer) endWord() {
	if !s.inWord {
		return
	}
	s.inWord = false
	s.words++
	for i := range s.open {
		s.open[i] *= fnvPrime
	}
	if len(s.open) == max(1, s.opts.Shingle) {
		s.shingle(s.open[0])
		s.open = append(s.open[:0], s.open[1:]...)
	}
}

// shingle takes a whole shingle's hash into the signature.
func (s *Signer) shingle(h uint64) {
	for i := range s.sig {
		if v := uint32(mix(h+uint64(i)*0x9e3779b97f4a7c15) >> 32); v < s.sig[i] {
			s.sig[i] = v
		}
	}
}

// Signature ends the text and returns its signature.
func (s *Signer) Signature() []uint32 {
	for range s.carry.End() { // as ranging over a string: one U+FFFD each
		s.add(utf8.RuneError)
	}
	s.endWord()
	if s.words < max(1, s.opts.Shingle) { // fewer words than a shingle's: one of them all
		h := uint64(fnvOffset)
		if len(s.open) > 0 {
			h = s.open[0]
		}
		s.shingle(h)
	}
	return s.sig
}

// mix is splitmix64's finaliser: one independent-looking hash per index.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// similarity estimates the Jaccard similarity of a signature and a kept,
// cut one.
func similarity(a []uint32, b []uint16) float64 {
	same := 0
	for i := range a {
		if uint16(a[i]) == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
