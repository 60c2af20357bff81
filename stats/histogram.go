package stats

import (
	"fmt"
	"io"
	"math/bits"
	"strings"

	"github.com/convkit/convkit/internal/numfmt"
)

// The token histogram counts conversations in ranges that double: 0
// tokens, 1, 2–3, 4–7, … 2^(k-1) to 2^k-1. Its counts are exact and add up
// when reports merge.
const histogramBuckets = 64

// bucket is the range n falls in.
func bucket(n int) int {
	if n <= 0 {
		return 0
	}
	return bits.Len(uint(n))
}

// bucketRange is the least and the greatest count of range k.
func bucketRange(k int) (from, to int) {
	if k == 0 {
		return 0, 0
	}
	return 1 << (k - 1), 1<<k - 1
}

// histogramEntry is a range of the histogram as --json writes it.
type histogramEntry struct {
	From  int `json:"from"`
	To    int `json:"to"`
	Count int `json:"conversations"`
}

// histogramReport is the histogram's ranges from the first that holds a
// conversation to the last, empty ones between included.
func (s *Stats) histogramReport() []histogramEntry {
	first, last := -1, -1
	for k, n := range s.hist {
		if n > 0 {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	out := []histogramEntry{}
	for k := first; k >= 0 && k <= last; k++ {
		from, to := bucketRange(k)
		out = append(out, histogramEntry{from, to, s.hist[k]})
	}
	return out
}

// readHistogram takes back what histogramReport gave.
func (s *Stats) readHistogram(entries []histogramEntry) error {
	for _, e := range entries {
		k := bucket(e.From)
		if from, to := bucketRange(k); from != e.From || to != e.To || e.Count < 0 {
			return fmt.Errorf("histogram: %d to %d is not one of its ranges", e.From, e.To)
		}
		s.hist[k] += e.Count
	}
	return nil
}

// eighths draw a bar to an eighth of a character.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// WriteHistogram draws the token histogram as a bar chart of at most
// width characters a bar, a line per range.
func (s *Stats) WriteHistogram(w io.Writer, width int) error {
	entries := s.histogramReport()
	if len(entries) == 0 {
		return nil
	}
	most := 0
	for _, e := range entries {
		most = max(most, e.Count)
	}
	labels := make([]string, len(entries))
	labelW, countW := 0, 0
	for i, e := range entries {
		labels[i] = numfmt.Thousands(int64(e.From))
		if e.To != e.From {
			labels[i] += "–" + numfmt.Thousands(int64(e.To))
		}
		labelW = max(labelW, len([]rune(labels[i])))
		countW = max(countW, len(numfmt.Thousands(int64(e.Count))))
	}
	var b strings.Builder
	b.WriteString("tokens per conversation, conversations in each range:\n")
	for i, e := range entries {
		units := (e.Count*width*8 + most/2) / most
		if e.Count > 0 {
			units = max(units, 1)
		}
		line := fmt.Sprintf("  %*s%s  %*s %s%s", labelW-len([]rune(labels[i])), "", labels[i], countW, numfmt.Thousands(int64(e.Count)),
			strings.Repeat("█", units/8), eighths[units%8])
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
