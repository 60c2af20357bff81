package convert

import (
	"encoding/json"
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
