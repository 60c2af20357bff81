package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestLegacyFunctionsBecomeTools checks that a request with legacy
// "functions" and function_call turns, written to a format that makes
// those turns tool calls, carries the definitions as its tools (Anthropic
// refuses a tool_use block with no tool defined), and that the api writer
// keeps "functions" as they were.
func TestLegacyFunctionsBecomeTools(t *testing.T) {
	in := []byte(`{"model":"gpt-3.5-turbo","messages":[{"role":"user","content":"w?"},
		{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":"{}"}},
		{"role":"function","name":"get_weather","content":"15"}],
		"functions":[{"name":"get_weather","description":"Weather now","parameters":{"type":"object"}}]}`)
	for target, find := range map[string]string{
		"anthropic": `.tools[0]`,
		"responses": `.tools[0]`,
		"gemini":    `.tools[0].functionDeclarations[0]`,
	} {
		var out map[string]any
		if err := json.Unmarshal(convertData(t, in, "api", target), &out); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if _, ok := out["functions"]; ok {
			t.Errorf("%s: functions left beside the tools", target)
		}
		tools, _ := out["tools"].([]any)
		if len(tools) != 1 {
			t.Fatalf("%s: tools = %v, want the one function (%s)", target, out["tools"], find)
		}
		def, _ := tools[0].(map[string]any)
		if target == "gemini" {
			decls, _ := def["functionDeclarations"].([]any)
			if len(decls) != 1 {
				t.Fatalf("gemini: tools = %v", tools)
			}
			def, _ = decls[0].(map[string]any)
		}
		if def["name"] != "get_weather" || def["description"] != "Weather now" {
			t.Errorf("%s: %s = %v, want get_weather with its description", target, find, def)
		}
	}
	if out := convertData(t, in, "api", "api"); !strings.Contains(string(out), `"functions"`) || strings.Contains(string(out), `"tools"`) {
		t.Errorf("api: %s, want functions kept as they were", out)
	}
}

// mixedTools are request bodies whose tools mix a function, get_weather,
// with the provider's own tools, whose kinds are listed.
var mixedTools = map[string]struct {
	body  string
	kinds []string
}{
	"anthropic": {`{"model":"claude-sonnet-4-5","max_tokens":100,"tools":[
		{"type":"web_search_20250305","name":"web_search","max_uses":3},
		{"name":"get_weather","description":"Weather in a city","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}},
		{"type":"code_execution_20250825","name":"code_execution"},{"type":"bash_20250124","name":"bash"},
		{"type":"text_editor_20250728","name":"str_replace_based_edit_tool"}],
		"messages":[{"role":"user","content":"hi"}]}`,
		[]string{"web_search_20250305", "code_execution_20250825", "bash_20250124", "text_editor_20250728"}},
	"gemini": {`{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[{"googleSearch":{}},
		{"functionDeclarations":[{"name":"get_weather","description":"Weather in a city","parameters":{"type":"object"}}]},
		{"codeExecution":{}},{"urlContext":{}}]}`,
		[]string{"googleSearch", "codeExecution", "urlContext"}},
	"responses": {`{"model":"gpt-5","instructions":"Be brief.","input":[{"role":"user","content":"hi"}],"tools":[{"type":"web_search"},
		{"type":"function","name":"get_weather","description":"Weather in a city","parameters":{"type":"object"}},
		{"type":"file_search","vector_store_ids":["vs_1"]},{"type":"code_interpreter","container":{"type":"auto"}},
		{"type":"mcp","server_label":"docs","server_url":"https://mcp.example.com"}]}`,
		[]string{"web_search", "file_search", "code_interpreter", "mcp"}},
}

