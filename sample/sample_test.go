package sample

import (
	"math"
	"slices"
	"testing"
)

// TestReservoirIsUniform samples k of n items under many seeds and checks
// with a chi-square test that each item is chosen equally often. Each item
// is chosen with probability k/n; over S seeds its count has mean S·k/n.
// The statistic sums (observed − expected)² / expected over the n items; for
// a uniform sampler it stays near its degrees of freedom (n − 1 = 19) and is
// above 43.8 with probability 0.001 (the chi-square table). The counts of a
// sample without replacement are negatively correlated, which only makes
// the statistic smaller. The seeds are fixed, so the test is deterministic.
func TestReservoirIsUniform(t *testing.T) {
	const n, k, seeds = 20, 5, 4000
	counts := make([]int, n)
	for seed := range uint64(seeds) {
		r := NewReservoir[int](k)
		for i := range n {
			r.Add(Rank(uint64(i)*0x100000001b3+17, seed), i)
		}
		items := r.Items()
		if len(items) != k || !slices.IsSorted(items) {
			t.Fatalf("seed %d: %v, want %d items in input order", seed, items, k)
		}
		for _, i := range items {
			counts[i]++
		}
	}
	expected := float64(seeds) * k / n
	chi2 := 0.0
	for _, c := range counts {
		chi2 += (float64(c) - expected) * (float64(c) - expected) / expected
	}
	if chi2 > 43.8 {
		t.Errorf("chi-square %.1f over 19 degrees of freedom (limit 43.8): counts %v", chi2, counts)
	}
	t.Logf("chi-square %.1f (19 degrees of freedom)", chi2)
}

// TestMergedSamplesAreTheSample checks that the sample of per-shard samples
// is the sample of the whole, whatever the cut.
func TestMergedSamplesAreTheSample(t *testing.T) {
	const n, k = 200, 7
	for seed := range uint64(50) {
		whole := NewReservoir[int](k)
		for i := range n {
			whole.Add(Rank(uint64(i), seed), i)
		}
		cut := int(seed*37) % n
		merged := NewReservoir[int](k)
		for _, part := range [][2]int{{0, cut}, {cut, n}} {
			r := NewReservoir[int](k)
			for i := part[0]; i < part[1]; i++ {
				r.Add(Rank(uint64(i), seed), i)
			}
			for _, i := range r.Items() {
				merged.Add(Rank(uint64(i), seed), i)
			}
		}
		if !slices.Equal(whole.Items(), merged.Items()) {
			t.Fatalf("seed %d: whole %v, merged %v", seed, whole.Items(), merged.Items())
		}
	}
}

func TestInFraction(t *testing.T) {
	in := 0
	for i := range uint64(100000) {
		if InFraction(Rank(i, 3), 0.1) {
			in++
		}
	}
	// Binomial(100000, 0.1): standard deviation about 95.
	if math.Abs(float64(in)-10000) > 500 {
		t.Errorf("%d of 100000 in a fraction of 0.1", in)
	}
}
