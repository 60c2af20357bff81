package convert

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestShareGPTRead(t *testing.T) {
	convs := readSample(t, "sharegpt", "llamafactory-tools.json", DecodeOptions{})
	checkSummary(t, convs[0],
		"system: You are a helpful assistant with access to tools.",
		"user: What's the weather in Berlin right now?",
		"assistant: ",
		`→ sharegpt_call_1 get_weather({"city": "Berlin", "unit": "celsius"})`,
		`tool[sharegpt_call_1]: {"temperature": 21, "condition": "sunny"}`,
		"assistant: It is 21 °C and sunny in Berlin.",
	)
	if len(convs) != 2 {
		t.Errorf("%d conversations, want 2", len(convs))
	}
}

func TestShareGPTSenders(t *testing.T) {
	data := []byte(`{"conversations":[{"from":"user","value":"a"},{"from":"chatgpt","value":"b"},{"from":"bing","value":"c"},{"from":"tool","value":"d"},{"from":"narrator","value":"e"}]}`)
	var warnings []string
	convs, err := decodeWith(sharegptFormat, data, DecodeOptions{Warn: func(_ Pos, msg string) { warnings = append(warnings, msg) }})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0], "user: a", "assistant: b", "assistant: c", "tool: d", "narrator: e")
	want := []string{
		`/conversations/0/from: sender "user" is read as role user, which sharegpt writes as "human" (told once per kind)`,
		`/conversations/1/from: sender "chatgpt" is read as role assistant, which sharegpt writes as "gpt" (told once per kind)`,
		`/conversations/2/from: sender "bing" is read as role assistant, which sharegpt writes as "gpt" (told once per kind)`,
		`/conversations/3/from: sender "tool" is read as role tool, which sharegpt writes as "observation" (told once per kind)`,
		`/conversations/4/from: unknown sender "narrator" kept as a role`,
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}

// TestShareGPTChanges: what reading changes (a renamed sender, a leading
// system turn that is written back as the top-level "system") is told once
// per kind and input, and refused under Strict; the canonical senders and a
// system turn beside a top-level one change nothing.
func TestShareGPTChanges(t *testing.T) {
	data := []byte(`{"conversations":[{"from":"system","value":"s"},{"from":"user","value":"a"},{"from":"assistant","value":"b"},{"from":"user","value":"c"}]}
{"conversations":[{"from":"user","value":"d"},{"from":"gpt","value":"e"}]}
{"system":"s","conversations":[{"from":"system","value":"t"},{"from":"human","value":"f"},{"from":"gpt","value":"g"}]}`)
	var warnings []string
	warn := func(p Pos, msg string) { warnings = append(warnings, strconv.Itoa(p.Line)+": "+msg) }
	if _, err := decodeWith(sharegptFormat, data, DecodeOptions{Warn: warn}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`1: /conversations/0: a leading "system" turn is read as the system prompt, which sharegpt writes as the top-level "system" (told once per kind)`,
		`1: /conversations/1/from: sender "user" is read as role user, which sharegpt writes as "human" (told once per kind)`,
		`1: /conversations/2/from: sender "assistant" is read as role assistant, which sharegpt writes as "gpt" (told once per kind)`,
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	_, err := decodeWith(sharegptFormat, data, DecodeOptions{Strict: true})
	if !errors.Is(err, ErrChanged) || !strings.HasPrefix(err.Error(), `1:19: /conversations/0: a leading "system" turn`) {
		t.Errorf("under Strict: %v", err)
	}
	canonical := []byte(`{"system":"s","conversations":[{"from":"human","value":"f"},{"from":"gpt","value":"g"},{"from":"system","value":"t"}]}`)
	if _, err := decodeWith(sharegptFormat, canonical, DecodeOptions{Strict: true}); err != nil {
		t.Errorf("canonical senders refused: %v", err)
	}
}

func FuzzShareGPT(f *testing.F) { fuzzFormat(f, "sharegpt") }

// TestShareGPTKeepsJSONStrings reads ShareGPT whose "tools" and
// function_call values are compact JSON strings, and writes it back: the
// strings are as they were, where the writer's own spelling puts spaces
// after the separators and adds "arguments"; a call that changed is
// written anew.
func TestShareGPTKeepsJSONStrings(t *testing.T) {
	f := mustFormat(t, "sharegpt")
	in := `{"conversations": [{"from": "human", "value": "q"},
 {"from": "function_call", "value": "{\"name\":\"f\"}"},
 {"from": "observation", "value": "r"},
 {"from": "function_call", "value": "[{\"name\":\"g\",\"arguments\":{\"a\":1}},{\"name\":\"h\",\"arguments\":\"{}\"}]"},
 {"from": "observation", "value": "r1"}, {"from": "observation", "value": "r2"}],
 "tools": "[{\"name\":\"f\",\"description\":\"d\",\"parameters\":{\"type\":\"object\"}}]"}`
	convs := decodeAll(t, f, []byte(in))
	if out := encodeAll(t, f, convs); !jsonEqual(t, []byte(in), out) {
		t.Errorf("written back:\n%s", out)
	}
	convs[0].Messages[1].ToolCalls[0].Name = "renamed"
	out := string(encodeAll(t, f, convs))
	if !strings.Contains(out, `"{\"name\": \"renamed\", \"arguments\": {}}"`) || !strings.Contains(out, `"[{\"name\":\"g\"`) {
		t.Errorf("a renamed call:\n%s", out)
	}
}
