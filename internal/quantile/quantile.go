// Package quantile gives nearest-rank percentiles of non-negative integers
// (token counts) from a DDSketch (github.com/DataDog/sketches-go), in memory
// that grows with the logarithm of their range, not with how many there
// are. count and stats both use it, so that they agree.
package quantile

import (
	"errors"
	"fmt"
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/store"
)

// RelativeError bounds every percentile a Sketch gives: it is within 1 % of
// the exact nearest-rank percentile.
const RelativeError = 0.01

// The sketch is kept at half the stated error so that the answer, rounded
// to an integer, still keeps it: below 100 the sketch is off by less than
// half a unit and rounds to the exact value; from 100 the half unit
// rounding adds is at most another 0.5 %.
const sketchError = RelativeError / 2

// Sketch gathers values and gives their percentiles. The zero value is not
// ready; use New.
type Sketch struct {
	sk *ddsketch.DDSketchWithExactSummaryStatistics
}

// New returns an empty Sketch.
func New() *Sketch {
	sk, err := ddsketch.NewDefaultDDSketchWithExactSummaryStatistics(sketchError)
	if err != nil {
		panic(err) // only for an accuracy out of (0, 1)
	}
	return &Sketch{sk}
}

// Add records v (a negative v as 0).
func (s *Sketch) Add(v int) {
	s.sk.Add(float64(max(v, 0)))
}

// Count returns how many values were added.
func (s *Sketch) Count() int { return int(s.sk.GetCount()) }

// Percentile returns the nearest-rank percentile p (50 for the median):
// the smallest value that at least p % of the values do not exceed, within
// RelativeError, and never beyond the least or greatest value. 0 for no
// values.
func (s *Sketch) Percentile(p int) int {
	n := s.Count()
	if n == 0 {
		return 0
	}
	k := max(0, (p*n+99)/100-1) // ⌈p·n/100⌉, counted from 0
	lo, _ := s.sk.GetMinValue()
	hi, _ := s.sk.GetMaxValue()
	v := 0.0
	if zeros := int(s.sk.GetZeroCount()); k >= zeros {
		// KeyAtRank(r) is the bucket where the count first exceeds r.
		v = s.sk.IndexMapping.Value(s.sk.GetPositiveValueStore().KeyAtRank(float64(k - zeros)))
	}
	return int(math.Round(min(max(v, lo), hi)))
}

// Merge adds o's values to s.
func (s *Sketch) Merge(o *Sketch) error { return s.sk.MergeWith(o.sk) }

// MarshalBinary encodes the sketch, its least and greatest value included.
func (s *Sketch) MarshalBinary() ([]byte, error) {
	var b []byte
	s.sk.Encode(&b, false)
	return b, nil
}

// UnmarshalBinary reads what MarshalBinary wrote, and refuses a sketch of
// another accuracy (an earlier convkit's was coarser) or without its least
// and greatest value, which would not merge right.
func (s *Sketch) UnmarshalBinary(b []byte) error {
	sk, err := ddsketch.DecodeDDSketchWithExactSummaryStatistics(b, store.DefaultProvider, nil)
	if err == nil && !sk.IndexMapping.Equals(New().sk.IndexMapping) {
		err = errors.New("another accuracy")
	}
	if err != nil {
		return fmt.Errorf("not a sketch of this convkit (%v)", err)
	}
	s.sk = sk
	return nil
}
