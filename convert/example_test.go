package convert_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/convkit/convkit/convert"
)

// Read an OpenAI Chat Completions messages array and write it as the text
// transcript: Decode until io.EOF, Encode each conversation, then Close.
func Example() {
	in := `[
  {"role": "system", "content": "You are terse."},
  {"role": "user", "content": "What is 2+2?"},
  {"role": "assistant", "content": "4."}
]`
	api, err := convert.Lookup("api")
	if err != nil {
		panic(err)
	}
	text, err := convert.Lookup("text")
	if err != nil {
		panic(err)
	}
	dec := api.NewDecoder(strings.NewReader(in), convert.DecodeOptions{})
	enc := text.NewEncoder(os.Stdout, convert.EncodeOptions{})
	for {
		conv, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			panic(err)
		}
		if err := enc.Encode(conv); err != nil {
			panic(err)
		}
	}
	if err := enc.Close(); err != nil {
		panic(err)
	}
	// Output:
	// SYSTEM: You are terse.
	//
	// USER: What is 2+2?
	//
	// ASSISTANT: 4.
}

// Detect tells a format by a file's first bytes, with its name as a hint.
func ExampleDetect() {
	for _, in := range []struct{ name, head string }{
		{"chat.json", `[{"role": "user", "content": "Hi!"}]`},
		{"train.jsonl", `{"messages": [{"role": "user", "content": "Hi!"}]}` + "\n"},
		{"request.json", `{"model": "claude-sonnet-4-5", "system": "Be brief.", "messages": [{"role": "user", "content": "Hi!"}]}`},
		{"notes.txt", "USER: Hi!\n\nASSISTANT: Hello.\n"},
	} {
		f, err := convert.Detect([]byte(in.head), in.name)
		if err != nil {
			fmt.Println(in.name, err)
			continue
		}
		fmt.Println(in.name, f.Name)
	}
	// Output:
	// chat.json api
	// train.jsonl jsonl
	// request.json anthropic
	// notes.txt text
}
