package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestDetectCauses checks that Detect, given an input no format reads,
// names the cause with its sentinel, its place and its exact message.
func TestDetectCauses(t *testing.T) {
	const utf16 = "this file is UTF-16; convkit reads UTF-8 (iconv -f UTF-16 -t UTF-8 converts it)"
	tests := []struct {
		name      string
		head      string
		kind      error
		line, col int
		msg       string // the whole of Error()
	}{
		{"empty", "", ErrEmpty, 0, 0, "empty input: no conversation"},
		{"blank", " \n\t\n", ErrEmpty, 0, 0, "empty input: no conversation"},
		{"byte order mark alone", "\xef\xbb\xbf\n", ErrEmpty, 0, 0, "empty input: no conversation"},
		{"gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00", ErrCompressed, 1, 1,
			"1:1: this is a gzip-compressed file inside another; convkit decompresses one layer"},
		{"zstd", "\x28\xb5\x2f\xfd\x04\x58", ErrCompressed, 1, 1,
			"1:1: this is a zstd-compressed file inside another; convkit decompresses one layer"},
		{"bzip2", "BZh91AY&SY", ErrCompressed, 1, 1,
			"1:1: this is a bzip2-compressed file inside another; convkit decompresses one layer"},
		{"xz", "\xfd7zXZ\x00\x00\x04", ErrCompressed, 1, 1,
			"1:1: this is an xz-compressed file inside another; convkit decompresses one layer"},
		{"zip", "PK\x03\x04\x14\x00\x00\x00", ErrArchive, 1, 1,
			"1:1: this is a zip archive inside a compressed file; convkit reads a zip as it is, or one compressed file"},
		{"UTF-16LE with a byte order mark", "\xff\xfe[\x00{\x00}\x00]\x00", ErrUTF16, 1, 1, "1:1: " + utf16},
		{"UTF-16BE with a byte order mark", "\xfe\xff\x00[\x00]", ErrUTF16, 1, 1, "1:1: " + utf16},
		{"UTF-16LE without one", "[\x00{\x00\"\x00r\x00o\x00l\x00e\x00\"\x00", ErrUTF16, 1, 1, "1:1: " + utf16},
		{"comment first", "// a chat\n[]", ErrSyntax, 1, 1, "1:1: unexpected character '/', expected a JSON value"},
		{"block comment after spaces", "\n  /* a chat */\n[]", ErrSyntax, 2, 3, "2:3: unexpected character '/', expected a JSON value"},
		{"comment between messages", "[\n  {\"role\": \"user\", \"content\": \"hi\"},\n  // more\n]", ErrSyntax, 3, 3,
			"3:3: unexpected character '/', expected a JSON value"},
		{"comment before a key", "{\n  /* the model */ \"model\": \"x\",\n  \"messages\": []\n}", ErrSyntax, 2, 3,
			"2:3: unexpected character '/' in an object, expected a quoted key"},
		{"comment after a JSON line", "{\"messages\": []}\n{\"messages\": []} // two\n", ErrSyntax, 2, 18,
			"2:18: unexpected character '/' after the JSON value"},
		{"mistake before a comment", "[1,]\n// x", ErrSyntax, 1, 4, "1:4: trailing comma before ']'"},
		{"string", `"hello"`, ErrNotConversation, 1, 1,
			`1:1: expected a conversation (a messages array or an object with "messages"), got a string`},
		{"number after blank lines", "\n\n  42\n", ErrNotConversation, 3, 3,
			`3:3: expected a conversation (a messages array or an object with "messages"), got a number`},
		{"null", "null", ErrNotConversation, 1, 1,
			`1:1: expected a conversation (a messages array or an object with "messages"), got null`},
		{"plain text", "Dear diary,\ntoday I counted tokens.\n", ErrPlainText, 1, 1, "1:1: this looks like plain text, not a conversation"},
		{"a list", "1. Buy milk\n2. Count tokens\n", ErrPlainText, 1, 1, "1:1: this looks like plain text, not a conversation"},
		{"text cut in a character", "caf\xc3", ErrPlainText, 1, 1, "1:1: this looks like plain text, not a conversation"},
		{"binary", "%PDF-1.7\n\x01\x02\x03\x04", ErrUnknownFormat, 0, 0,
			"cannot tell the format of this input (convkit reads api, meta, jsonl, text, yaml, anthropic, gemini, responses, sharegpt, alpaca, trl-completion, trl-preference, trl-unpaired, openai-preference, chatml, chatgpt, claude, parquet)"},
		{"Latin-1", "caf\xe9 au lait\n", ErrUnknownFormat, 0, 0,
			"cannot tell the format of this input (convkit reads api, meta, jsonl, text, yaml, anthropic, gemini, responses, sharegpt, alpaca, trl-completion, trl-preference, trl-unpaired, openai-preference, chatml, chatgpt, claude, parquet)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Detect([]byte(tt.head), "")
			if err == nil {
				t.Fatalf("Detect = %s, want an error", f.Name)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.kind)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("%v (%T) is no *Error", err, err)
			}
			if ce.Line != tt.line || ce.Col != tt.col || ce.Pointer != "" || ce.File != "" {
				t.Errorf("place %q %d:%d %q, want %d:%d and no file or pointer", ce.File, ce.Line, ce.Col, ce.Pointer, tt.line, tt.col)
			}
			if err.Error() != tt.msg {
				t.Errorf("message\n%s\nwant\n%s", err, tt.msg)
			}
		})
	}
}

