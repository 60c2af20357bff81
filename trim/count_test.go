package trim

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/chatgen"
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
	for _, conv := range []*chat.Conversation{weather(), withTools, chatgen.Generate(rand.New(rand.NewPCG(3, 4)))} {
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
	starts, err := TokenStarts("o200k_base")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	cuts := 0
	for i := range 1000 {
		in := chatgen.Generate(r)
		opts := randomOptions(r, cost(c, in))
		if r.IntN(2) == 0 {
			opts.Boundaries = starts
		}
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

// TestTokenBoundaryCut checks that with TokenStarts a partial cut starts
// where a token of the whole text starts, and uses the budget to the token.
func TestTokenBoundaryCut(t *testing.T) {
	c := Count(realCounter(t))
	starts, err := TokenStarts("o200k_base")
	if err != nil {
		t.Fatal(err)
	}
	story := "Once upon a time, in a land of rivers and hills, a fox named Émile ran through the woods every morning, " +
		"greeting the owls, the deer and the old tortoise who lived by the bridge. 東京の夜は長い。 The end."
	in := conv(msg(chat.System, "You tell stories."), msg(chat.User, story), msg(chat.Assistant, "Shall I go on?"))
	whole := cost(c, in)
	offsets := map[int]bool{}
	for _, o := range starts(story) {
		offsets[o] = true
	}
	full := 0
	for budget := whole - c.Message(&in.Messages[1]) + 5; budget < whole; budget++ {
		opts := Defaults()
		opts.Budget, opts.AllowPartial, opts.Boundaries = budget, true, starts
		out, rep, err := Trim(in, c, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := cost(c, out); got > budget {
			t.Fatalf("budget %d: costs %d", budget, got)
		}
		if rep.Cut == nil {
			t.Fatalf("budget %d: no cut", budget)
		}
		kept := out.Messages[1].Content.Text
		if !offsets[len(story)-len(kept)] || !strings.HasSuffix(story, kept) {
			t.Errorf("budget %d: cut %q does not start on a token boundary", budget, kept)
		}
		if rep.KeptTokens == budget {
			full++
		}
	}
	if full == 0 {
		t.Error("no cut used the budget to the token")
	}
}
