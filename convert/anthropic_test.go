package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestAnthropicRead(t *testing.T) {
	c := readSample(t, "anthropic", "documents-errors.json", DecodeOptions{})[0]
	checkSummary(t, c,
		"system: You review documents for a legal team.",
		"user: My Document\n\nThe grass is green. The sky is blue.\n[image: https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg]\nWhat colour is the grass and the sky? And what is in the picture?",
		"assistant: Let me look up the ant species.",
		`→ toolu_01 lookup_species({"query":"Camponotus flavomarginatus"})`,
		"→ toolu_02 lookup_colour({})",
		"tool[toolu_01]: Camponotus flavomarginatus: a carpenter ant of Mexico and the southwestern USA.",
		"tool[toolu_02]: ConnectionError: the colour service is down",
		"user: Keep it short.",
		"assistant: The grass is green and the sky is blue; the picture shows a carpenter ant.",
	)
	if got := string(c.Messages[4].Extra.Get("is_error")); got != "true" {
		t.Errorf("is_error of the failed result = %q, want true", got)
	}
}

// TestAnthropicWrite checks the API's rules: tool calls and results keep
// their ids, consecutive same-role turns are merged, system goes on top.
func TestAnthropicWrite(t *testing.T) {
	api := []byte(`[
	{"role":"system","content":"Be brief."},
	{"role":"user","content":"first"},
	{"role":"user","content":"second"},
	{"role":"assistant","content":"Looking.","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},
	{"role":"tool","tool_call_id":"c1","content":"42"},
	{"role":"user","content":"and?"}]`)
	var got any
	if err := json.Unmarshal(convertData(t, api, "api", "anthropic"), &got); err != nil {
		t.Fatal(err)
	}
	var want any
	json.Unmarshal([]byte(`{"system":"Be brief.","messages":[
	{"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":"second"}]},
	{"role":"assistant","content":[{"type":"text","text":"Looking."},{"type":"tool_use","id":"c1","name":"f","input":{"x":1}}]},
	{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"42"},{"type":"text","text":"and?"}]}]}`), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// TestStrict: a target that cannot hold something warns once per kind, or
// fails under Strict, naming what would be lost.
func TestStrict(t *testing.T) {
	convs := sharedConversations(t)
	_, warnings, err := encodeWith(sharegptFormat, convs, EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sharegpt: image_url parts written as text placeholders", "sharegpt: tool call ids dropped"}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
	_, _, err = encodeWith(sharegptFormat, convs, EncodeOptions{Strict: true})
	var le *LossError
	if !errors.As(err, &le) || le.Kind != "image_url parts written as text placeholders" {
		t.Errorf("strict: got %v, want a LossError about image_url parts", err)
	}
	if _, _, err := encodeWith(anthropicFormat, convs[:1], EncodeOptions{Strict: true}); err != nil {
		t.Errorf("strict with nothing lost: %v", err)
	}
}

func FuzzAnthropic(f *testing.F) { fuzzFormat(f, "anthropic") }

// A tool_use block's fields beside its call (cache_control, caller) are
// written back by anthropic, directly and through api, under --strict;
// the writers with no place for them write the call and warn once per
// field, which --strict refuses.
func TestAnthropicToolUseFields(t *testing.T) {
	in := []byte(`{"model":"c","max_tokens":10,"messages":[{"role":"user","content":"go"},
		{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{"a":1},"cache_control":{"type":"ephemeral"},"caller":{"type":"direct"}},
		{"type":"tool_use","id":"t2","name":"get_time","input":{},"cache_control":{"type":"ephemeral"}}]},
		{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"r"},{"type":"tool_result","tool_use_id":"t2","content":"s"}]}]}`)
	convs := decodeAll(t, anthropicFormat, in)
	for _, via := range [][]string{{"anthropic"}, {"api", "anthropic"}, {"jsonl", "anthropic"}} {
		if got := convertThrough(t, in, "anthropic", via, EncodeOptions{}); !jsonEqual(t, got, in) {
			t.Errorf("through %v:\n%s", via, got)
		}
	}
	for _, to := range []string{"gemini", "responses", "sharegpt", "chatml"} {
		out, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{})
		if err != nil {
			t.Fatal(to, err)
		}
		var got []string
		for _, w := range warnings {
			if strings.Contains(w, "Anthropic") {
				got = append(got, w)
			}
		}
		want := []string{to + `: Anthropic field "cache_control" of tool calls dropped (the calls kept)`,
			to + `: Anthropic field "caller" of tool calls dropped (the calls kept)`}
		if !slices.Equal(got, want) || !bytes.Contains(out, []byte("get_time")) {
			t.Errorf("%s: warnings %q, want %q; output\n%s", to, got, want, out)
		}
		var lost *LossError
		if _, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); !errors.As(err, &lost) {
			t.Errorf("%s --strict: %v, want a LossError", to, err)
		}
	}
}
