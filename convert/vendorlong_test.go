package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/spool"
)

// vendorLongDocs returns, for each format whose reader streams its
// documents with long texts in sinks, a request holding texts of over a
// MiB in each place it reads one flat: string content, text parts, a
// tool's result, a call's arguments, as a string or in an object (spaced
// out, to be compacted; on one line, for JSON Lines), a function's
// response; long images, one plain and one with a field after its data
// (a cache_control, a mediaResolution, a file_id), which Anthropic's
// image keeps beside it and the others as JSON; and a long PDF, and in
// Gemini a long wav, which become file and input_audio parts; and in
// Anthropic and Gemini each of those again with the media type after the
// data, which goes to its spool alone. See longStrings.
func vendorLongDocs(t *testing.T) map[string]string {
	t.Helper()
	long := func(seed string) string {
		line := seed + ` "quoted" \ é 漢字 😀 <&> tab	end` + "\n"
		var b strings.Builder
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false) // <&> as they are, which only a call's arguments escape
		e.Encode(strings.Repeat(line, (1<<20+1000)/len(line)))
		return strings.TrimSuffix(b.String(), "\n")
	}
	data := `"` + strings.Repeat("QUFB", 300<<10) + `end="`
	object := "{  \"path\": \"a b.txt\",\t\"text\" : " + long("args") + ",  \"n\": [1, 2.50, true, null, {}], \"esc\": \"\\u00e9 \\\" <&> \u2028\" }"
	return map[string]string{
		"anthropic": `{"model":"m","system":` + long("system") + `,"messages":[` +
			`{"role":"user","content":` + long("content") + `},` +
			`{"role":"assistant","content":[{"type":"text","text":` + long("part") + `},{"type":"tool_use","id":"c1","name":"f","input":{}},` +
			`{"type":"tool_use","id":"c2","name":"g","input":` + object + `}]},` +
			`{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":` + long("result") + `},{"type":"text","text":"short"},` +
			`{"type":"image","source":{"type":"base64","media_type":"image/png","data":` + data + `}},` +
			`{"type":"image","source":{"type":"base64","media_type":"image/png","data":` + data + `},"cache_control":{"type":"ephemeral"}},` +
			`{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":` + data + `},"title":"a.pdf","cache_control":{"type":"ephemeral"}},` +
			`{"type":"image","source":{"type":"base64","data":` + data + `,"media_type":"image/png"}},` +
			`{"type":"document","source":{"type":"base64","data":` + data + `,"media_type":"application/pdf"},"title":"b.pdf"},` +
			`{"type":"image","source":{"type":"base64","data":` + data + `,"media_type":"image/png"},"citations":[]}]}],"max_tokens":5}`,
		"gemini": `{"systemInstruction":{"parts":[{"text":` + long("system") + `}]},"contents":[` +
			`{"role":"user","parts":[{"text":` + long("content") + `},{"inlineData":{"mimeType":"image/png","data":` + data + `}},` +
			`{"inlineData":{"mimeType":"image/png","data":` + data + `},"mediaResolution":"low"},` +
			`{"inlineData":{"mimeType":"application/pdf","data":` + data + `}},{"inlineData":{"mimeType":"audio/wav","data":` + data + `}},` +
			`{"inline_data":{"data":` + data + `,"mime_type":"image/png"}},{"inlineData":{"data":` + data + `,"mimeType":"application/pdf"}},` +
			`{"inlineData":{"data":` + data + `,"mimeType":"audio/wav"}},{"inlineData":{"data":` + data + `,"mimeType":"image/png"},"mediaResolution":"low"}]},` +
			`{"role":"model","parts":[{"text":"short"},{"text":` + long("part") + `},{"functionCall":{"name":"f","args":` + object + `}},` +
			`{"functionCall":{"name":"g","args":` + object + `},"thoughtSignature":"sig"}]},` +
			`{"role":"user","parts":[{"functionResponse":{"name":"f","response":` + object + `}}]}],"generationConfig":{"temperature":0}}`,
		"responses": `{"model":"m","instructions":` + long("system") + `,"input":[` +
			`{"role":"user","content":` + long("content") + `},` +
			`{"role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,` + data[1:] + `,"detail":"low"},` +
			`{"type":"input_image","image_url":"data:image/png;base64,` + data[1:] + `,"file_id":"f1"},` +
			`{"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,` + data[1:] + `}]},` +
			`{"type":"message","role":"assistant","content":[{"type":"output_text","text":` + long("part") + `}]},` +
			`{"type":"message","role":"assistant","content":[{"type":"output_text","annotations":[{"type":"url_citation","url":"u"}],"text":` + long("part") + `,"logprobs":[]}]},` +
			`{"type":"function_call","call_id":"c1","name":"f","arguments":` + long("args") + `},` +
			`{"type":"function_call","call_id":"c2","name":"g","arguments":` + long("args") + `,"id":"fc_2","status":"completed"},` +
			`{"type":"function_call_output","call_id":"c1","output":` + long("result") + `}]}`,
		"sharegpt": `{"system":` + long("system") + `,"conversations":[` +
			`{"from":"human","value":` + long("content") + `},{"from":"gpt","value":` + long("reply") + `}],"id":"x"}`,
	}
}

