package convert

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// sdkDump is a history as logs that append the openai SDK's model_dump()
// of each message hold it: every field the SDK models, null when absent.
const sdkDump = `{"messages":[
{"role":"user","content":"What is 2+2?","name":null,"tool_call_id":null},
{"content":"4.","refusal":null,"role":"assistant","annotations":null,"audio":null,"function_call":null,"tool_calls":null},
{"role":"user","content":"Thanks.","name":null},
{"content":"You're welcome.","refusal":null,"role":"assistant","annotations":[],"audio":null,"function_call":null,"tool_calls":null,"name":""}]}`

// foreignTargets are the formats whose messages are not OpenAI's.
var foreignTargets = []string{"anthropic", "gemini", "responses", "text", "markdown", "chatml", "sharegpt", "alpaca"}

// TestSDKDumpNulls: the nulls of an SDK dump are read as absent, written
// back as they were to the OpenAI formats, and lose nothing, so cost no
// warning and no --strict refusal, in the others.
func TestSDKDumpNulls(t *testing.T) {
	convs, err := decodeWith(apiFormat, []byte(sdkDump), DecodeOptions{})
	if err != nil {
		t.Fatalf("reading an SDK dump: %v", err)
	}
	for _, m := range convs[0].Messages {
		if m.Name != "" || m.ToolCallID != "" || len(m.ToolCalls) > 0 {
			t.Errorf("%s message read with a name %q, tool call id %q or tool calls %d", m.Role, m.Name, m.ToolCallID, len(m.ToolCalls))
		}
	}
	for _, name := range []string{"api", "jsonl", "yaml"} {
		f := mustFormat(t, name)
		back := decodeAll(t, f, encodeAll(t, f, convs))
		back[0].Object = true // jsonl writes a line of its own shape
		if got := encodeAll(t, apiFormat, back); !jsonEqual(t, []byte(sdkDump), got) {
			t.Errorf("api → %s → api changed the dump:\n%s", name, got)
		}
	}
	for _, name := range foreignTargets {
		out, warnings, err := encodeWith(mustFormat(t, name), convs, EncodeOptions{Strict: true, MaxTokens: 100})
		if err != nil {
			t.Errorf("%s --strict: %v", name, err)
			continue
		}
		if len(warnings) > 0 {
			t.Errorf("%s warned %q", name, warnings)
		}
		if name != "sharegpt" && strings.Contains(string(out), "null") {
			t.Errorf("%s wrote a null field:\n%s", name, out)
		}
	}
}

