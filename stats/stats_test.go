package stats

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/chatgen"
)

func tokens(c *chat.Conversation) int {
	n := chatgen.Lumpy{}.Fixed(c)
	for i := range c.Messages {
		n += chatgen.Lumpy{}.Message(&c.Messages[i])
	}
	return n
}

// TestMergeOfAnySplitIsTheWhole gathers stats over generated conversations
// (with repeats, so that duplicates count), cut into random shards, and
// checks that the merged reports, through JSON as stats --merge reads them,
// equal the report of one run: every field, quantiles included (a DDSketch
// merges bucket by bucket, so its quantiles do not depend on the cut).
func TestMergeOfAnySplitIsTheWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var convs []*chat.Conversation
	for range 400 {
		if len(convs) > 0 && r.IntN(10) == 0 {
			convs = append(convs, convs[r.IntN(len(convs))])
			continue
		}
		convs = append(convs, chatgen.Generate(r))
	}
	digest := func(i int) uint64 { // repeats share a digest
		for j := range convs {
			if convs[j] == convs[i] {
				return uint64(j)
			}
		}
		return 0
	}
	whole := New("m", 100)
	for i, c := range convs {
		whole.Add(c, tokens(c), digest(i))
	}
	want := figures(t, whole)
	for trial := range 20 {
		shards := make([]*Stats, 1+r.IntN(5))
		for i := range shards {
			shards[i] = New("m", 100)
		}
		for i, c := range convs {
			shards[r.IntN(len(shards))].Add(c, tokens(c), digest(i))
		}
		var merged *Stats
		for _, s := range shards {
			var back Stats
			b, _ := json.Marshal(s)
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if merged == nil {
				merged = &back
			} else if err := merged.Merge(&back); err != nil {
				t.Fatal(err)
			}
		}
		if got := figures(t, merged); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d, %d shards:\n got  %v\n want %v", trial, len(shards), got, want)
		}
	}
	if whole.Duplicates() == 0 || whole.OverWindow == 0 || whole.WithTools == 0 {
		t.Errorf("the data exercise too little: %+v", want)
	}
}

// figures is the JSON report without the sketch's encoding, which may lay
// out equal buckets differently.
func figures(t *testing.T, s *Stats) map[string]any {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	delete(m, "sketch")
	return m
}

// TestPercentilesWithinRelativeError compares the token percentiles with
// exact nearest-rank ones (count's definition), within RelativeError and no
// more: on small samples, where stats once gave the value a rank below
// (p90 34 of 31, 31, 34, 36; p99 below the max of ten), and on a large one.
func TestPercentilesWithinRelativeError(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	samples := [][]int{{31, 31, 34, 36}, {12, 20, 33, 41, 50, 58, 66, 80, 97, 107}}
	for range 50 {
		s := make([]int, 1+r.IntN(10))
		for i := range s {
			s[i] = 1 + r.IntN(400)
		}
		samples = append(samples, s)
	}
	large := make([]int, 10000)
	for i := range large {
		large[i] = 1 + int(r.ExpFloat64()*3000)
	}
	samples = append(samples, large)
	for _, values := range samples {
		s := New("m", 0)
		for _, v := range values {
			s.Conversations++
			s.addTokens(v)
		}
		sorted := slices.Sorted(slices.Values(values))
		for _, p := range []int{50, 90, 99} {
			exact := sorted[(p*len(sorted)+99)/100-1]
			got := s.Percentile(p)
			if d := math.Abs(float64(got - exact)); d > RelativeError*float64(exact) {
				t.Errorf("%d values %v…: p%d %d, exact %d", len(sorted), sorted[:min(len(sorted), 10)], p, got, exact)
			}
		}
	}
}
