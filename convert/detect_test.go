package convert

import (
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
