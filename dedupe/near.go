package dedupe

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
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

// Near finds near-duplicate texts. It holds, for each text it keeps, a
// signature of Hashes 32-bit values and one bucket entry per band: about
// 4·Hashes + about 24·bands bytes (about 800 for the defaults), not the text.
type Near struct {
	opts       NearOptions
	bands      int
	rows       int
	signatures [][]uint32
	lines      []int
	buckets    []map[uint64][]int32 // per band: band hash → indexes of signatures
	sig        []uint32
}

// NewNear returns an empty Near.
func NewNear(opts NearOptions) *Near {
	n := &Near{opts: opts}
	n.bands, n.rows = opts.Bands()
	n.buckets = make([]map[uint64][]int32, n.bands)
	for i := range n.buckets {
		n.buckets[i] = map[uint64][]int32{}
	}
	return n
}

// Add compares text, seen at line, with the texts kept so far. When one is
// similar enough it returns that one's line and true, and forgets text;
// otherwise it keeps text's signature.
func (n *Near) Add(text string, line int) (first int, seen bool) {
	sig := n.signature(text)
	keys := make([]uint64, n.bands)
	for b := range keys {
		h := fnv.New64a()
		var buf [4]byte
		for _, v := range sig[b*n.rows : (b+1)*n.rows] {
			binary.LittleEndian.PutUint32(buf[:], v)
			h.Write(buf[:])
		}
		keys[b] = h.Sum64()
		for _, i := range n.buckets[b][keys[b]] {
			if similarity(sig, n.signatures[i]) >= n.opts.Threshold {
				return n.lines[i], true
			}
		}
	}
	kept := append([]uint32(nil), sig...)
	idx := int32(len(n.signatures))
	n.signatures = append(n.signatures, kept)
	n.lines = append(n.lines, line)
	for b, k := range keys {
		n.buckets[b][k] = append(n.buckets[b][k], idx)
	}
	return 0, false
}

// signature is the MinHash of text's word shingles, words being runs of
// letters and digits, lower-cased; it reuses one slice.
func (n *Near) signature(text string) []uint32 {
	if n.sig == nil {
		n.sig = make([]uint32, n.opts.Hashes)
	}
	for i := range n.sig {
		n.sig[i] = math.MaxUint32
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	k := max(1, n.opts.Shingle)
	add := func(shingle []string) {
		h := fnv.New64a()
		for _, w := range shingle {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		base := h.Sum64()
		for i := range n.sig {
			if v := uint32(mix(base+uint64(i)*0x9e3779b97f4a7c15) >> 32); v < n.sig[i] {
				n.sig[i] = v
			}
		}
	}
	if len(words) <= k {
		add(words)
	}
	for i := 0; i+k <= len(words) && len(words) > k; i++ {
		add(words[i : i+k])
	}
	return n.sig
}

// mix is splitmix64's finaliser: one independent-looking hash per index.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// similarity estimates the Jaccard similarity of two signatures.
func similarity(a, b []uint32) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
