package convert

import (
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
	if len(warnings) != 1 || !strings.Contains(warnings[0], `unknown sender "narrator"`) {
		t.Errorf("warnings %q, want one about narrator", warnings)
	}
}

func FuzzShareGPT(f *testing.F) { fuzzFormat(f, "sharegpt") }
