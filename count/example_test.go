package count_test

import (
	"fmt"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
)

// Count a conversation read from an OpenAI messages array: each message
// with its chat overhead, then the whole, which adds the reply priming,
// against the model's context window.
func Example() {
	in := `[
  {"role": "system", "content": "You are terse."},
  {"role": "user", "content": "What is the capital of France?"},
  {"role": "assistant", "content": "Paris."}
]`
	api, err := convert.Lookup("api")
	if err != nil {
		panic(err)
	}
	conv, err := api.NewDecoder(strings.NewReader(in), convert.DecodeOptions{}).Decode()
	if err != nil {
		panic(err)
	}
	c, err := count.New(count.Options{Model: "gpt-4o"})
	if err != nil {
		panic(err)
	}
	for i := range conv.Messages {
		m := &conv.Messages[i]
		fmt.Printf("%-9s %d\n", m.Role, c.Message(m))
	}
	total := c.Conversation(conv)
	fmt.Printf("total     %d of %d\n", total, c.Model().ContextWindow)
	// Output:
	// system    8
	// user      11
	// assistant 6
	// total     28 of 128000
}

func ExampleCounter_Text() {
	c, err := count.New(count.Options{Encoding: "cl100k_base"})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Text("Hello, world!"))
	// Output: 4
}

func ExampleCounter_Conversation() {
	c, err := count.New(count.Options{Model: "gpt-4o"})
	if err != nil {
		panic(err)
	}
	conv := &chat.Conversation{Messages: []chat.Message{
		{Role: chat.System, Content: chat.TextContent("hello world")},
		{Role: chat.User, Content: chat.TextContent("Hello, world!")},
	}}
	// 3 per message + role + content, and 3 to prime the reply.
	fmt.Println(c.Conversation(conv), c.Model().ContextWindow)
	// Output: 17 128000
}

func ExampleLoadTable() {
	more, err := count.LoadTable(strings.NewReader(`
models:
  - name: my-model
    encoding: o200k_base
    context_window: 32000
    source: our deployment notes
`))
	if err != nil {
		panic(err)
	}
	c, err := count.New(count.Options{Model: "my-model-2025-01-01", Table: count.DefaultTable().Extend(more)})
	if err != nil {
		panic(err)
	}
	m := c.Model()
	fmt.Println(m.Name, m.Entry, m.Encoding, m.ContextWindow)
	// Output: my-model-2025-01-01 my-model o200k_base 32000
}
