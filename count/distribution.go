package count

import (
	"math"
	"slices"
)

// Distribution gathers per-conversation totals and describes them. It keeps
// one int per value, not the conversations.
type Distribution struct {
	values []int
	sum    int64
}

// Add records one value.
func (d *Distribution) Add(n int) {
	d.values = append(d.values, n)
	d.sum += int64(n)
}

// Summary describes a Distribution. Percentiles are nearest-rank: P90 is
// the smallest value that at least 90 % of the values do not exceed.
type Summary struct {
	Count                   int
	Sum                     int64
	Min, P50, P90, P95, Max int
	Mean                    float64
}

// Summary returns the description of the values added so far.
func (d *Distribution) Summary() Summary {
	s := Summary{Count: len(d.values), Sum: d.sum}
	if s.Count == 0 {
		return s
	}
	v := slices.Clone(d.values)
	slices.Sort(v)
	rank := func(p float64) int { return v[max(0, int(math.Ceil(p/100*float64(len(v))))-1)] }
	s.Min, s.Max = v[0], v[len(v)-1]
	s.P50, s.P90, s.P95 = rank(50), rank(90), rank(95)
	s.Mean = float64(d.sum) / float64(s.Count)
	return s
}

// Over returns how many values exceed limit.
func (d *Distribution) Over(limit int) int {
	n := 0
	for _, v := range d.values {
		if v > limit {
			n++
		}
	}
	return n
}