// longStrings counts the long strings of a document of vendorLongDocs, by
// their ends: its texts' and its images' data, which ends in "end=".
func longStrings(doc string) int {
	return strings.Count(doc, `end\n"`) + strings.Count(doc, `end="`)
}

// TestVendorSpoolsPassThrough reads a request in each format that reads
// its texts flat, alone, as an element of an array and as a line of JSON
// Lines, with spools and without, and writes it as api, jsonl and meta,
// in its own format and in another's: the outputs must be the same bytes,
// with every long text and image through a spool, and, but to another
// vendor's format, copied through in parts: no spool read whole, no write
// as long as a string.
func TestVendorSpoolsPassThrough(t *testing.T) {
	other := map[string]string{"anthropic": "gemini", "gemini": "responses", "responses": "anthropic", "sharegpt": "anthropic"}
	for from, doc := range vendorLongDocs(t) {
		n := longStrings(doc)
		// The lines of JSON Lines after the first are read whole, as before.
		lines := doc + "\n\n" + doc + "\n"
		for in, want := range map[string]int{doc: n, "[" + doc + "," + doc + "]": 2 * n, lines: n} {
			for _, to := range []string{"api", "jsonl", "meta", from, other[from]} {
				set := spool.New(t.TempDir(), nil)
				held := convertWith(t, from, to, in, DecodeOptions{})
				opened, whole := 0, 0
				var spooled largestWrite
				convertTo(t, &spooled, from, to, in, DecodeOptions{Long: func(kind chat.LongKind) chat.Sink {
					opened++
					return wholeCounted{set.Open(kind).(chat.Spool), &whole}
				}})
				if opened != want {
					t.Errorf("%s: %d strings through spools, want %d", from, opened, want)
				}
				if !bytes.Equal(held, spooled.Bytes()) {
					t.Errorf("%s to %s: %d bytes held, %d through spools, not the same", from, to, len(held), spooled.Len())
				}
				if to != other[from] && in != lines && (whole > 0 || spooled.largest >= 1<<20) {
					t.Errorf("%s to %s: %d spools read whole, a write of %d bytes", from, to, whole, spooled.largest)
				}
				if err := set.Close(); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestVendorLateMediaType reads requests holding a 2 MiB image, PDF or
// wav whose media type comes after its base64 data, as hand-written SDK
// code orders it, and the same with the media type first, with spools:
// each goes through one, and written as api, jsonl, meta and the
// request's own format the two give the same bytes.
func TestVendorLateMediaType(t *testing.T) {
	data := strings.Repeat("QUFB", 512<<10)
	anthropic := func(block string) string {
		return `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},` + block + `]}],"max_tokens":5}`
	}
	gemini := func(part string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"what is this?"},` + part + `]}]}`
	}
	cases := []struct{ format, early, late string }{
		{"anthropic", anthropic(`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + data + `"}}`),
			anthropic(`{"type":"image","source":{"type":"base64","data":"` + data + `","media_type":"image/png"}}`)},
		{"anthropic", anthropic(`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + data + `"},"cache_control":{"type":"ephemeral"}}`),
			anthropic(`{"type":"image","source":{"type":"base64","data":"` + data + `","media_type":"image/png"},"cache_control":{"type":"ephemeral"}}`)},
		{"anthropic", anthropic(`{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"` + data + `"},"title":"a.pdf"}`),
			anthropic(`{"type":"document","source":{"type":"base64","data":"` + data + `","media_type":"application/pdf"},"title":"a.pdf"}`)},
		{"gemini", gemini(`{"inlineData":{"mimeType":"image/png","data":"` + data + `"}}`),
			gemini(`{"inlineData":{"data":"` + data + `","mimeType":"image/png"}}`)},
		{"gemini", gemini(`{"inline_data":{"mime_type":"image/png","data":"` + data + `"}}`),
			gemini(`{"inline_data":{"data":"` + data + `","mime_type":"image/png"}}`)},
		{"gemini", gemini(`{"inlineData":{"mimeType":"application/pdf","data":"` + data + `"}}`),
			gemini(`{"inlineData":{"data":"` + data + `","mimeType":"application/pdf"}}`)},
		{"gemini", gemini(`{"inlineData":{"mimeType":"audio/wav","data":"` + data + `"}}`),
			gemini(`{"inlineData":{"data":"` + data + `","mimeType":"audio/wav"}}`)},
	}
	for _, c := range cases {
		for _, to := range []string{"api", "jsonl", "meta", c.format} {
			set := spool.New(t.TempDir(), nil)
			outputs := map[string][]byte{}
			for order, doc := range map[string]string{"first": c.early, "last": c.late} {
				opened := 0
				outputs[order] = convertWith(t, c.format, to, doc, DecodeOptions{Long: func(kind chat.LongKind) chat.Sink {
					opened++
					return set.Open(kind)
				}})
				if opened != 1 {
					t.Errorf("%.200s to %s, media type %s: %d strings through spools, want the data's", c.late, to, order, opened)
				}
			}
			if !bytes.Equal(outputs["first"], outputs["last"]) || len(outputs["last"]) < len(data) {
				t.Errorf("%.200s to %s: %d bytes with the media type last, %d with it first, not the same", c.late, to, len(outputs["last"]), len(outputs["first"]))
			}
			if err := set.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestVendorSpoolsRoundTrip writes each request of vendorLongDocs as api
// (vendor blocks kept), jsonl and meta, and reads that back into its own
// format with spools and without: the outputs must be the same bytes,
// none lost in a part the api reader keeps as JSON (a Responses
// input_image with a file_id).
func TestVendorSpoolsRoundTrip(t *testing.T) {
	for from, doc := range vendorLongDocs(t) {
		for _, via := range []string{"api", "jsonl", "meta"} {
			var exported bytes.Buffer
			convs, err := readAllConversations(mustFormat(t, from).NewDecoder(strings.NewReader(doc), DecodeOptions{}))
			if err != nil {
				t.Fatal(err)
			}
			enc := mustFormat(t, via).NewEncoder(&exported, EncodeOptions{KeepVendor: true})
			for _, c := range convs {
				if err := enc.Encode(c); err != nil {
					t.Fatal(err)
				}
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}
			set := spool.New(t.TempDir(), nil)
			held := convertWith(t, via, from, exported.String(), DecodeOptions{})
			spooled := convertWith(t, via, from, exported.String(), DecodeOptions{Long: set.Open})
			if !bytes.Equal(held, spooled) {
				t.Errorf("%s through %s: %d bytes held, %d through spools, not the same", from, via, len(held), len(spooled))
			}
			if err := set.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestVendorLongErrors cuts each request short, or spoils it, inside and
// after a long text: read with sinks, the error is the one read whole
// gives, at the same place.
func TestVendorLongErrors(t *testing.T) {
	for from, doc := range vendorLongDocs(t) {
		inText := strings.LastIndex(doc, `end\n"`) - 1<<19 // in the last text, over a MiB in
		spoilt := map[string]string{
			"cut in a text":        doc[:inText],
			"cut after":            doc[:len(doc)-1],
			"bad escape in a text": doc[:inText] + `\x` + doc[inText:],
			"trailing comma":       strings.TrimSuffix(doc, "}") + ",}",
			"second value":         doc + ` {}`,
			"a bad second line":    doc + "\n" + doc + "\n{\"x\":\n",
			"a second line of two": doc + "\n" + `{} {}`,
		}
		for name, in := range spoilt {
			_, errHeld := readAllConversations(mustFormat(t, from).NewDecoder(&pieces{in, 64 << 10}, DecodeOptions{}))
			opened := 0
			_, errSunk := readAllConversations(mustFormat(t, from).NewDecoder(&pieces{in, 64 << 10}, DecodeOptions{Long: func(chat.LongKind) chat.Sink {
				opened++
				return &textSink{}
			}}))
			var held, sunk *Error
			if !errors.As(errHeld, &held) || !errors.As(errSunk, &sunk) || opened == 0 {
				t.Fatalf("%s, %s: errors %v and %v, %d sinks, want located errors, with sinks", from, name, errHeld, errSunk, opened)
			}
			if *held != *sunk {
				t.Errorf("%s, %s: with sinks %v, read whole %v", from, name, errSunk, errHeld)
			}
		}
	}
}

// TestVendorLongKeptAsJSON reads long strings in places a reader keeps
// as JSON rather than as a text: an Anthropic block that is not text, a
// Gemini thought, a ShareGPT function_call. With spools, the output is the
// one read whole; where a block's type comes after its long string, which
// therefore went to a sink, the block holds it, kept as JSON.
func TestVendorLongKeptAsJSON(t *testing.T) {
	long, _ := json.Marshal(strings.Repeat("x", 4<<20))
	args, _ := json.Marshal(`{"name":"f","arguments":{"a":` + string(long) + `}}`)
	thinking := `{"type":"thinking","thinking":"t","signature":"s","text":` + string(long) + `}`
	typeAfter := strings.Replace(thinking, `"type":"thinking",`, "", 1)
	typeAfter = strings.TrimSuffix(typeAfter, "}") + `,"type":"thinking"}`
	cases := []struct {
		from, to, doc string
		spools        int // the strings that go through spools
	}{
		{"anthropic", "anthropic", `{"messages":[{"role":"assistant","content":[` + thinking + `]}]}`, 0},
		{"anthropic", "anthropic", `{"messages":[{"role":"assistant","content":[` + typeAfter + `]}]}`, 1},
		{"anthropic", "jsonl", `{"messages":[{"role":"assistant","content":[` + typeAfter + `]}]}`, 1},
		{"gemini", "gemini", `{"contents":[{"role":"model","parts":[{"text":` + string(long) + `,"thought":true}]}]}`, 1},
		{"sharegpt", "api", `{"conversations":[{"from":"human","value":"hi"},{"from":"function_call","value":` + string(args) + `}]}`, 0},
	}
	for _, c := range cases {
		set := spool.New(t.TempDir(), nil)
		held := convertWith(t, c.from, c.to, c.doc, DecodeOptions{})
		opened := 0
		spooled := convertWith(t, c.from, c.to, c.doc, DecodeOptions{Long: func(kind chat.LongKind) chat.Sink {
			opened++
			return set.Open(kind)
		}})
		if !bytes.Equal(held, spooled) || len(held) < 4<<20 || opened != c.spools {
			t.Errorf("%s to %s: %d bytes held, %d through %d spools (want %d), not the same", c.from, c.to, len(held), len(spooled), opened, c.spools)
		}
		if err := set.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVendorLongJSONArguments reads a long call's arguments given as an
// object, written over several lines: through a spool, they are the
// compact text that reading them whole gives, and so is the output. An
// Anthropic input whose block's type comes after it is read whole; a
// Gemini call in a part that is kept as JSON is an error.
func TestVendorLongJSONArguments(t *testing.T) {
	long := `"` + strings.Repeat(`x \"<&>\" `+"\u2028 é\\n", 1<<18) + `"` // as it is, which encoding/json escapes
	input := "{\n    \"a\" : " + long + ",\n\t\"b\": [1, 2.50, {}],\r\n    \"c\": \"\\u00e9\"\n  }"
	cases := []struct {
		from, doc string
		spools    int
	}{
		{"anthropic", "{\n \"messages\": [{\"role\": \"assistant\", \"content\": [\n  {\"type\": \"tool_use\", \"id\": \"c\", \"name\": \"f\", \"input\": " + input + "}]}]\n}\n", 1},
		{"anthropic", `{"messages":[{"role":"assistant","content":[{"id":"c","name":"f","input":` + input + `,"type":"tool_use"}]}]}`, 0},
		{"gemini", "{\"contents\": [{\"role\": \"model\", \"parts\": [{\"functionCall\": {\"name\": \"f\", \"args\": " + input + "}}]},\n" +
			"{\"role\": \"user\", \"parts\": [{\"functionResponse\": {\"name\": \"f\", \"response\": " + input + "}}]}]}", 2},
	}
	for _, c := range cases {
		for _, to := range []string{"api", c.from} {
			set := spool.New(t.TempDir(), nil)
			held := convertWith(t, c.from, to, c.doc, DecodeOptions{})
			opened := 0
			spooled := convertWith(t, c.from, to, c.doc, DecodeOptions{Long: func(kind chat.LongKind) chat.Sink {
				opened++
				return set.Open(kind)
			}})
			if !bytes.Equal(held, spooled) || len(held) < 1<<20 || opened != c.spools {
				t.Errorf("%s to %s: %d bytes held, %d through %d spools (want %d), not the same", c.from, to, len(held), len(spooled), opened, c.spools)
			}
			if err := set.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	kept := `{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":` + input + `},"text":"x"}]}]}`
	_, err := readAllConversations(mustFormat(t, "gemini").NewDecoder(&pieces{kept, 64 << 10}, DecodeOptions{Long: func(chat.LongKind) chat.Sink { return &textSink{} }}))
	var e *Error
	if !errors.As(err, &e) || e.Pointer != "/contents/0/parts/0/functionCall/args" {
		t.Fatalf("a long call's args in a part kept as JSON: %v, want an error at /contents/0/parts/0/functionCall/args", err)
	}
}
