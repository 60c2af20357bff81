package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

func TestResponsesRead(t *testing.T) {
	c := readSample(t, "responses", "function-calling.json", DecodeOptions{})[0]
	checkSummary(t, c,
		"system: You are a concise travel assistant.",
		"user: What's the weather like in Paris today? Here is the view from my hotel.\n[image: https://upload.wikimedia.org/wikipedia/commons/4/4b/La_Tour_Eiffel_vue_de_la_Tour_Saint-Jacques%2C_Paris_ao%C3%BBt_2014_%282%29.jpg]",
		"assistant: [reasoning]",
		"assistant: ",
		`→ call_12345xyz get_weather({"location":"Paris, France"})`,
		`tool[call_12345xyz]: {"temperature": 14, "unit": "C"}`,
		"assistant: It is 14 °C in Paris right now: bring a light jacket.",
		"user: Great. And tomorrow?",
	)
	// The reasoning item is kept verbatim, encrypted content and all.
	var got, want any
	json.Unmarshal(c.Messages[2].Content.Parts[0].Raw, &got)
	json.Unmarshal([]byte(`{"type":"reasoning","id":"rs_6820f383d7c08191846711c5df8233bc0ac5ba57aafcbac7",
		"summary":[{"type":"summary_text","text":"**Checking the weather**\n\nI should call get_weather for Paris."}],
		"encrypted_content":"gAAAAABoIPOEcqMrjMpPA7sF8gKVb2U0yJ8pTbqm"}`), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reasoning item = %v, want %v", got, want)
	}
}

func FuzzResponses(f *testing.F) { fuzzFormat(f, "responses") }

// TestResponsesItemFieldsToAPI: api and jsonl, whose messages OpenAI's API
// and fine-tuning take, write the messages and calls of Responses items
// without the items' fields Chat Completions does not define; those that
// say something (id, status, phase) they tell of once each, and refuse
// under Strict. A message item's "type" says nothing. meta and yaml,
// convkit's own lossless shapes, keep them, untold.
func TestResponsesItemFieldsToAPI(t *testing.T) {
	in := []byte(`{"input":[{"type":"message","role":"user","content":"weather?"},
	{"type":"message","role":"assistant","id":"msg_1","status":"completed","phase":"commentary","content":[{"type":"output_text","text":"Checking."}]},
	{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{}","status":"completed"},
	{"type":"function_call_output","id":"fco_1","call_id":"call_1","output":"15C","status":"completed"},
	{"type":"message","role":"assistant","id":"msg_2","status":"completed","phase":"final_answer","content":[{"type":"output_text","text":"15C."}]}]}`)
	convs := decodeAll(t, responsesFormat, in)
	want := `{"messages":[{"role":"user","content":"weather?"},
	{"role":"assistant","content":[{"type":"text","text":"Checking."}],"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
	{"role":"tool","content":"15C","tool_call_id":"call_1"},
	{"role":"assistant","content":[{"type":"text","text":"15C."}]}]}`
	for _, to := range []*Format{apiFormat, jsonlFormat, parquetFormat} {
		out, warnings, err := encodeWith(to, convs, EncodeOptions{})
		if to == parquetFormat { // what jsonl writes, in columns
			out = encodeAll(t, jsonlFormat, decodeAll(t, parquetFormat, out))
		}
		if err != nil || !jsonEqual(t, out, []byte(want)) {
			t.Errorf("%s: %v\n%s\nwant\n%s", to.Name, err, out, want)
		}
		checkWarnings(t, warnings,
			to.Name+`: Responses item field "id" dropped (--keep-vendor keeps it)`,
			to.Name+`: Responses item field "status" dropped (--keep-vendor keeps it)`,
			to.Name+`: Responses item field "phase" dropped (--keep-vendor keeps it)`)
		var le *LossError
		if _, _, err := encodeWith(to, convs, EncodeOptions{Strict: true}); !errors.As(err, &le) || !strings.Contains(le.Kind, `"id"`) {
			t.Errorf("%s under Strict: %v, want a LossError about the id", to.Name, err)
		}
		kept, _, err := encodeWith(to, convs, EncodeOptions{KeepVendor: true})
		if to == parquetFormat && err == nil {
			kept, _, err = encodeWith(jsonlFormat, decodeAll(t, parquetFormat, kept), EncodeOptions{KeepVendor: true})
		}
		if err != nil || !bytes.Contains(bytes.ReplaceAll(kept, []byte(": "), []byte(":")), []byte(`"phase":"final_answer"`)) || !bytes.Contains(kept, []byte(`"fc_1"`)) {
			t.Errorf("%s --keep-vendor: %v\n%s\nwant the items' fields kept", to.Name, err, kept)
		}
	}
	for _, to := range []*Format{metaFormat, yamlFormat} {
		out, warnings, err := encodeWith(to, convs, EncodeOptions{Strict: true})
		if err != nil || len(warnings) > 0 {
			t.Fatalf("%s: %v, warnings %q", to.Name, err, warnings)
		}
		back, _, err := encodeWith(responsesFormat, decodeAll(t, to, out), EncodeOptions{})
		if err != nil || !jsonEqual(t, back, in) {
			t.Errorf("responses → %s → responses: %v\n%s\nwant\n%s", to.Name, err, back, in)
		}
	}
}

