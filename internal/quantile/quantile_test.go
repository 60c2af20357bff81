package quantile

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// exact is the nearest-rank percentile p of sorted values.
func exact(sorted []int, p int) int {
	k := (p*len(sorted) + 99) / 100
	return sorted[max(k, 1)-1]
}

// TestPercentileWithinRelativeError checks every percentile against the
// exact nearest-rank one, with no slack beyond RelativeError: on small
// samples (where a rank picks one of a few values, and the values below
// 100 must come out exact) and on a large one spread over five decades.
func TestPercentileWithinRelativeError(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	samples := [][]int{{31, 31, 34, 36}, {5}, {0, 0, 7}, {12, 20, 33, 41, 50, 58, 66, 80, 97, 107}}
	for range 200 {
		s := make([]int, 1+r.IntN(12))
		for i := range s {
			s[i] = r.IntN(300)
		}
		samples = append(samples, s)
	}
	large := make([]int, 20000)
	for i := range large {
		large[i] = int(math.Exp(r.Float64() * 12))
	}
	samples = append(samples, large)
	for _, values := range samples {
		sk := New()
		for _, v := range values {
			sk.Add(v)
		}
		sorted := slices.Sorted(slices.Values(values))
		for p := 1; p <= 100; p++ {
			want, got := exact(sorted, p), sk.Percentile(p)
			if diff := got - want; float64(diff) > RelativeError*float64(want) || float64(-diff) > RelativeError*float64(want) {
				t.Fatalf("%d values %v…: p%d %d, exact %d", len(values), sorted[:min(len(sorted), 12)], p, got, want)
			}
		}
	}
}

// TestEncodingKeepsPercentiles merges decoded halves and checks the
// percentiles equal the whole's.
func TestEncodingKeepsPercentiles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	whole, a, b := New(), New(), New()
	for range 1000 {
		v := r.IntN(100000)
		whole.Add(v)
		if r.IntN(2) == 0 {
			a.Add(v)
		} else {
			b.Add(v)
		}
	}
	var merged Sketch
	enc, _ := a.MarshalBinary()
	if err := merged.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	enc, _ = b.MarshalBinary()
	var back Sketch
	if err := back.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	if err := merged.Merge(&back); err != nil {
		t.Fatal(err)
	}
	for _, p := range []int{0, 1, 50, 90, 99, 100} {
		if got, want := merged.Percentile(p), whole.Percentile(p); got != want {
			t.Errorf("p%d: merged %d, whole %d", p, got, want)
		}
	}
}
