package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/schema"
)

// targetSchemas are the JSON Schemas of the request and dataset formats
// convkit writes, each written from its provider's reference (the URL is
// in its $comment); api is convkit validate's own.
var targetSchemas = []string{"api", "anthropic", "gemini", "responses", "sharegpt"}

// invalidInputs are the test conversations that are not what any API
// takes to begin with, and why: no writer can know what they should be.
var invalidInputs = map[string]string{
	"unknown-fields": `a message of role "robot"`,
	"empty-content":  "an empty array of parts",
}

// shippedConversations are every conversation the repository ships as
// test input: the seeds and test conversations, the shared ones, each
// format's real-shaped samples and the response bodies, read in their
// own formats.
func shippedConversations(t *testing.T) map[string]*chat.Conversation {
	t.Helper()
	convs := map[string]*chat.Conversation{}
	add := func(name string, f *Format, data []byte) {
		cs, err := decodeWith(f, data, DecodeOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, c := range cs {
			convs[name+"#"+string(rune('1'+i%9))+strings.Repeat("+", i/9)] = c
		}
	}
	for _, s := range samples(t) {
		if s.name != "big-message" && invalidInputs[s.name] == "" {
			add(s.name, apiFormat, s.data)
		}
	}
	dirs := append([]string{"shared"}, newFormats...)
	for _, dir := range dirs {
		f := apiFormat
		if dir != "shared" {
			f = mustFormat(t, dir)
		}
		if !f.CanRead() {
			continue
		}
		for _, path := range formatSamples(t, dir) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			add(dir+"/"+filepath.Base(path), f, data)
		}
	}
	paths, _ := filepath.Glob("../testdata/responses/*.json*")
	for _, path := range paths {
		f, data := readDetected(t, path)
		add("responses/"+filepath.Base(path), f, data)
	}
	return convs
}

// TestTargetSchemas converts every shipped conversation to each target,
// as export -f TARGET -m MODEL --max-tokens N does, and checks the result
// against the target's schema: what a target cannot hold is dropped or
// mapped (with a warning), never written in a shape its API refuses.
func TestTargetSchemas(t *testing.T) {
	convs := shippedConversations(t)
	if len(convs) < 40 {
		t.Fatalf("only %d shipped conversations", len(convs))
	}
	for _, target := range targetSchemas {
		v := schema.New(schema.Options{})
		if target != "api" {
			src, err := os.ReadFile(filepath.Join("..", "schema", "targets", target+".schema.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(src, []byte(`"$comment": "Written from`)) || !bytes.Contains(src, []byte("https://")) {
				t.Errorf("%s.schema.json: its $comment names no source", target)
			}
			s, err := schema.Compile(target, src)
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			v = schema.New(schema.Options{Schema: s})
		}
		opts := EncodeOptions{Model: map[string]string{"api": "gpt-4o", "anthropic": "claude-sonnet-4-5", "responses": "gpt-4o"}[target]}
		if target != "sharegpt" {
			opts.MaxTokens = 1024
		}
		for name, c := range convs {
			alone := *c
			alone.Listed = false // one body, as export writes a conversation read alone
			out, _, err := encodeWith(mustFormat(t, target), []*chat.Conversation{&alone}, opts)
			if err != nil {
				t.Errorf("%s → %s: %v", name, target, err)
				continue
			}
			if probs := refused(t, v, out); len(probs) > 0 {
				t.Errorf("%s → %s: the %s schema refuses it:\n%s\n%s", name, target, target, strings.Join(probs, "\n"), out)
			}
		}
	}
}

// typicalRequest is a Chat Completions request as applications send them:
// sampling parameters, a response format, tools and a tool choice, an
// image, and a tool exchange.
const typicalRequest = `{"model": "gpt-4o", "temperature": 0.3, "top_p": 0.9, "max_completion_tokens": 800, "stop": ["END"],
 "n": 1, "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": true}},
 "reasoning_effort": "low", "tool_choice": "auto", "parallel_tool_calls": true,
 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather in a city",
   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}],
 "messages": [
  {"role": "system", "content": "You are a weather bot."},
  {"role": "user", "content": [{"type": "text", "text": "What is this city, and its weather?"},
    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
    {"type": "image_url", "image_url": {"url": "https://example.com/paris.jpg"}}]},
  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
  {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp_c\":18}"},
  {"role": "assistant", "content": "Paris, 18 °C."}]}`

// TestTargetPairs converts a typical request to each of the four API
// formats, and each of those to each of the four: every body is one its
// target's schema accepts.
func TestTargetPairs(t *testing.T) {
	apis := []string{"api", "anthropic", "gemini", "responses"}
	validators := map[string]*schema.Validator{}
	for _, name := range apis {
		validators[name] = targetValidator(t, name)
	}
	convert := func(data []byte, from, to string) []byte {
		convs, err := decodeWith(mustFormat(t, from), data, DecodeOptions{})
		if err != nil {
			t.Fatalf("reading %s: %v", from, err)
		}
		out, _, err := encodeWith(mustFormat(t, to), convs, requestOptions(to))
		if err != nil {
			t.Fatalf("%s → %s: %v", from, to, err)
		}
		return out
	}
	for _, from := range apis {
		body := convert([]byte(typicalRequest), "api", from)
		for _, to := range apis {
			out := convert(body, from, to)
			if probs := refused(t, validators[to], out); len(probs) > 0 {
				t.Errorf("%s → %s: the %s schema refuses it:\n%s\n%s", from, to, to, strings.Join(probs, "\n"), out)
			}
		}
	}
}

// targetValidator checks a body against the target's schema
// (schema/targets/), api's against convkit validate's own.
func targetValidator(t *testing.T, target string) *schema.Validator {
	t.Helper()
	if target == "api" {
		return schema.New(schema.Options{})
	}
	src, err := os.ReadFile(filepath.Join("..", "schema", "targets", target+".schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.Compile(target, src)
	if err != nil {
		t.Fatal(err)
	}
	return schema.New(schema.Options{Schema: s})
}

// requestOptions sets what a request body needs: a model, a token limit.
func requestOptions(target string) EncodeOptions {
	return EncodeOptions{Model: map[string]string{"anthropic": "claude-sonnet-4-5", "responses": "gpt-4o"}[target], MaxTokens: 800}
}

// refused returns the errors v finds in body.
func refused(t *testing.T, v *schema.Validator, body []byte) []string {
	t.Helper()
	var probs []string
	if err := v.Check(bytes.NewReader(body), false, func(p schema.Problem) {
		if !p.Warning {
			probs = append(probs, p.String())
		}
	}); err != nil {
		t.Fatal(err)
	}
	return probs
}
