package stats

import (
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

func TestHistogramRanges(t *testing.T) {
	s := New("m", 0)
	conv := &chat.Conversation{}
	for _, n := range []int{0, 1, 2, 3, 4, 7, 8, 1000, 1023, 1024} {
		s.Add(conv, n, uint64(n))
	}
	var b strings.Builder
	if err := s.WriteHistogram(&b, 8); err != nil {
		t.Fatal(err)
	}
	want := `tokens per conversation, conversations in each range:
            0  1 ████
            1  1 ████
          2–3  2 ████████
          4–7  2 ████████
         8–15  1 ████
        16–31  0
        32–63  0
       64–127  0
      128–255  0
      256–511  0
    512–1,023  2 ████████
  1,024–2,047  1 ████
`
	if got := b.String(); got != want {
		t.Errorf("drew\n%s", got)
	}
}
