package convert

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestCustomToolsBetweenOpenAIAPIs: an OpenAI custom tool (free-text
// input, a grammar), its call and its output are the same in Chat
// Completions and Responses but for their shape: each writer gives the
// other's exactly, both ways; targets with no custom tools say so.
func TestCustomToolsBetweenOpenAIAPIs(t *testing.T) {
	responses := []byte(`{"model":"gpt-5","tools":[
		{"type":"custom","name":"code_exec","description":"Runs Python.","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}},
		{"type":"custom","name":"note","format":{"type":"text"}},
		{"type":"function","name":"get_time","parameters":{"type":"object","properties":{}}}],
	"input":[{"role":"user","content":"Print hello, then the time."},
		{"type":"custom_tool_call","call_id":"call_1","name":"code_exec","input":"print(\"hello\")"},
		{"type":"function_call","call_id":"call_2","name":"get_time","arguments":"{}"},
		{"type":"custom_tool_call_output","call_id":"call_1","output":"hello"},
		{"type":"function_call_output","call_id":"call_2","output":"12:00"},
		{"role":"assistant","content":"It printed hello at 12:00."}]}`)
	api := []byte(`{"model":"gpt-5","tools":[
		{"type":"custom","custom":{"name":"code_exec","description":"Runs Python.","format":{"type":"grammar","grammar":{"syntax":"lark","definition":"start: /.+/"}}}},
		{"type":"custom","custom":{"name":"note","format":{"type":"text"}}},
		{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}],
	"messages":[{"role":"user","content":"Print hello, then the time."},
		{"role":"assistant","content":null,"tool_calls":[
			{"id":"call_1","type":"custom","custom":{"name":"code_exec","input":"print(\"hello\")"}},
			{"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
		{"role":"tool","tool_call_id":"call_1","content":"hello"},
		{"role":"tool","tool_call_id":"call_2","content":"12:00"},
		{"role":"assistant","content":"It printed hello at 12:00."}]}`)
	convertsBothWays(t, "responses", responses, "api", api, func(to string, out []byte) {
		if probs := refused(t, targetValidator(t, to), out); len(probs) > 0 {
			t.Errorf("to %s: %q", to, probs)
		}
	})
	// An item's own id and status come back through api --keep-vendor.
	withIDs := []byte(`{"input":[{"role":"user","content":"Print hello."},
		{"type":"custom_tool_call","id":"ctc_1","call_id":"call_1","name":"code_exec","input":"print(\"hello\")","status":"completed"},
		{"type":"custom_tool_call_output","call_id":"call_1","output":"hello"}]}`)
	if out := convertThrough(t, withIDs, "responses", []string{"api", "responses"}, EncodeOptions{KeepVendor: true}); !jsonEqual(t, out, withIDs) {
		t.Errorf("responses to api to responses:\n%s\nwant\n%s", out, withIDs)
	}

	convs := decodeAll(t, responsesFormat, responses)
	for _, to := range []string{"anthropic", "gemini", "sharegpt"} {
		_, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"custom tools (free-text input) dropped", "calls of custom tools written as function calls"} {
			if !slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, want) }) {
				t.Errorf("to %s: warnings %q, want one about %q", to, warnings, want)
			}
		}
		var le *LossError
		if _, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); !errors.As(err, &le) {
			t.Errorf("to %s, strict: %v, want a LossError", to, err)
		}
	}
}
