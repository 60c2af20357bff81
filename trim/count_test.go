package trim

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
)

func realCounter(t testing.TB) *count.Counter {
	t.Helper()
	c, err := count.New(count.Options{Model: "gpt-4o"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCountArithmetic checks that trim's sum, Fixed plus every Message, is
// what convkit count says a conversation costs, tools included.
func TestCountArithmetic(t *testing.T) {
	c := realCounter(t)
	withTools := weather()
	withTools.Extra = chat.Fields{{Key: "model", Value: json.RawMessage(`"gpt-4o"`)}, {Key: "tools", Value: json.RawMessage(
		`[{"type":"function","function":{"name":"lookup","description":"Look up the weather.","parameters":{"type":"object","properties":{"q":{"type":"string","description":"A city"}}}}}]`)}}
	for _, conv := range []*chat.Conversation{weather(), withTools, generate(rand.New(rand.NewPCG(3, 4)))} {
		if got, want := cost(Count(c), conv), c.Conversation(conv); got != want {
			t.Errorf("trim counts %d, count counts %d", got, want)
		}
	}
	if Count(c).Fixed(withTools) <= Count(c).Fixed(weather()) {
		t.Error("tool definitions cost nothing")
	}
}

// TestPropertiesCount runs the property test with the real counter, whose
// counts are not monotone in the length of a text: a partial cut must still
// never go over the budget.
func TestPropertiesCount(t *testing.T) {
	c := Count(realCounter(t))
	r := rand.New(rand.NewPCG(5, 6))
	cuts := 0
	for i := range 1000 {
		in := generate(r)
		opts := randomOptions(r, cost(c, in))
		before := clone(in)
		out, rep, err := Trim(in, c, opts)
		if !reflect.DeepEqual(in, before) {
			t.Fatalf("case %d: Trim changed its input", i)
		}
		if err != nil {
			continue
		}
		if rep.Cut != nil {
			cuts++
		}
		if err := checkWith(c, in, out, rep, opts); err != nil {
			t.Fatalf("case %d: %v\noptions %+v", i, err, opts)
		}
	}
	if cuts < 30 {
		t.Errorf("only %d partial cuts: the generator does not exercise AllowPartial", cuts)
	}
}
