package count

import (
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
)

// RelativeError bounds a Distribution's percentiles: each is within 1 % of
// the value at its rank, as stats' quantiles are.
const RelativeError = 0.01

// Distribution gathers per-conversation totals and describes them: their
// count, sum, least and greatest exactly, their percentiles from a DDSketch
// (github.com/DataDog/sketches-go, which stats uses too) within
// RelativeError. Its memory grows with the logarithm of the range of the
// values, not with how many there are. The zero value is empty.
type Distribution struct {
	sketch   *ddsketch.DDSketch
	count    int
	sum      int64
	min, max int
}

// Add records one value.
func (d *Distribution) Add(n int) {
	if d.sketch == nil {
		sk, err := ddsketch.NewDefaultDDSketch(RelativeError)
		if err != nil {
			panic(err) // only for an accuracy out of (0, 1)
		}
		d.sketch = sk
	}
	if d.count == 0 || n < d.min {
		d.min = n
	}
	if d.count == 0 || n > d.max {
		d.max = n
	}
	d.count++
	d.sum += int64(n)
	d.sketch.Add(float64(max(n, 0)))
}

// Summary describes a Distribution. Percentiles are nearest-rank: P90 is
// the smallest value that at least 90 % of the values do not exceed,
// within RelativeError (and never beyond Min or Max).
type Summary struct {
	Count                   int
	Sum                     int64
	Min, P50, P90, P95, Max int
	Mean                    float64
}

// Summary returns the description of the values added so far.
func (d *Distribution) Summary() Summary {
	s := Summary{Count: d.count, Sum: d.sum}
	if s.Count == 0 {
		return s
	}
	rank := func(p float64) int {
		if s.Count == 1 {
			return d.min
		}
		// The sketch gives the value at rank q·(count-1), counted from 0;
		// nearest rank is ⌈p·count⌉-1. Half a rank more lands on it
		// whatever the rounding of q.
		k := max(0, int(math.Ceil(p/100*float64(s.Count)))-1)
		v, err := d.sketch.GetValueAtQuantile(min(1, (float64(k)+0.5)/float64(s.Count-1)))
		if err != nil {
			return 0
		}
		return min(max(int(math.Round(v)), d.min), d.max)
	}
	s.Min, s.Max = d.min, d.max
	s.P50, s.P90, s.P95 = rank(50), rank(90), rank(95)
	s.Mean = float64(d.sum) / float64(s.Count)
	return s
}
