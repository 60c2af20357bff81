package stats

import (
	"encoding/json"
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

// TestQuantilesWithinRelativeError compares the sketch's quantiles with
// exact ones (the value at rank q·(n−1), as DDSketch ranks).
func TestQuantilesWithinRelativeError(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	s := New("m", 0)
	var values []int
	for range 10000 {
		v := 1 + int(r.ExpFloat64()*3000)
		values = append(values, v)
		s.Conversations++
		s.addTokens(v)
	}
	slices.Sort(values)
	for _, q := range []float64{0.5, 0.9, 0.99} {
		exact := float64(values[int(q*float64(len(values)-1))])
		got := float64(s.Quantile(q))
		if d := (got - exact) / exact; d > RelativeError+0.0005 || d < -RelativeError-0.0005 {
			t.Errorf("p%g: %g, exact %g: off by %.3f", q*100, got, exact, d)
		}
	}
}
