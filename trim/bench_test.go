package trim

import (
	"fmt"
	"testing"

	"github.com/convkit/convkit/chat"
)

// long builds a conversation of n messages: a system prompt, then user
// questions, tool exchanges with parallel calls and answers.
func long(n int) *chat.Conversation {
	c := conv(msg(chat.System, "You are a helpful assistant."))
	for i := 0; len(c.Messages) < n; i++ {
		c.Messages = append(c.Messages, msg(chat.User, "What is the weather like in Paris today, and should I take an umbrella?"))
		if i%3 == 0 {
			a, b := fmt.Sprintf("call_%da", i), fmt.Sprintf("call_%db", i)
			c.Messages = append(c.Messages, call(a, b), answer(b, "Rain, 15C."), answer(a, "Sunny, 20C."))
		}
		c.Messages = append(c.Messages, msg(chat.Assistant, "It will rain this afternoon: take an umbrella, and a coat."))
	}
	c.Messages = c.Messages[:n]
	return c
}

// BenchmarkTrim trims conversations ten times apart in size to half their
// tokens, with a marker and a partial cut, with the fake counter and with
// convkit count's: ns/op should grow tenfold, not a hundredfold.
func BenchmarkTrim(b *testing.B) {
	counters := []struct {
		name string
		c    Counter
	}{{"words", words{}}, {"count", Count(realCounter(b))}}
	for _, k := range counters {
		for _, n := range []int{10_000, 100_000} {
			c := long(n)
			opts := Defaults()
			opts.Budget = cost(k.c, c) / 2
			opts.AllowPartial = true
			opts.Marker = func(d Dropped) (string, error) { return fmt.Sprintf("[%d messages left out]", len(d.Messages)), nil }
			b.Run(fmt.Sprintf("counter=%s/messages=%d", k.name, n), func(b *testing.B) {
				for b.Loop() {
					if _, _, err := Trim(c, k.c, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
