package count

import (
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

func newCounter(t testing.TB, opts Options) *Counter {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func msg(role, name, content string) chat.Message {
	return chat.Message{Role: chat.Role(role), Name: name, Content: chat.TextContent(content)}
}

// cookbookExample is example_messages of the OpenAI cookbook "How to count
// tokens with tiktoken", whose prompt the API counts as 129 tokens for the
// gpt-3.5-turbo/gpt-4 family and 124 for gpt-4o/gpt-4o-mini.
var cookbookExample = &chat.Conversation{Messages: []chat.Message{
	msg("system", "", "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
	msg("system", "example_user", "New synergies will help drive top-line growth."),
	msg("system", "example_assistant", "Things working well together will increase revenue."),
	msg("system", "example_user", "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."),
	msg("system", "example_assistant", "Let's talk later when we're less busy about how to do better."),
	msg("user", "", "This late pivot means we don't have time to boil the ocean for the client deliverable."),
}}

func TestCookbookExample(t *testing.T) {
	for _, tc := range []struct {
		model string
		want  int
	}{
		{"gpt-3.5-turbo", 129}, {"gpt-4", 129}, {"gpt-4-0613", 129},
		{"gpt-4o", 124}, {"gpt-4o-mini", 124}, {"gpt-4o-2024-08-06", 124},
	} {
		if got := newCounter(t, Options{Model: tc.model}).Conversation(cookbookExample); got != tc.want {
			t.Errorf("%s: %d tokens, the API says %d", tc.model, got, tc.want)
		}
	}
}

func TestNewUnknown(t *testing.T) {
	_, err := New(Options{Model: "gpt-9"})
	if err == nil || !strings.Contains(err.Error(), `unknown model "gpt-9"`) || !strings.Contains(err.Error(), "gpt-4o") {
		t.Errorf("unknown model: %v", err)
	}
	_, err = New(Options{Encoding: "o300k"})
	if err == nil || !strings.Contains(err.Error(), `unknown encoding "o300k"`) || !strings.Contains(err.Error(), "cl100k_base") {
		t.Errorf("unknown encoding: %v", err)
	}
}

// TestNullNameIsNoName: a "name": null, as an SDK's dump writes it, costs
// nothing; "name": "" is a name, and costs tokens per name.
func TestNullNameIsNoName(t *testing.T) {
	c := newCounter(t, Options{Model: "gpt-4o"})
	plain := msg("user", "", "hi")
	null, empty := plain, plain
	null.Extra = chat.Fields{{Key: "name", Value: []byte("null")}}
	empty.Extra = chat.Fields{{Key: "name", Value: []byte(`""`)}}
	if got, want := c.Message(&null), c.Message(&plain); got != want {
		t.Errorf("null name: %d tokens, without one %d", got, want)
	}
	if got, want := c.Message(&empty), c.Message(&plain)+1; got != want {
		t.Errorf("empty name: %d tokens, want %d", got, want)
	}
}