// TestDetectSameErrorAsReader checks that what Detect says of a comment or
// a top-level scalar is what the reader says once the format is named.
func TestDetectSameErrorAsReader(t *testing.T) {
	for _, in := range []string{
		`"hello"`,
		"[\n  {\"role\": \"user\", \"content\": \"hi\"},\n  // more\n]",
		"{\n  // the model\n  \"model\": \"x\",\n  \"messages\": []\n}",
		"{\"messages\": []}\n{\"messages\": []}\n// the end\n",
	} {
		_, derr := Detect([]byte(in), "")
		format := "api"
		if strings.Count(in, "messages") > 1 {
			format = "jsonl"
		}
		_, rerr := decodeWith(mustFormat(t, format), []byte(in), DecodeOptions{})
		if derr == nil || rerr == nil || derr.Error() != rerr.Error() || errors.Unwrap(derr) != errors.Unwrap(rerr) {
			t.Errorf("%q: Detect says %v, %s reads it with %v", in, derr, format, rerr)
		}
	}
}

// TestDetectReadable checks that what looks like a comment or a format's
// magic bytes inside a conversation does not stop Detect.
func TestDetectReadable(t *testing.T) {
	for in, want := range map[string]string{
		`[{"role": "user", "content": "see http://example.com /* not a comment */"}]`: "api",
		"USER: PK\x03\x04 and BZh9 and PAR1\n":                                        "text",
		"BZh is no bzip2 file without its block size\n\nUSER: hi\n":                   "",
	} {
		f, err := Detect([]byte(in), "")
		switch {
		case want == "" && !errors.Is(err, ErrPlainText):
			t.Errorf("%q: Detect = %v, %v; want plain text", in, f, err)
		case want != "" && (err != nil || f.Name != want):
			t.Errorf("%q: Detect = %v, %v; want %s", in, f, err, want)
		}
	}
}

// TestErrorFields checks that a reader's error carries its place, its
// JSON pointer and its kind, and reads as FILE:LINE:COL: POINTER: MSG.
func TestErrorFields(t *testing.T) {
	_, err := decodeWith(mustFormat(t, "api"), []byte("[\n  {\"role\": 1}\n]"), DecodeOptions{})
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("%v (%T) is no *Error", err, err)
	}
	if !errors.Is(err, ErrNotConversation) || ce.Line != 2 || ce.Col != 12 || ce.Pointer != "/0/role" {
		t.Errorf("got %d:%d %q, kind %v; want 2:12 /0/role, ErrNotConversation", ce.Line, ce.Col, ce.Pointer, ce.Err)
	}
	ce.File = "in.json"
	if want := "in.json:2:12: /0/role: expected a string, got a number"; ce.Error() != want {
		t.Errorf("Error() = %q, want %q", ce.Error(), want)
	}

	_, err = decodeWith(mustFormat(t, "api"), []byte(`[{"role": "user",}]`), DecodeOptions{})
	if !errors.As(err, &ce) || !errors.Is(err, ErrSyntax) || ce.Pointer != "" || err.Error() != "1:18: trailing comma before '}'" {
		t.Errorf("syntax error %q (%v), want 1:18: trailing comma before '}', ErrSyntax", err, err)
	}
	if _, err := Lookup("pdf"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Lookup(pdf) = %v, want ErrUnknownFormat", err)
	}
}