// A provider's own tools are kept in its format: a body written back,
// directly or through api --keep-vendor, is the one read, under --strict.
func TestServerToolsRoundTrip(t *testing.T) {
	for from, in := range mixedTools {
		for _, via := range [][]string{{from}, {"api", from}, {"jsonl", from}} {
			if got := convertThrough(t, []byte(in.body), from, via, EncodeOptions{KeepVendor: true}); !jsonEqual(t, got, []byte(in.body)) {
				t.Errorf("%s through %v:\n%s\nwant\n%s", from, via, got, in.body)
			}
		}
	}
}

// Written for another provider, the functions are converted, in a body its
// schema accepts, and the provider's own tools dropped with a warning once
// per kind, which --strict refuses; so are the Anthropic fields of a
// function, which api keeps.
func TestServerToolsDropped(t *testing.T) {
	for from, in := range mixedTools {
		convs := decodeAll(t, mustFormat(t, from), []byte(in.body))
		convs = append(convs, convs[0]) // each warning once, for two bodies
		for _, to := range []string{"api", "anthropic", "gemini", "responses", "sharegpt"} {
			if to == from {
				continue
			}
			_, warnings, err := encodeWith(mustFormat(t, to), convs, requestOptions(to))
			if err != nil {
				t.Fatal(from, to, err)
			}
			var want []string
			for _, k := range in.kinds {
				want = append(want, fmt.Sprintf("%s: server tools %s dropped: %s has no such tool", to, k, to))
			}
			if from == "anthropic" && to != "api" {
				want = append(want, to+`: Anthropic field "cache_control" of tool definitions dropped`)
			}
			var got []string
			for _, w := range warnings {
				if strings.Contains(w, "tool") {
					got = append(got, w)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s → %s: warnings %q, want %q", from, to, got, want)
			}
			body, _, err := encodeWith(mustFormat(t, to), convs[:1], requestOptions(to))
			if err != nil {
				t.Fatal(from, to, err)
			}
			if probs := refused(t, targetValidator(t, to), body); len(probs) > 0 || !bytes.Contains(body, []byte("get_weather")) {
				t.Errorf("%s → %s: %q\n%s", from, to, probs, body)
			}
			if keeps := bytes.Contains(body, []byte(`"cache_control"`)); keeps != (from == "anthropic" && to == "api") {
				t.Errorf("%s → %s: cache_control kept %v\n%s", from, to, keeps, body)
			}
			var lost *LossError
			if _, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); !errors.As(err, &lost) || !strings.Contains(lost.Kind, "server tools") {
				t.Errorf("%s → %s --strict: %v, want the server tools refused", from, to, err)
			}
		}
	}
}

// An Anthropic body whose only tool is a server tool written as api
// has no tools, which the API refuses empty; so has the api --keep-vendor
// file that keeps it, written as api again.
func TestServerToolsAlone(t *testing.T) {
	in := []byte(`{"model":"c","max_tokens":10,"tools":[{"type":"web_search_20250305","name":"web_search"}],"messages":[{"role":"user","content":"hi"}]}`)
	kept := convertData(t, in, "anthropic", "api")
	if !bytes.Contains(kept, []byte(`"anthropic"`)) {
		t.Errorf("api --keep-vendor: %s, want the tool kept", kept)
	}
	for from, data := range map[string][]byte{"anthropic": in, "api": kept} {
		out, warnings, err := encodeWith(apiFormat, decodeAll(t, mustFormat(t, from), data), EncodeOptions{})
		if err != nil || bytes.Contains(out, []byte(`"tools"`)) || !slices.Equal(warnings, []string{"api: server tools web_search_20250305 dropped: api has no such tool"}) {
			t.Errorf("%s to api: %v, warnings %q\n%s", from, err, warnings, out)
		}
	}
}

// A body whose only Anthropic sign is its tools' input_schema is read as
// Anthropic's, so that its tools are converted.
func TestDetectAnthropicTools(t *testing.T) {
	in := "{\n\"model\":\"c\",\"max_tokens\":100,\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"},{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n"
	if f, err := Detect([]byte(in), ""); err != nil || f != anthropicFormat {
		t.Errorf("Detect = %v, %v; want anthropic", f, err)
	}
}
