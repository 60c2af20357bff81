package convert

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

// TestOneElementListStaysList: a format written back in itself keeps a
// JSON array of one conversation an array, and a lone object an object
// (LLaMA-Factory wants a list; the docs say "Written as a JSON array").
func TestOneElementListStaysList(t *testing.T) {
	alpaca, err := os.ReadFile("../testdata/formats/alpaca/llamafactory.json")
	if err != nil {
		t.Fatal(err)
	}
	docs := []struct{ format, doc string }{
		{"sharegpt", `[{"conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"yo"}]}]`},
		{"sharegpt", `{"conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"yo"}]}`},
		{"alpaca", string(alpaca)},
		{"alpaca", `[{"instruction":"I","input":"","output":"O"}]`},
		{"alpaca", `{"instruction":"I","input":"","output":"O"}`},
		{"api", `[{"messages":[{"role":"user","content":"a"}]}]`},
		{"api", `[{"model":"m","messages":[{"role":"user","content":"a"}]}]`},
		{"api", `{"messages":[{"role":"user","content":"a"}]}`},
		{"api", `[{"role":"user","content":"a"}]`}, // one conversation, a bare list of messages
		{"api", `[[{"role":"user","content":"a"}]]`},
		{"api", `[[{"role":"user","content":"a"}],[{"role":"user","content":"b"}]]`},
		{"api", `[]`},
		{"anthropic", `[{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"a"}]}]`},
		{"anthropic", `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"a"}]}`},
		{"gemini", `[{"contents":[{"role":"user","parts":[{"text":"a"}]}]}]`},
		{"gemini", `{"contents":[{"role":"user","parts":[{"text":"a"}]}]}`},
		{"responses", `[{"model":"m","input":[{"role":"user","content":"a"}]}]`},
		{"responses", `{"model":"m","input":[{"role":"user","content":"a"}]}`},
	}
	for _, d := range docs {
		f := mustFormat(t, d.format)
		out := encodeAll(t, f, decodeAll(t, f, []byte(d.doc)))
		if !jsonEqual(t, out, []byte(d.doc)) {
			t.Errorf("%s %.60s: written back as\n%s", d.format, d.doc, out)
		}
	}
	// A conversation of an array, converted, is in an array too.
	out := convertData(t, []byte(docs[0].doc), "sharegpt", "alpaca")
	if !bytes.HasPrefix(bytes.TrimSpace(out), []byte("[")) {
		t.Errorf("sharegpt list to alpaca: %s", out)
	}
}

// TestAlpacaSystemWithFields: a system message with a field Alpaca has no
// place for keeps its text as "system"; the warning is about the field.
func TestAlpacaSystemWithFields(t *testing.T) {
	convs := decodeAll(t, mustFormat(t, "api"), []byte(`[{"role":"system","content":"S","x":1},{"role":"user","content":"U"},{"role":"assistant","content":"A"}]`))
	out, warnings, err := encodeWith(mustFormat(t, "alpaca"), convs, EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, out, []byte(`{"instruction":"U","input":"","output":"A","system":"S"}`)) {
		t.Errorf("wrote %s", out)
	}
	if want := []string{"alpaca: message fields other than role and content dropped"}; !slices.Equal(warnings, want) {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
}
