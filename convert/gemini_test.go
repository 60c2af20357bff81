package convert

import "testing"

func TestGeminiPairing(t *testing.T) {
	// Without ids, responses pair with calls by name and order.
	data := []byte(`{"contents":[
	{"role":"user","parts":[{"text":"go"}]},
	{"role":"model","parts":[{"functionCall":{"name":"a","args":{"n":1}}},{"functionCall":{"name":"b","args":{}}},{"functionCall":{"name":"a","args":{"n":2}}}]},
	{"role":"user","parts":[{"functionResponse":{"name":"b","response":{"r":"B"}}},{"functionResponse":{"name":"a","response":{"r":"A1"}}},{"functionResponse":{"name":"a","response":{"r":"A2"}}}]}]}`)
	convs, err := decodeWith(geminiFormat, data, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0],
		"user: go",
		"assistant: ",
		`→ gemini_call_1 a({"n":1})`,
		"→ gemini_call_2 b({})",
		`→ gemini_call_3 a({"n":2})`,
		`tool[gemini_call_2]: {"r":"B"}`,
		`tool[gemini_call_1]: {"r":"A1"}`,
		`tool[gemini_call_3]: {"r":"A2"}`,
	)
	// With ids, by id, whatever the order.
	checkSummary(t, readSample(t, "gemini", "parallel-ids.json", DecodeOptions{})[0],
		"user: What's the weather in Paris and in Tokyo?",
		"assistant: ",
		`→ fc-paris get_weather({"city":"Paris"})`,
		`→ fc-tokyo get_weather({"city":"Tokyo"})`,
		`tool[fc-tokyo]: {"temp_c":22}`,
		`tool[fc-paris]: {"temp_c":14}`,
		"assistant: Paris is 14 °C and Tokyo 22 °C.",
	)
}

func TestGeminiSnakeCase(t *testing.T) {
	checkSummary(t, readSample(t, "gemini", "snake-case.json", DecodeOptions{})[0],
		"system: Answer briefly.",
		"user: Find the time in Lisbon.",
		"assistant: ",
		`→ gemini_call_1 get_time({"city":"Lisbon"})`,
		`tool[gemini_call_1]: {"time":"14:05"}`,
		"assistant: It is 14:05 in Lisbon.",
	)
}

func FuzzGemini(f *testing.F) { fuzzFormat(f, "gemini") }
