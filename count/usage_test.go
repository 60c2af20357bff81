package count

import (
	"strconv"
	"testing"

	"github.com/convkit/convkit/chat"
)

// TestCheckUsage: the request is counted as a prompt apart from its reply,
// the reply as content; a difference names both counts and, for a
// provider whose tokenizer convkit lacks, says so.
func TestCheckUsage(t *testing.T) {
	c := newTestCounter(t)
	conv := &chat.Conversation{Messages: []chat.Message{
		{Role: chat.System, Content: chat.TextContent("You are a helpful assistant.")},
		{Role: chat.User, Content: chat.TextContent("Say hello.")},
		{Role: chat.Assistant, Content: chat.TextContent("Hello! How can I help?")},
	}}
	request := &chat.Conversation{Messages: conv.Messages[:2]}
	prompt, reply := c.Conversation(request), c.Text("Hello! How can I help?")
	if prompt == c.Conversation(conv) || reply == 0 {
		t.Fatalf("prompt %d, reply %d: the reply is not left out", prompt, reply)
	}
	same := c.CheckUsage(conv, 2, chat.Usage{Provider: "openai", Input: prompt, Output: reply})
	if same.Differs() || same.String() != "" {
		t.Errorf("equal counts differ: %+v %q", same, same)
	}
	// Reasoning tokens are not in the reply's text.
	if chk := c.CheckUsage(conv, 2, chat.Usage{Provider: "responses", Input: prompt, Output: reply + 40, Reasoning: 40}); chk.Differs() {
		t.Errorf("reasoning counted as reply: %s", chk)
	}
	chk := c.CheckUsage(conv, 2, chat.Usage{Provider: "anthropic", Input: 99, Output: reply})
	want := "the response's usage says 99 prompt tokens, convkit counts " + strconv.Itoa(prompt) +
		" (gpt-4o, o200k_base): Anthropic counts with its own tokenizer, which convkit does not have"
	if !chk.Differs() || chk.String() != want {
		t.Errorf("got %q, want %q", chk, want)
	}
	// A response alone has no prompt to compare; a reply that calls tools
	// is wrapped in tokens convkit does not see.
	alone := &chat.Conversation{Messages: conv.Messages[2:]}
	if chk := c.CheckUsage(alone, 0, chat.Usage{Provider: "openai", Input: 5, Output: 1}); chk.Prompt != -1 || chk.Reply != reply {
		t.Errorf("response alone: %+v", chk)
	}
	calls := &chat.Conversation{Messages: []chat.Message{{Role: chat.Assistant, ToolCalls: []chat.ToolCall{chat.NewToolCall("c1", "f", "{}")}}}}
	if chk := c.CheckUsage(calls, 0, chat.Usage{Provider: "openai", Input: 5, Output: 17}); chk.Reply != -1 || chk.Differs() {
		t.Errorf("tool calls: %+v", chk)
	}
}
