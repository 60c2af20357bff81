package count

import "github.com/convkit/convkit/internal/quantile"

// RelativeError bounds a Distribution's percentiles: each is within 1 % of
// the exact nearest-rank percentile, as stats' are.
const RelativeError = quantile.RelativeError

// Distribution gathers per-conversation totals and describes them: their
// count, sum, least and greatest exactly, their percentiles from a sketch
// (internal/quantile, which stats uses too) within RelativeError. Its
// memory grows with the logarithm of the range of the values, not with how
// many there are. The zero value is empty.
type Distribution struct {
	sketch   *quantile.Sketch
	count    int
	sum      int64
	min, max int
}

// Add records one value.
func (d *Distribution) Add(n int) {
	if d.sketch == nil {
		d.sketch = quantile.New()
	}
	if d.count == 0 || n < d.min {
		d.min = n
	}
	if d.count == 0 || n > d.max {
		d.max = n
	}
	d.count++
	d.sum += int64(n)
	d.sketch.Add(n)
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
	s.Min, s.Max = d.min, d.max
	s.P50, s.P90, s.P95 = d.sketch.Percentile(50), d.sketch.Percentile(90), d.sketch.Percentile(95)
	s.Mean = float64(d.sum) / float64(s.Count)
	return s
}