// TestDetectBodies checks that a provider's request body is read in its
// format whether pretty-printed, on one compact line or as a line of JSON
// Lines (a log of calls), and so are its batch API lines; and that JSON
// Lines of OpenAI chats, and a body any provider takes, stay as they were
// read. Each input is detected from its first sniffBytes, as convkit
// sniffs a file, and read whole in the format found.
func TestDetectBodies(t *testing.T) {
	const (
		anthropic     = `{"model":"claude-sonnet-4-5","max_tokens":100,"system":"You are a pirate.","messages":[{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{"a":1}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"r"}]}]}`
		anthropicRead = `system: You are a pirate.|user: go|assistant: |→ t1 f({"a":1})|tool[t1]: r`
		responses     = `{"model":"gpt-5","instructions":"be nice","input":[{"role":"user","content":"hi"},{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"ok"}]}`
		responsesRead = `system: be nice|user: hi|assistant: |→ c1 f({})|tool[c1]: ok`
		chat          = `{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}`
	)
	long := strings.Repeat("Speak like a pirate. ", sniffBytes/16)
	longAnthropic := strings.Replace(anthropic, "You are a pirate.", long, 1)
	longResponses := strings.Replace(responses, "be nice", long, 1)
	lines := func(l ...string) string { return strings.Join(l, "\n") + "\n" }
	tests := []struct {
		name, file, in, want string
		read                 []string // each conversation: [ID: ]messages, as summary gives them, joined by |
	}{
		{"anthropic, compact", "a.json", anthropic, "anthropic", []string{anthropicRead}},
		{"anthropic, pretty", "a.json", pretty(t, anthropic), "anthropic", []string{anthropicRead}},
		{"anthropic, tool blocks alone mark it", "", `{"messages":[{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]}]}`,
			"anthropic", []string{`user: go|assistant: |→ t1 f({})`}},
		{"anthropic, pretty, a system prompt longer than the head", "a.json", pretty(t, longAnthropic), "anthropic",
			[]string{strings.Replace(anthropicRead, "You are a pirate.", long, 1)}},
		{"anthropic, JSON Lines", "log.jsonl", lines(anthropic, anthropic), "anthropic", []string{anthropicRead, anthropicRead}},
		{"anthropic, JSON Lines whose first call any provider takes", "log.jsonl", lines(chat, anthropic), "anthropic",
			[]string{"user: hi", anthropicRead}},
		{"anthropic, JSON Lines, a first line longer than the head", "log.jsonl", lines(longAnthropic, anthropic), "anthropic",
			[]string{strings.Replace(anthropicRead, "You are a pirate.", long, 1), anthropicRead}},
		{"anthropic, Message Batches requests", "batch.jsonl", lines(
			`{"custom_id":"req-1","params":{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Hello"}]}}`,
			`{"custom_id":"req-2","params":`+anthropic+`}`),
			"anthropic", []string{"req-1: user: Hello", "req-2: " + anthropicRead}},
		{"anthropic, Message Batches results", "results.jsonl", lines(
			`{"custom_id":"req-1","result":{"type":"succeeded","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi!"}],"stop_reason":"end_turn","usage":{"input_tokens":9,"output_tokens":3}}}}`),
			"anthropic", []string{"req-1: assistant: Hi!"}},

		{"responses, compact", "r.json", `{"model":"gpt-5","instructions":"be nice","input":"hi"}`, "responses", []string{"system: be nice|user: hi"}},
		{"responses, a model and input alone", "r.json", `{"model":"gpt-5","input":"hi"}`, "responses", []string{"user: hi"}},
		{"an input and output pair is no request", "", lines(`{"model":"gpt-4","input":"Q","output":"A"}`), "", nil},
		{"responses, pretty", "r.json", pretty(t, responses), "responses", []string{responsesRead}},
		{"responses, pretty, instructions longer than the head", "r.json", pretty(t, longResponses), "responses",
			[]string{strings.Replace(responsesRead, "be nice", long, 1)}},
		{"responses, JSON Lines", "", lines(responses, `{"model":"gpt-5","input":"hi"}`), "responses", []string{responsesRead, "user: hi"}},
		{"responses, Batch API requests", "batch.jsonl", lines(
			`{"custom_id":"req-1","method":"POST","url":"/v1/responses","body":{"model":"gpt-5","input":"Hello"}}`,
			`{"custom_id":"req-2","method":"POST","url":"/v1/responses","body":`+responses+`}`),
			"responses", []string{"req-1: user: Hello", "req-2: " + responsesRead}},
		{"responses, Batch API output", "out.jsonl", lines(
			`{"id":"batch_req_1","custom_id":"req-1","response":{"status_code":200,"request_id":"r1","body":{"id":"resp_1","object":"response","model":"gpt-5","output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi!"}]}]}},"error":null}`),
			"responses", []string{"req-1: assistant: Hi!"}},

		{"an OpenAI chat on one line", "", lines(`{"messages":[{"role":"user","content":"hi"}]}`), "jsonl", []string{"user: hi"}},
		{"an OpenAI chat on one line without its newline", "", `{"messages":[{"role":"user","content":"hi"}]}`, "jsonl", []string{"user: hi"}},
		{"a body every provider takes, on one line", "", lines(chat), "jsonl", []string{"user: hi"}},
		{"a body every provider takes, pretty", "", pretty(t, chat), "api", []string{"user: hi"}},
		{"OpenAI chats whose images have no source", "", lines(
			`{"messages":[{"role":"user","content":[{"type":"image"},{"type":"text","text":"what is it?"}]},{"role":"assistant","content":"a cat"}],"images":["cat.png"]}`,
			`{"messages":[{"role":"user","content":"hi"}],"max_tokens":5}`),
			"jsonl", []string{"user: [image]\nwhat is it?|assistant: a cat", "user: hi"}},
		{"OpenAI fine-tuning lines with a system column", "", lines(
			`{"system":"s","messages":[{"role":"user","content":"hi","name":"bob"},{"role":"assistant","content":"yo","weight":0}]}`),
			"jsonl", []string{"user: hi|assistant: yo"}},
		{"OpenAI lines with a system column and an image_url", "", lines(
			`{"system":"s","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/a.png"}}]}]}`),
			"jsonl", []string{"user: [image: https://x/a.png]"}},
		{"chat completions Batch API requests", "", lines(
			`{"custom_id":"req-1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[{"role":"user","content":"Hello"}]}}`),
			"jsonl", []string{"req-1: user: Hello"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := []byte(tt.in)[:min(len(tt.in), sniffBytes)]
			f, err := Detect(head, tt.file)
			if tt.want == "" { // not read as a provider's body
				if err == nil && (f.Name == "responses" || f.Name == "anthropic") {
					t.Fatalf("Detect = %s", f.Name)
				}
				return
			}
			if err != nil || f.Name != tt.want {
				t.Fatalf("Detect = %v, %v; want %s", f, err, tt.want)
			}
			convs, err := decodeWith(f, []byte(tt.in), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var read []string
			for _, c := range convs {
				s := strings.Join(summary(c), "|")
				if c.ID != "" {
					s = c.ID + ": " + s
				}
				read = append(read, s)
			}
			if strings.Join(read, "\n") != strings.Join(tt.read, "\n") {
				t.Errorf("read as\n%s\nwant\n%s", strings.Join(read, "\n"), strings.Join(tt.read, "\n"))
			}
		})
	}
}

// TestDetectOneLineNewline: a file of one object on one line is read, and
// written back, the same with and without its final newline.
func TestDetectOneLineNewline(t *testing.T) {
	line := `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}`
	var outs []string
	for _, in := range []string{line, line + "\n"} {
		f, err := Detect([]byte(in), "chat.json")
		if err != nil {
			t.Fatal(err)
		}
		if !IsJSONLines([]byte(in), "chat.json") {
			t.Errorf("%q: not JSON Lines, so not written back as a line", in)
		}
		out := convertData(t, []byte(in), f.Name, "api")
		outs = append(outs, f.Name+"\n"+string(out))
	}
	if outs[0] != outs[1] {
		t.Errorf("without its newline, read as and written to api as\n%s\nwith it\n%s", outs[0], outs[1])
	}
}

// TestDetectLines checks that a first line longer than the head, which
// the input shows to be JSON Lines only past it, is sniffed as a line of
// JSON Lines: an Anthropic body as anthropic, an OpenAI chat as jsonl.
func TestDetectLines(t *testing.T) {
	long := strings.Repeat("Speak like a pirate. ", sniffBytes/16)
	for _, tt := range []struct{ in, document, line string }{
		{`{"model":"claude-sonnet-4-5","max_tokens":100,"system":"` + long + `","messages":[]}`, "anthropic", "anthropic"},
		{`{"messages":[{"role":"user","content":"` + long + `"}]}`, "api", "jsonl"},
	} {
		head := []byte(tt.in)[:sniffBytes]
		if f, err := Detect(head, "log.json"); err != nil || f.Name != tt.document {
			t.Errorf("%.40s…: Detect = %v, %v; want %s", tt.in, f, err, tt.document)
		}
		if f, err := DetectLines(head, "log.json"); err != nil || f.Name != tt.line {
			t.Errorf("%.40s…: DetectLines = %v, %v; want %s", tt.in, f, err, tt.line)
		}
	}
}

// pretty indents compact JSON.
func pretty(t *testing.T, compact string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(compact), "", "  "); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
