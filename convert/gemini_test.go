package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/spool"
)

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

// A text part that carries a thought signature (Gemini 2.5 and 3 sign
// the first part of a turn) or "thought": false is a text part, its
// fields in extra_content.google as the OpenAI-compatible endpoint has a
// call's signature: its text is the message's (what count and grep
// read); a thought stays a part of its own.
func TestGeminiSignedTextRead(t *testing.T) {
	signed := func(text, google string) string {
		return `{"type":"text","text":"` + text + `","extra_content":{"google":` + google + `}}`
	}
	for name, c := range map[string]struct {
		doc   string
		parts []string // the raw parts of the last message
		text  string   // its text
	}{
		"request": {`{"contents":[{"role":"user","parts":[{"text":"q"}]},{"role":"model","parts":[{"text":"the answer","thoughtSignature":"abc"}]}]}`,
			[]string{signed("the answer", `{"thought_signature":"abc"}`)}, "the answer"},
		"signature first, snake_case": {`{"contents":[{"role":"model","parts":[{"thought_signature":"abc","text":"the answer"}]}]}`,
			[]string{signed("the answer", `{"thought_signature":"abc"}`)}, "the answer"},
		"thought false": {`{"contents":[{"role":"user","parts":[{"text":"hi","thought":false}]}]}`,
			[]string{signed("hi", `{"thought":false}`)}, "hi"},
		"response": {`{"candidates":[{"content":{"role":"model","parts":[{"text":"a","thought":true,"thoughtSignature":"t"},{"text":"b","thought":false,"thoughtSignature":"s"}]},"finishReason":"STOP"}]}`,
			[]string{`{"type":"gemini","part":{"text":"a","thought":true,"thoughtSignature":"t"}}`, signed("b", `{"thought":false,"thought_signature":"s"}`)}, "b"},
		"systemInstruction": {`{"systemInstruction":{"parts":[{"text":"be brief","thoughtSignature":"abc"}]},"contents":[]}`,
			[]string{signed("be brief", `{"thought_signature":"abc"}`)}, "be brief"},
		"both spellings, kept verbatim": {`{"contents":[{"role":"model","parts":[{"text":"x","thoughtSignature":"a","thought_signature":"b"}]}]}`,
			[]string{`{"type":"gemini","part":{"text":"x","thoughtSignature":"a","thought_signature":"b"}}`}, ""},
	} {
		convs, err := decodeWith(geminiFormat, []byte(c.doc), DecodeOptions{})
		if err != nil {
			t.Fatal(name, err)
		}
		msgs := convs[0].Messages
		m := msgs[len(msgs)-1]
		var got []string
		for _, p := range m.Content.Parts {
			got = append(got, string(p.Raw))
		}
		if m.Content.Form != chat.ContentParts || !slices.Equal(got, c.parts) || m.Content.PlainText() != c.text {
			t.Errorf("%s: last message's parts %q, text %q; want %q, %q", name, got, m.Content.PlainText(), c.parts, c.text)
		}
	}
}