// TestResponsesItemFieldsByOrigin: api drops id, status and phase from
// the messages read from Responses items only, an easy message item's
// phase as a typed one's; a Chat Completions message's or tool result's
// own fields of those names are written as they are, untold.
func TestResponsesItemFieldsByOrigin(t *testing.T) {
	easy := decodeAll(t, responsesFormat, []byte(`{"model":"gpt-5","input":[{"role":"user","content":"hi"},
	{"role":"assistant","content":"Working on it","phase":"commentary"}]}`))
	out, warnings, err := encodeWith(apiFormat, easy, EncodeOptions{})
	want := `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Working on it"}],"model":"gpt-5"}`
	if err != nil || !jsonEqual(t, out, []byte(want)) {
		t.Errorf("api of an easy item: %v\n%s\nwant\n%s", err, out, want)
	}
	checkWarnings(t, warnings, `api: Responses item field "phase" dropped (--keep-vendor keeps it)`)

	chatCompletions := []byte(`{"messages":[{"role":"user","content":"Weather?","id":"u1"},
	{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
	{"role":"tool","content":"sunny","tool_call_id":"call_1","id":"t1","status":"ok"},
	{"role":"assistant","content":"Sunny.","phase":"final"}]}`)
	out, warnings, err = encodeWith(apiFormat, decodeAll(t, apiFormat, chatCompletions), EncodeOptions{})
	if err != nil || len(warnings) > 0 || !jsonEqual(t, out, chatCompletions) {
		t.Errorf("api of Chat Completions: %v, warnings %q\n%s\nwant it as it was", err, warnings, out)
	}
}

// TestResponsesOutputText: the API gives every output_text its
// annotations (often empty) and logprobs. The part is the assistant's
// text, which api keeps, with those fields beside it; a message item's
// id, status and phase, which Chat Completions does not define, api
// drops, told once each (TestResponsesItemFieldsToAPI), and
// --keep-vendor keeps, with its other fields. Both are written back, by
// responses and through api --keep-vendor.
func TestResponsesOutputText(t *testing.T) {
	in := []byte(`{"input":[{"role":"user","content":"weather?"},
	{"type":"message","role":"assistant","id":"msg_1","status":"completed","phase":"final_answer","next_field":{"a":1},"content":[
	{"type":"output_text","annotations":[{"type":"url_citation","url":"https://w.example","title":"W","start_index":0,"end_index":5}],"logprobs":[],"text":"Paris is 15C."},
	{"type":"output_text","text":"Bring a jacket.","annotations":[]}]},
	{"role":"assistant","phase":"commentary","content":"Checking."}]}`)
	convs := decodeAll(t, responsesFormat, in)
	api, warnings, err := encodeWith(apiFormat, convs, EncodeOptions{KeepVendor: true})
	if err != nil || len(warnings) > 0 {
		t.Fatalf("api: %v, warnings %q", err, warnings)
	}
	var got struct {
		Messages []struct {
			Content []map[string]any
			Phase   string
		}
	}
	json.Unmarshal(api, &got)
	if ps := got.Messages[1].Content; len(ps) != 2 || ps[0]["type"] != "text" || ps[0]["text"] != "Paris is 15C." ||
		ps[0]["annotations"] == nil || ps[1]["text"] != "Bring a jacket." || got.Messages[1].Phase != "final_answer" {
		t.Errorf("api writes the answer as %s", api)
	}
	for name, convs := range map[string][]*chat.Conversation{"responses": convs, "api": decodeAll(t, apiFormat, api)} {
		out, warnings, err := encodeWith(responsesFormat, convs, EncodeOptions{Strict: true})
		if err != nil || len(warnings) > 0 || !jsonEqual(t, out, in) {
			t.Errorf("%s to responses: %v, warnings %q\n%s\nwant\n%s", name, err, warnings, out, in)
		}
	}
	commentary := decodeAll(t, responsesFormat, []byte(`{"input":[{"role":"assistant","phase":"commentary","content":"Checking."}]}`))
	for _, to := range []*Format{anthropicFormat, geminiFormat, chatmlFormat} {
		_, _, err := encodeWith(to, commentary, EncodeOptions{Strict: true})
		var le *LossError
		if !errors.As(err, &le) || !strings.Contains(le.Kind, "phase") && !strings.Contains(le.Kind, "message fields") {
			t.Errorf("%s, strict, a phase: %v, want a LossError about it", to.Name, err)
		}
	}
}

// TestResponsesSystemItemKept: a system message item of a Responses input
// is written back as one, not moved into the instructions, which a
// response that follows on (previous_response_id) does not carry over.
func TestResponsesSystemItemKept(t *testing.T) {
	f := mustFormat(t, "responses")
	for _, doc := range []string{
		`{"model":"gpt-5","input":[{"role":"system","content":"S"},{"role":"user","content":"hi"}]}`,
		`{"model":"gpt-5","instructions":"I","input":[{"role":"system","content":"S"},{"role":"user","content":"hi"}]}`,
		`{"model":"gpt-5","instructions":"I","input":[{"role":"user","content":"hi"}]}`,
	} {
		out, warnings, err := encodeWith(f, decodeAll(t, f, []byte(doc)), EncodeOptions{Strict: true})
		if err != nil || len(warnings) > 0 || !sameJSON(out, []byte(doc)) {
			t.Errorf("%s: wrote %s (%q, %v)", doc, out, warnings, err)
		}
	}
}
