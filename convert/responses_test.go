package convert

import (
	"encoding/json"
	"reflect"
	"testing"
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
