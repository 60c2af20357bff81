package convert

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

// convertDoc reads doc as from and writes it as to.
func convertDoc(t *testing.T, from, to, doc string, opts EncodeOptions) ([]byte, []string, error) {
	t.Helper()
	return encodeWith(mustFormat(t, to), decodeAll(t, mustFormat(t, from), []byte(doc)), opts)
}

// TestNativeMediaRoundTrips writes images, a PDF and wav audio, as the
// Chat Completions API has them, in each vendor's format and reads them
// back: nothing lost, no warning, Strict passes; Anthropic, which has no
// audio, writes it as a placeholder.
func TestNativeMediaRoundTrips(t *testing.T) {
	image := `{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}`
	pdf := `{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0xLjQ="}}`
	audio := `{"type":"input_audio","input_audio":{"data":"UklGRiQ=","format":"wav"}}`
	doc := func(parts ...string) string {
		return `{"messages":[{"role":"user","content":[{"type":"text","text":"Read these."},` + strings.Join(parts, ",") + `]},{"role":"assistant","content":"Done."}]}`
	}
	for _, c := range []struct {
		to  string
		doc string
	}{
		{"anthropic", doc(image, pdf)},
		{"gemini", doc(image, pdf, audio)},
		{"responses", doc(image, pdf, audio)},
	} {
		want, _, err := convertDoc(t, "api", "api", c.doc, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out, warnings, err := convertDoc(t, "api", c.to, c.doc, EncodeOptions{Strict: true})
		if err != nil || len(warnings) > 0 {
			t.Fatalf("api to %s: %v, warnings %q", c.to, err, warnings)
		}
		back, warnings, err := convertDoc(t, c.to, "api", string(out), EncodeOptions{Strict: true})
		if err != nil || len(warnings) > 0 || !bytes.Equal(back, want) {
			t.Errorf("api to %s and back: %v, warnings %q\n%s\nwant\n%s", c.to, err, warnings, back, want)
		}
	}
	if _, _, err := convertDoc(t, "api", "anthropic", doc(audio), EncodeOptions{Strict: true}); err == nil {
		t.Error("audio to anthropic, strict: no error")
	}
}

// TestNativeMediaRead reads each vendor's images with fields beside them,
// documents, files and audio as the API's parts, and writes them back to
// their own format as they were.
func TestNativeMediaRead(t *testing.T) {
	for _, c := range []struct {
		from, doc string
		want      []string // in the api output
	}{
		{"anthropic", `{"max_tokens":10,"messages":[{"role":"user","content":[
			{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="},"cache_control":{"type":"ephemeral"}},
			{"type":"image","source":{"type":"url","url":"https://x.example/a.png"},"cache_control":{"type":"ephemeral"}},
			{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="},"title":"a.pdf","cache_control":{"type":"ephemeral"}},
			{"type":"text","text":"Describe"}]}]}`,
			[]string{`{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="},"cache_control":{"type":"ephemeral"}}`,
				`{"type":"image_url","image_url":{"url":"https://x.example/a.png"},"cache_control":{"type":"ephemeral"}}`,
				`{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="},"cache_control":{"type":"ephemeral"}}`}},
		{"gemini", `{"contents":[{"role":"user","parts":[{"text":"Listen"},
			{"inlineData":{"mimeType":"audio/wav","data":"UklGRg=="}},{"inlineData":{"mimeType":"audio/mp3","data":"SUQz"}},
			{"inlineData":{"mimeType":"application/pdf","data":"JVBERi0="}}]}]}`,
			[]string{`{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}`,
				`{"type":"input_audio","input_audio":{"data":"SUQz","format":"mp3"}}`,
				`{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0="}}`}},
		{"responses", `{"input":[{"role":"user","content":[{"type":"input_text","text":"Read"},
			{"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}]}]}`,
			[]string{`{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}`}},
	} {
		api, warnings, err := convertDoc(t, c.from, "jsonl", c.doc, EncodeOptions{Strict: true})
		if err != nil || len(warnings) > 0 {
			t.Fatalf("%s to jsonl: %v, warnings %q", c.from, err, warnings)
		}
		for _, w := range c.want {
			if !bytes.Contains(api, []byte(w)) {
				t.Errorf("%s to jsonl: no %s in\n%s", c.from, w, api)
			}
		}
		same, _, err := convertDoc(t, c.from, c.from, c.doc, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		back, _, err := convertDoc(t, "jsonl", c.from, string(api), EncodeOptions{Strict: true})
		if err != nil || !bytes.Equal(back, same) {
			t.Errorf("%s through jsonl: %v\n%s\nwant\n%s", c.from, err, back, same)
		}
	}
}

// TestNativeMediaLosses: what has no form in a target is written as the
// nearest, with a warning, and refused under Strict: a cache_control or a
// filename dropped, a text document's or Gemini code execution's text
// written as text, a file-id image a placeholder; Gemini writes its own
// code execution parts back.
func TestNativeMediaLosses(t *testing.T) {
	cached := `{"max_tokens":10,"messages":[{"role":"user","content":[
		{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="},"cache_control":{"type":"ephemeral"}}]}]}`
	textDoc := `{"max_tokens":10,"messages":[{"role":"user","content":[
		{"type":"document","source":{"type":"text","media_type":"text/plain","data":"The grass is green."},"title":"Facts"}]}]}`
	fileImage := `{"max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"file_1"}}]}]}`
	code := `{"contents":[{"role":"user","parts":[{"text":"Add"}]},{"role":"model","parts":[
		{"executableCode":{"language":"PYTHON","code":"print(1 + 1)"}},{"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"2\n"}}]}]}`
	named := `[{"role":"user","content":[{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]`
	for _, c := range []struct {
		from, doc, to string
		want, lost    string // in the output; the warning
	}{
		{"anthropic", cached, "gemini", `"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}`, "cache_control dropped"},
		{"anthropic", cached, "responses", `"image_url":"data:image/png;base64,iVBORw0KGgo="`, "cache_control dropped"},
		{"anthropic", textDoc, "api", `"text": "Facts\n\nThe grass is green."`, "text documents written as text (their document framing lost) (--keep-vendor keeps them)"},
		{"anthropic", textDoc, "gemini", `"text":"Facts\n\nThe grass is green."`, "text documents written as text (their document framing lost)"},
		{"anthropic", fileImage, "gemini", `"text":"[image]"`, "image parts written as text placeholders"},
		{"gemini", code, "anthropic", `"text":"` + "```python\\nprint(1 + 1)\\n```" + `"`, "Gemini code execution parts written as text"},
		{"gemini", code, "responses", `"text":"` + "```output\\n2\\n```" + `"`, "Gemini code execution parts written as text"},
		{"gemini", code, "api", "```python\\nprint(1 + 1)\\n```", "Gemini code execution parts written as text (--keep-vendor keeps them)"},
		{"gemini", code, "chatml", "```output\n2\n```", "Gemini code execution parts written as text"},
		{"api", named, "gemini", `"inlineData":{"mimeType":"application/pdf","data":"JVBERi0="}`, "file names dropped"},
	} {
		out, warnings, err := convertDoc(t, c.from, c.to, c.doc, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		compact := out
		if c.to != "api" && c.to != "chatml" {
			compact = []byte(compactJSON(out))
		}
		if !bytes.Contains(compact, []byte(c.want)) || !slices.Contains(warnings, c.to+": "+c.lost) {
			t.Errorf("%s to %s: warnings %q, want %q; output\n%s\nwant %s in it", c.from, c.to, warnings, c.lost, compact, c.want)
		}
		var le *LossError
		if _, _, err := convertDoc(t, c.from, c.to, c.doc, EncodeOptions{Strict: true}); !errors.As(err, &le) || c.to+": "+le.Kind != c.to+": "+c.lost {
			t.Errorf("%s to %s, strict: %v, want a LossError %q", c.from, c.to, err, c.lost)
		}
	}
	out, warnings, err := convertDoc(t, "gemini", "gemini", code, EncodeOptions{Strict: true})
	if err != nil || len(warnings) > 0 || !strings.Contains(compactJSON(out), `{"executableCode":{"language":"PYTHON","code":"print(1 + 1)"}}`) {
		t.Errorf("gemini to gemini: %v, warnings %q\n%s", err, warnings, out)
	}
}