// The Gemini writer writes such a part back as it was read, through api
// too; a long text, the signature before or after it, in a request or a
// response, comes out whole beside its signature: held at 72 KB (a
// document under a MiB is), through a spool and never read whole when
// over a MiB.
func TestGeminiSignedTextRoundTrip(t *testing.T) {
	doc := `{"contents":[{"role":"user","parts":[{"text":"hi","thought":false}]},` +
		`{"role":"model","parts":[{"text":"think","thought":true},{"text":"the answer","thoughtSignature":"abc"}]}],` +
		`"systemInstruction":{"parts":[{"text":"be brief","thought":false,"thoughtSignature":"s"}]}}`
	indented := func(s string) []byte {
		var b bytes.Buffer
		if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
			t.Fatal(err)
		}
		return append(b.Bytes(), '\n')
	}
	want := indented(doc)
	if got := convertData(t, want, "gemini", "gemini"); !bytes.Equal(got, want) {
		t.Errorf("gemini → gemini:\n%s\nwant\n%s", got, want)
	}
	if got := convertData(t, convertData(t, want, "gemini", "api"), "api", "gemini"); !bytes.Equal(got, want) {
		t.Errorf("gemini → api → gemini:\n%s\nwant\n%s", got, want)
	}
	// A text of 72 KB is held in a document under a MiB (jsontree's
	// longElement); one over a MiB passes through a spool.
	for _, size := range []struct {
		repeat, spools int
	}{{4000, 0}, {64000, 1}} {
		text := strings.Repeat("é \"q\" <&> 漢字\n", size.repeat)
		long := string(appendString(nil, text))
		for _, doc := range []string{
			`{"contents":[{"role":"model","parts":[{"text":` + long + `,"thoughtSignature":"abc"}]}]}`,
			`{"contents":[{"role":"model","parts":[{"thoughtSignature":"abc","text":` + long + `}]}]}`,
			`{"candidates":[{"content":{"role":"model","parts":[{"text":` + long + `,"thoughtSignature":"abc"}]}}]}`,
			`{"candidates":[{"content":{"role":"model","parts":[{"thoughtSignature":"abc","text":` + long + `}]}}]}`,
		} {
			for _, to := range []string{"api", "gemini"} {
				held := convertWith(t, "gemini", to, doc, DecodeOptions{})
				if !bytes.Contains(held, []byte(`"abc"`)) || !bytes.Contains(held, []byte(long)) {
					t.Errorf("gemini to %s, %.40s…: the text or its signature is lost:\n%.300s", to, doc, held)
				}
				set := spool.New(t.TempDir(), nil)
				opened, whole := 0, 0
				var out largestWrite
				convs, err := readAllConversations(geminiFormat.NewDecoder(&pieces{doc, 64 << 10}, DecodeOptions{Long: func(kind chat.LongKind) chat.Sink {
					opened++
					return wholeCounted{set.Open(kind).(chat.Spool), &whole}
				}}))
				if err != nil {
					t.Fatal(err)
				}
				enc := mustFormat(t, to).NewEncoder(&out, EncodeOptions{})
				for _, c := range convs {
					if err := enc.Encode(c); err != nil {
						t.Fatal(err)
					}
				}
				if err := enc.Close(); err != nil {
					t.Fatal(err)
				}
				set.Close()
				streamed := size.spools == 0 || whole == 0 && out.largest < len(long)/2
				if !bytes.Equal(out.Bytes(), held) || opened != size.spools || !streamed {
					t.Errorf("gemini to %s, %d bytes, %.40s…: %d spools (want %d), read whole %d times, largest write %d bytes; same as held: %v",
						to, len(long), doc, opened, size.spools, whole, out.largest, bytes.Equal(out.Bytes(), held))
				}
			}
		}
	}
}

// The writers with no place for a signature write the text, and warn
// once, or refuse under --strict; "thought": false, which says nothing,
// they drop without a word.
func TestGeminiSignedTextDropped(t *testing.T) {
	convs := decodeAll(t, geminiFormat, []byte(`{"contents":[{"role":"model","parts":[{"text":"one","thoughtSignature":"a"},{"text":"two","thoughtSignature":"b"}]}]}`))
	for _, to := range []string{"anthropic", "responses", "sharegpt", "text", "markdown", "chatml", "html"} {
		out, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{})
		if err != nil {
			t.Fatal(to, err)
		}
		want := []string{to + ": thought signatures of Gemini text parts dropped (the texts kept)"}
		if !slices.Equal(warnings, want) || !bytes.Contains(out, []byte("one")) || !bytes.Contains(out, []byte("two")) {
			t.Errorf("%s: warnings %q, want %q; output\n%s", to, warnings, want, out)
		}
		var lost *LossError
		if _, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); !errors.As(err, &lost) {
			t.Errorf("%s --strict: %v, want a LossError", to, err)
		}
	}
	for _, to := range []string{"api", "jsonl", "yaml", "gemini", "trl-completion"} {
		if _, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); err != nil || len(warnings) > 0 {
			t.Errorf("%s, which holds signatures: %v, warnings %q", to, err, warnings)
		}
	}
	unsigned := decodeAll(t, geminiFormat, []byte(`{"contents":[{"role":"user","parts":[{"text":"hi","thought":false}]}]}`))
	if _, warnings, err := encodeWith(mustFormat(t, "anthropic"), unsigned, EncodeOptions{Strict: true}); err != nil || len(warnings) > 0 {
		t.Errorf("thought false to anthropic: %v, warnings %q", err, warnings)
	}
}

