package convert

import (
	"encoding/json"
	"errors"
	"reflect"
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
