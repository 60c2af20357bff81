package trim_test

import (
	"fmt"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/trim"
)

// Trim a conversation to the last 2 messages, counting as convkit count
// does, with a marker where the dropped ones were.
func ExampleTrim() {
	counter, err := count.New(count.Options{Model: "gpt-4o"})
	if err != nil {
		panic(err)
	}
	conv := &chat.Conversation{Messages: []chat.Message{
		{Role: chat.System, Content: chat.TextContent("You are terse.")},
		{Role: chat.User, Content: chat.TextContent("Hi!")},
		{Role: chat.Assistant, Content: chat.TextContent("Hello.")},
		{Role: chat.User, Content: chat.TextContent("Bye!")},
		{Role: chat.Assistant, Content: chat.TextContent("Bye.")},
	}}
	opts := trim.Defaults()
	opts.Last = 2
	opts.Marker = func(d trim.Dropped) (string, error) {
		return fmt.Sprintf("[%d earlier messages left out]", len(d.Messages)), nil
	}
	out, rep, err := trim.Trim(conv, trim.Count(counter), opts)
	if err != nil {
		panic(err)
	}
	for _, m := range out.Messages {
		fmt.Printf("%s: %s\n", m.Role, m.Content.Text)
	}
	fmt.Printf("dropped %d messages, %d tokens\n", rep.Dropped, rep.DroppedTokens)
	// Output:
	// system: You are terse.
	// system: [2 earlier messages left out]
	// user: Bye!
	// assistant: Bye.
	// dropped 2 messages, 12 tokens
}

// Keep a chat history under a token budget: the system prompt stays, and
// the oldest turns go first until the rest, reply priming included, fits.
func ExampleTrim_budget() {
	counter, err := count.New(count.Options{Model: "gpt-4o"})
	if err != nil {
		panic(err)
	}
	conv := &chat.Conversation{Messages: []chat.Message{
		{Role: chat.System, Content: chat.TextContent("You are a helpful travel agent.")},
		{Role: chat.User, Content: chat.TextContent("I want to visit Japan in spring.")},
		{Role: chat.Assistant, Content: chat.TextContent("Late March to early April is cherry blossom season.")},
		{Role: chat.User, Content: chat.TextContent("Which city first?")},
		{Role: chat.Assistant, Content: chat.TextContent("Start in Tokyo, then take the train to Kyoto.")},
	}}
	opts := trim.Defaults()
	opts.Budget = 50
	out, rep, err := trim.Trim(conv, trim.Count(counter), opts)
	if err != nil {
		panic(err)
	}
	for _, m := range out.Messages {
		fmt.Printf("%s: %s\n", m.Role, m.Content.Text)
	}
	fmt.Printf("%d of %d tokens, %d messages dropped\n", rep.KeptTokens, rep.Tokens, rep.Dropped)
	fmt.Println(counter.Conversation(out) <= opts.Budget)
	// Output:
	// system: You are a helpful travel agent.
	// user: Which city first?
	// assistant: Start in Tokyo, then take the train to Kyoto.
	// 37 of 63 tokens, 2 messages dropped
	// true
}