// TestSDKDumpNullsNotCounted: a null name is no name; a null function_call
// no legacy call.
func TestSDKDumpNullsNotCounted(t *testing.T) {
	convs, err := decodeWith(apiFormat, []byte(sdkDump), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := legacyCalls(convs[0], newLosses("anthropic", EncodeOptions{Strict: true}))
	if err != nil || c != convs[0] {
		t.Errorf("a null function_call taken for a legacy call (err %v)", err)
	}
}

// TestNullFieldGivenAValue: a field read as null and kept, which the
// message's own field now holds (a merge, a legacy call made a tool call),
// is written once, with the value.
func TestNullFieldGivenAValue(t *testing.T) {
	convs := decodeAll(t, apiFormat, []byte(`[{"role":"assistant","content":null,"tool_calls":null,"name":null}]`))
	m := &convs[0].Messages[0]
	m.ToolCalls = []chat.ToolCall{chat.NewToolCall("c1", "f", "{}")}
	m.Name = "bot"
	out := string(encodeAll(t, apiFormat, convs))
	if strings.Count(out, `"tool_calls"`) != 1 || strings.Count(out, `"name"`) != 2 || strings.Count(out, "null") != 1 {
		t.Errorf("written:\n%s", out)
	}
}

// refusalField and refusalPart are one refusal in its two spellings.
const (
	refusalField = `[{"role":"user","content":"How do I pick a lock?"},{"role":"assistant","content":null,"refusal":"I cannot help with that."},{"role":"user","content":"ok"}]`
	refusalPart  = `[{"role":"user","content":"How do I pick a lock?"},{"role":"assistant","content":[{"type":"refusal","refusal":"I cannot help with that."}]},{"role":"user","content":"ok"}]`
)

// TestRefusalField: a refusal given as the message field is written as
// the part form is, in every target that has no such field: the turn's
// text, a refusal part in responses; never an empty turn.
func TestRefusalField(t *testing.T) {
	field := decodeAll(t, apiFormat, []byte(refusalField))
	if back := encodeAll(t, apiFormat, field); !jsonEqual(t, []byte(refusalField), back) {
		t.Errorf("api → api changed the refusal:\n%s", back)
	}
	part := decodeAll(t, apiFormat, []byte(refusalPart))
	for _, name := range foreignTargets {
		f := mustFormat(t, name)
		got, gotWarnings, err := encodeWith(f, field, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, wantWarnings, _ := encodeWith(f, part, EncodeOptions{})
		if string(got) != string(want) || !reflect.DeepEqual(gotWarnings, wantWarnings) {
			t.Errorf("%s: the field form gives\n%s%q\nthe part form\n%s%q", name, got, gotWarnings, want, wantWarnings)
		}
		if !strings.Contains(string(got), "I cannot help with that.") {
			t.Errorf("%s lost the refusal:\n%s", name, got)
		}
	}
	for target, want := range map[string]string{
		"anthropic": `{"role":"assistant","content":[{"type":"text","text":"I cannot help with that."}]}`,
		"responses": `{"role":"assistant","content":[{"type":"refusal","refusal":"I cannot help with that."}]}`,
	} {
		var body struct {
			Messages []json.RawMessage `json:"messages"`
			Input    []json.RawMessage `json:"input"`
		}
		if err := json.Unmarshal(encodeAll(t, mustFormat(t, target), field), &body); err != nil {
			t.Fatal(err)
		}
		got := append(body.Messages, body.Input...)[1]
		if !jsonEqual(t, got, []byte(want)) {
			t.Errorf("%s: the refusal turn is %s, want %s", target, got, want)
		}
	}
	// Only that it refuses is lost, and only where there is no refusal.
	if _, _, err := encodeWith(responsesFormat, field, EncodeOptions{Strict: true}); err != nil {
		t.Errorf("responses --strict: %v", err)
	}
	var le *LossError
	if _, _, err := encodeWith(anthropicFormat, field, EncodeOptions{Strict: true, MaxTokens: 100}); !errors.As(err, &le) || le.Kind != "refusals written as plain text" {
		t.Errorf("anthropic --strict: %v, want a LossError about refusals", err)
	}
	// A transcript shows the refusal as its text, marked: no placeholder.
	for _, name := range []string{"text", "markdown"} {
		if _, warnings, err := encodeWith(mustFormat(t, name), field, EncodeOptions{Strict: true}); err != nil || len(warnings) > 0 {
			t.Errorf("%s --strict: %v, warnings %q", name, err, warnings)
		}
	}
}

// audioReply is a gpt-4o-audio reply appended to the history as the API
// gave it, then the history form that refers to it by id alone.
const audioReply = `[{"role":"user","content":"Is a golden retriever a good family dog?"},
{"role":"assistant","content":null,"refusal":null,"audio":{"id":"audio_abc123","data":"UklGRiQAAABXQVZF","expires_at":1729018505,"transcript":"Yes, golden retrievers are known to be good family dogs."}},
{"role":"user","content":"Why?"},
{"role":"assistant","audio":{"id":"audio_abc123"}}]`

// TestAudioTranscript: where a target cannot hold audio, a reply's
// transcript is its text, and the audio is told as dropped; a reply given
// by id alone has no text to write, and its audio field is told dropped as
// before.
func TestAudioTranscript(t *testing.T) {
	convs := decodeAll(t, apiFormat, []byte(audioReply))
	if back := encodeAll(t, apiFormat, convs); !jsonEqual(t, []byte(audioReply), back) {
		t.Errorf("api → api changed the audio reply:\n%s", back)
	}
	out, warnings, err := encodeWith(anthropicFormat, convs, EncodeOptions{MaxTokens: 100})
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Messages []json.RawMessage }
	if err := json.Unmarshal(out, &body); err != nil {
		t.Fatal(err)
	}
	want := `{"role":"assistant","content":[{"type":"text","text":"Yes, golden retrievers are known to be good family dogs."}]}`
	if !jsonEqual(t, body.Messages[1], []byte(want)) {
		t.Errorf("the audio reply written as %s, want %s", body.Messages[1], want)
	}
	wantWarnings := []string{"anthropic: assistant audio written as its transcript (the audio dropped)", `anthropic: message field "audio", which it does not take, dropped`}
	if !reflect.DeepEqual(warnings, wantWarnings) {
		t.Errorf("warnings %q, want %q", warnings, wantWarnings)
	}
	text, _, err := encodeWith(textFormat, convs[:1], EncodeOptions{})
	if err != nil || !strings.Contains(string(text), "ASSISTANT: Yes, golden retrievers") {
		t.Errorf("text: %v\n%s", err, text)
	}
	var le *LossError
	if _, _, err := encodeWith(geminiFormat, convs, EncodeOptions{Strict: true}); !errors.As(err, &le) || !strings.Contains(le.Kind, "audio") {
		t.Errorf("gemini --strict: %v, want a LossError about the audio", err)
	}
}