// A functionCall part with fields beside the call (a signature,
// partMetadata, "thought": false or true) or inside it (willContinue,
// partialArgs) is a tool call, those fields in its extra_content.google:
// api answers it, anthropic pairs its result with it, and the Gemini
// writer gives them back, directly and through api.
func TestGeminiCallFields(t *testing.T) {
	doc := `{"contents":[{"role":"user","parts":[{"text":"go"}]},` +
		`{"role":"model","parts":[{"functionCall":{"id":"c1","name":"f","args":{"a":1},"willContinue":true,"partialArgs":[{"jsonPath":"$.a"}]},"thoughtSignature":"SIG"},` +
		`{"functionCall":{"name":"g","args":{}},"partMetadata":{"k":"v"},"thought":false},{"functionCall":{"name":"h","args":{}},"thought":true}]},` +
		`{"role":"user","parts":[{"functionResponse":{"id":"c1","name":"f","response":{"r":1}}},{"functionResponse":{"name":"g","response":{"r":2}}},{"functionResponse":{"name":"h","response":{"r":3}}}]}]}`
	var indented bytes.Buffer
	if err := json.Indent(&indented, []byte(doc), "", "  "); err != nil {
		t.Fatal(err)
	}
	want := append(indented.Bytes(), '\n')
	convs := decodeAll(t, geminiFormat, want)
	calls := convs[0].Messages[1].ToolCalls
	var google []string
	for _, tc := range calls {
		g, _ := json.Marshal(extraContentFields(tc.Raw, "google"))
		google = append(google, string(g))
	}
	wantGoogle := []string{`[{"Key":"thought_signature","Value":"SIG"},{"Key":"function_call","Value":{"willContinue":true,"partialArgs":[{"jsonPath":"$.a"}]}}]`,
		`[{"Key":"partMetadata","Value":{"k":"v"}},{"Key":"thought","Value":false}]`, `[{"Key":"thought","Value":true}]`}
	if len(calls) != 3 || calls[0].Arguments != `{"a":1}` || !slices.Equal(google, wantGoogle) {
		t.Errorf("calls %+v, google fields %s; want f, g and h with %s", calls, google, wantGoogle)
	}
	for _, via := range [][]string{{"gemini"}, {"api", "gemini"}} {
		got, from := want, "gemini"
		for _, to := range via {
			out, warnings, err := encodeWith(mustFormat(t, to), decodeAll(t, mustFormat(t, from), got), EncodeOptions{Strict: true})
			if err != nil || len(warnings) > 0 {
				t.Fatalf("%s to %s: %v, warnings %q", from, to, err, warnings)
			}
			got, from = out, to
		}
		if !bytes.Equal(got, want) {
			t.Errorf("gemini → %s:\n%s\nwant\n%s", strings.Join(via, " → "), got, want)
		}
	}
	anthropic := string(convertData(t, want, "gemini", "anthropic"))
	for _, id := range []string{"c1", "gemini_call_2", "gemini_call_3"} {
		if strings.Count(anthropic, `"`+id+`"`) != 2 {
			t.Errorf("anthropic: %s is not one tool_use and one tool_result:\n%s", id, anthropic)
		}
	}
	// A part holding data beside its call stays verbatim.
	odd := decodeAll(t, geminiFormat, []byte(`{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"text":"x"}]}]}`))
	if m := odd[0].Messages[0]; len(m.ToolCalls) > 0 || m.Content.Parts[0].Type != "gemini" {
		t.Errorf("a functionCall beside a text: %+v, want a gemini part", m)
	}
}

