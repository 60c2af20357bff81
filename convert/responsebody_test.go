package convert

import (
	"github.com/convkit/convkit/chat"
	"os"
	"path/filepath"
	"testing"
)

// TestResponseBodies reads each provider's response body (and logs of a
// request with its response) as the assistant turns, with the format
// Detect picks, the model the body names and the usage it reports.
func TestResponseBodies(t *testing.T) {
	for _, tc := range []struct {
		file, format, model string
		summary             []string
		usage               chat.Usage
		at                  int // the first message of the response
	}{
		{"openai-chat-completion.json", "api", `"gpt-4o-2024-08-06"`,
			[]string{"assistant: ", `→ call_DdmO9pD3xa9XTPNJ32zg2hcA get_weather({"location":"Paris, France"})`},
			usage("openai", 82, 17, 0), 0},
		{"openai-two-choices.json", "api", `"gpt-4o-mini"`,
			[]string{"assistant: Hello there, how may I assist you today?"},
			usage("openai", 9, -1, 0), 0},
		{"openai-batch-output.jsonl", "jsonl", `"gpt-3.5-turbo-0125"`,
			[]string{"assistant: Hello."}, usage("openai", 22, 2, 0), 0},
		{"openai-call-records.jsonl", "jsonl", `"gpt-4o"`,
			[]string{"system: You are a helpful assistant.", "user: Say hello.", "assistant: Hello!"},
			usage("openai", 20, 2, 0), 2},
		{"responses-response.json", "responses", `"o4-mini-2025-04-16"`,
			[]string{"assistant: [reasoning]", "assistant: ", `→ call_unLAR8MvFNptuiZK6K6HCy5k get_current_weather({"location":"Boston, MA","unit":"celsius"})`,
				"assistant: Let me check the weather in Boston."},
			usage("responses", 291, 62, 24), 0},
		{"anthropic-message.json", "anthropic", `"claude-sonnet-4-5-20250929"`,
			[]string{"assistant: [thinking]\nThe user wants the weather in San Francisco. I should call the tool.\n[/thinking]\nI'll check the current weather in San Francisco for you.",
				`→ toolu_01A09q90qw90lq917835lq9 get_weather({"location":"San Francisco, CA","unit":"celsius"})`},
			usage("anthropic", 472+1024, 89, 0), 0},
		{"anthropic-call-record.json", "anthropic", `"claude-sonnet-4-5"`,
			[]string{"system: Answer in one sentence.", "user: Why is the sky blue?",
				"assistant: Air molecules scatter short blue wavelengths of sunlight far more than red ones."},
			usage("anthropic", 21, 19, 0), 2},
		{"gemini-response.json", "gemini", `"gemini-2.0-flash"`,
			[]string{"assistant: The capital of France is Paris."}, usage("gemini", 8, -1, 0), 0},
		{"gemini-call-record.json", "gemini", `"gemini-2.5-flash"`,
			[]string{"user: Turn the lights down to a romantic level.", "assistant: ",
				`→ gemini_call_1 set_light_values({"brightness":25,"color_temp":"warm"})`},
			usage("gemini", 86, 50, 40), 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, data := readDetected(t, filepath.Join("..", "testdata", "responses", tc.file))
			if f.Name != tc.format {
				t.Errorf("detected as %s, want %s", f.Name, tc.format)
			}
			convs, err := decodeWith(f, data, DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			c := convs[0]
			checkSummary(t, c, tc.summary...)
			if got := string(c.Extra.Get("model")); got != tc.model {
				t.Errorf("model %s, want %s", got, tc.model)
			}
			u, at, ok := ResponseUsage(c)
			if !ok || u != tc.usage || at != tc.at {
				t.Errorf("usage %+v at %d (%v), want %+v at %d", u, at, ok, tc.usage, tc.at)
			}
		})
	}
}

// TestResponseErrors: a response that is not whole is a located error.
func TestResponseErrors(t *testing.T) {
	for _, tc := range []struct{ format, body, want string }{
		{"api", `{"object":"chat.completion","choices":[]}`, `1:1: expected "choices", a non-empty array, in a chat.completion response`},
		{"api", `{"choices":[{"index":0}]}`, `1:13: /choices/0: expected a choice with a "message"`},
		{"gemini", `{"candidates":[]}`, `1:1: expected "candidates", a non-empty array, in a generateContent response`},
		{"gemini", `{"request":{"contents":[]},"response":{"candidates":[7]}}`, `1:54: /response/candidates/0: expected a candidate object, got a number`},
		{"anthropic", `{"request":{"messages":[]},"response":{"type":"message"}}`, `1:39: /response: expected a Messages API response: {"type": "message", "content": […]}`},
		{"responses", `{"object":"response","output":[3]}`, `1:32: /output/0: expected an item object, got a number`},
	} {
		_, err := decodeWith(mustFormat(t, tc.format), []byte(tc.body), DecodeOptions{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s %s: got %v, want %s", tc.format, tc.body, err, tc.want)
		}
	}
}

func usage(provider string, input, output, reasoning int) chat.Usage {
	return chat.Usage{Provider: provider, Input: input, Output: output, Reasoning: reasoning}
}

// readDetected reads the file at path and the format Detect picks for it.
func readDetected(t *testing.T, path string) (*Format, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Detect(data, path)
	if err != nil {
		t.Fatal(err)
	}
	return f, data
}