// The writers with no place for a call's Gemini fields write the call,
// and warn once, or refuse under --strict; a call that has "thought":
// false alone they write without a word.
func TestGeminiCallFieldsDropped(t *testing.T) {
	convs := decodeAll(t, geminiFormat, []byte(`{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thoughtSignature":"a"},{"functionCall":{"name":"g","args":{},"willContinue":true}}]}]}`))
	for _, to := range []string{"anthropic", "responses", "sharegpt", "chatml"} {
		out, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{})
		if err != nil {
			t.Fatal(to, err)
		}
		want := to + ": thought signatures and other Gemini fields of tool calls dropped (the calls kept)"
		if slices.Index(warnings, want) != slices.IndexFunc(warnings, func(w string) bool { return strings.Contains(w, "Gemini") }) ||
			!slices.Contains(warnings, want) || !bytes.Contains(out, []byte(`"g"`)) && !bytes.Contains(out, []byte(`\"g\"`)) {
			t.Errorf("%s: warnings %q, want %q; output\n%s", to, warnings, want, out)
		}
		var lost *LossError
		if _, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); !errors.As(err, &lost) {
			t.Errorf("%s --strict: %v, want a LossError", to, err)
		}
	}
	for _, to := range []string{"api", "jsonl", "yaml", "gemini"} {
		if _, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); err != nil || len(warnings) > 0 {
			t.Errorf("%s, which holds them: %v, warnings %q", to, err, warnings)
		}
	}
	unsigned := decodeAll(t, geminiFormat, []byte(`{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thought":false}]}]}`))
	if _, warnings, err := encodeWith(mustFormat(t, "anthropic"), unsigned, EncodeOptions{Strict: true}); err != nil || len(warnings) > 0 {
		t.Errorf("thought false to anthropic: %v, warnings %q", err, warnings)
	}
}

// A multimodal function response is a tool result whose content is its
// response, then its parts (the images a tool returns), as Anthropic's
// tool_result blocks: written back as it was, directly and through api,
// with its scheduling and willContinue, and no warning.
func TestGeminiFunctionResponseParts(t *testing.T) {
	doc := `{"contents":[{"role":"user","parts":[{"text":"go"}]},` +
		`{"role":"model","parts":[{"functionCall":{"id":"c1","name":"f","args":{}}},{"functionCall":{"id":"c2","name":"g","args":{}}}]},` +
		`{"role":"user","parts":[{"functionResponse":{"id":"c1","name":"f","response":{"r":1},` +
		`"parts":[{"inlineData":{"mimeType":"image/png","data":"iVBO"}},{"inlineData":{"mimeType":"application/pdf","data":"JVBE","displayName":"a.pdf"}}],"willContinue":true,"scheduling":"SILENT"}},` +
		`{"functionResponse":{"id":"c2","name":"g","parts":[{"fileData":{"mimeType":"image/png","fileUri":"gs://b/x.png"}}]}}]}]}`
	var indented bytes.Buffer
	if err := json.Indent(&indented, []byte(doc), "", "  "); err != nil {
		t.Fatal(err)
	}
	want := append(indented.Bytes(), '\n')
	m := decodeAll(t, geminiFormat, want)[0].Messages[2]
	var types []string
	for _, p := range m.Content.Parts {
		types = append(types, p.Type)
	}
	if !slices.Equal(types, []string{"text", "image_url", "gemini"}) || m.Content.Parts[0].Text != `{"r":1}` {
		t.Errorf("the first response's content: parts %q, text %q; want its response as text, then an image and a gemini part", types, m.Content.PlainText())
	}
	for _, via := range [][]string{{"gemini"}, {"api", "gemini"}} {
		got, from := want, "gemini"
		for _, to := range via {
			out, warnings, err := encodeWith(mustFormat(t, to), decodeAll(t, mustFormat(t, from), got), EncodeOptions{Strict: true, KeepVendor: true})
			if err != nil || len(warnings) > 0 {
				t.Fatalf("%s to %s: %v, warnings %q", from, to, err, warnings)
			}
			got, from = out, to
		}
		if !bytes.Equal(got, want) {
			t.Errorf("gemini → %s:\n%s\nwant\n%s", strings.Join(via, " → "), got, want)
		}
	}
	if out := convertData(t, want, "gemini", "anthropic"); !bytes.Contains(out, []byte(`"media_type": "image/png"`)) {
		t.Errorf("anthropic: the image of the tool result is lost:\n%s", out)
	}
}

// Writing Gemini, a tool result's image goes in its function response's
// parts; a block it has no place for is dropped with a warning of its
// own, refused under --strict.
func TestGeminiToolResultImages(t *testing.T) {
	doc := `{"messages":[{"role":"user","content":"shot"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"screenshot","input":{}}]},` +
		`{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"Screen:"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}]}`
	out, warnings, err := encodeWith(geminiFormat, decodeAll(t, mustFormat(t, "anthropic"), []byte(doc)), EncodeOptions{})
	want := `{"functionResponse":{"id":"t1","name":"screenshot","response":{"result":"Screen:"},"parts":[{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]}}`
	var got bytes.Buffer
	json.Compact(&got, out)
	if err != nil || !strings.Contains(got.String(), want) || !slices.Equal(warnings, []string{`gemini: tool results that are not JSON objects wrapped in {"result": …}`}) {
		t.Errorf("%v, warnings %q:\n%s\nwant it to hold %s", err, warnings, got.Bytes(), want)
	}
	doc = strings.Replace(doc, `{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}`,
		`{"type":"search_result","source":"https://w.example","title":"W","content":[{"type":"text","text":"15C"}]}`, 1)
	convs := decodeAll(t, mustFormat(t, "anthropic"), []byte(doc))
	_, warnings, err = encodeWith(geminiFormat, convs, EncodeOptions{})
	if err != nil || !slices.ContainsFunc(warnings, func(w string) bool {
		return strings.Contains(w, "parts of tool results, which a function response has no place for, dropped")
	}) {
		t.Errorf("a search_result: %v, warnings %q", err, warnings)
	}
	var lost *LossError
	if _, _, err := encodeWith(geminiFormat, convs, EncodeOptions{Strict: true}); !errors.As(err, &lost) {
		t.Errorf("a search_result under --strict: %v, want a LossError", err)
	}
}

// requestFields writes convs in format to under --strict and returns the
// body's fields but its messages, compact.
func requestFields(t *testing.T, to string, convs []*chat.Conversation) string {
	t.Helper()
	out, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true})
	if err != nil || len(warnings) > 0 {
		t.Fatalf("%s: %v, warnings %q", to, err, warnings)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(out, &body); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"messages", "contents", "input", "system"} {
		delete(body, k)
	}
	fields, _ := json.Marshal(body)
	return string(fields)
}

// generationConfig's sampling parameters map to every target's in either
// spelling of the config and of its keys.
func TestGeminiSamplingParams(t *testing.T) {
	for _, c := range []struct {
		to, fields string
		without    []string // the parameters the target has no place for
	}{
		{"anthropic", `{"max_tokens":100,"stop_sequences":["x"],"temperature":0.5,"top_k":5,"top_p":0.9}`, nil},
		{"responses", `{"max_output_tokens":100,"temperature":0.5,"top_p":0.9}`, []string{"topK", "top_k", "stopSequences", "stop_sequences"}},
		{"api", `{"max_completion_tokens":100,"stop":["x"],"temperature":0.5,"top_p":0.9}`, []string{"topK", "top_k"}},
	} {
		for _, config := range []string{
			`"generationConfig":{"maxOutputTokens":100,"stopSequences":["x"],"topP":0.9,"topK":5,"temperature":0.5}`,
			`"generation_config":{"max_output_tokens":100,"stop_sequences":["x"],"top_p":0.9,"top_k":5,"temperature":0.5}`,
			`"generationConfig":{"max_output_tokens":100,"stop_sequences":["x"],"top_p":0.9,"top_k":5,"temperature":0.5}`,
		} {
			for _, k := range c.without {
				config = regexp.MustCompile(`"`+k+`":[^,]*,`).ReplaceAllString(config, "")
			}
			convs := decodeAll(t, geminiFormat, []byte(`{"contents":[{"role":"user","parts":[{"text":"go"}]}],`+config+`}`))
			if got := requestFields(t, c.to, convs); got != c.fields {
				t.Errorf("%s to %s: %s, want %s", config, c.to, got, c.fields)
			}
		}
	}
}

// A Gemini body's toolConfig, structured output and candidateCount map
// back to what api → gemini maps them from; Anthropic's
// disable_parallel_tool_use is parallel_tool_calls: false. What has no
// exact equivalent is dropped with the warning.
func TestGeminiRequestChoices(t *testing.T) {
	gemini := func(fields string) []*chat.Conversation {
		return decodeAll(t, geminiFormat, []byte(`{"contents":[{"role":"user","parts":[{"text":"go"}]}],`+fields+`}`))
	}
	for _, c := range []struct{ gemini, to, fields string }{
		{`"toolConfig":{"functionCallingConfig":{"mode":"ANY"}},"generationConfig":{"responseMimeType":"application/json","responseJsonSchema":{"type":"object"},"candidateCount":2}`,
			"api", `{"n":2,"response_format":{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object"}}},"tool_choice":"required"}`},
		{`"tool_config":{"function_calling_config":{"mode":"ANY","allowed_function_names":["f"]}},"generation_config":{"response_mime_type":"application/json"}`,
			"api", `{"response_format":{"type":"json_object"},"tool_choice":{"type":"function","function":{"name":"f"}}}`},
		{`"toolConfig":{"functionCallingConfig":{"mode":"NONE"}},"generationConfig":{"responseMimeType":"application/json","responseJsonSchema":{"type":"object"}}`,
			"responses", `{"text":{"format":{"type":"json_schema","name":"response","schema":{"type":"object"}}},"tool_choice":"none"}`},
		{`"toolConfig":{"functionCallingConfig":{"mode":"AUTO"}}`, "anthropic", `{"tool_choice":{"type":"auto"}}`},
	} {
		if got := requestFields(t, c.to, gemini(c.gemini)); got != c.fields {
			t.Errorf("%s to %s: %s, want %s", c.gemini, c.to, got, c.fields)
		}
	}
	// Through gemini and back, an api body's choices come back (the
	// schema named "response").
	api := `{"messages":[{"role":"user","content":"go"}],"n":2,"response_format":{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object"}}},"tool_choice":"required"}`
	there := decodeAll(t, geminiFormat, convertData(t, []byte(api), "api", "gemini"))
	if got := requestFields(t, "api", there); got != `{"n":2,"response_format":{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object"}}},"tool_choice":"required"}` {
		t.Errorf("api → gemini → api: %s", got)
	}
	anthropic := decodeAll(t, mustFormat(t, "anthropic"), []byte(`{"tool_choice":{"type":"any","disable_parallel_tool_use":true},"messages":[{"role":"user","content":"go"}]}`))
	for to, want := range map[string]string{
		"api":       `{"parallel_tool_calls":false,"tool_choice":"required"}`,
		"responses": `{"parallel_tool_calls":false,"tool_choice":"required"}`,
		"anthropic": `{"tool_choice":{"type":"any","disable_parallel_tool_use":true}}`,
	} {
		if got := requestFields(t, to, anthropic); got != want {
			t.Errorf("anthropic to %s: %s, want %s", to, got, want)
		}
	}
	inexact := gemini(`"toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["f","g"]}},"generationConfig":{"responseMimeType":"text/x.enum","responseSchema":{"type":"STRING","enum":["a"]}}`)
	_, warnings, err := encodeWith(mustFormat(t, "api"), inexact, EncodeOptions{})
	want := []string{"api: request fields it does not take dropped: toolConfig, generationConfig.responseMimeType, generationConfig.responseSchema"}
	if err != nil || !slices.Equal(warnings, want) {
		t.Errorf("inexact choices to api: %v, warnings %q, want %q", err, warnings, want)
	}
}

// A call with Gemini fields whose arguments are too long to hold passes
// through a spool, the fields beside them.
func TestGeminiCallFieldsLong(t *testing.T) {
	long := string(appendString(nil, strings.Repeat("é \"q\" <&> 漢字\n", 64000)))
	doc := `{"contents":[{"role":"model","parts":[{"partMetadata":{"k":"v"},"functionCall":{"name":"f","args":{"a":` + long + `},"willContinue":true},"thoughtSignature":"SIG"}]}]}`
	opened := 0
	set := spool.New(t.TempDir(), nil)
	defer set.Close()
	opts := DecodeOptions{Long: func(kind chat.LongKind) chat.Sink { opened++; return set.Open(kind) }}
	for _, to := range []string{"api", "gemini"} {
		out := convertWith(t, "gemini", to, doc, opts)
		args := long
		if to == "api" { // arguments are a string there
			args = string(appendString(nil, `{"a":`+long+`}`))
		}
		for _, s := range []string{args, `"willContinue": true`, `"partMetadata"`, `"SIG"`} {
			if !bytes.Contains(out, []byte(s)) {
				t.Errorf("gemini to %s: %.40q lost", to, s)
			}
		}
	}
	if opened != 2 {
		t.Errorf("%d spools opened, want one a read", opened)
	}
}
