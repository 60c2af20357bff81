package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRunErrors feeds bad input and bad calls to run and checks the exit
// code and the one-line message, and that no output file is left behind.
func TestRunErrors(t *testing.T) {
	jsonl5 := `{"messages":[{"role":"user","content":"1"}]}
{"messages":[{"role":"user","content":"2"}]}
{"messages":[{"role":"user","content":"3"},]}
{"messages":[{"role":"user","content":"4"}]}
{"messages":[{"role":"user","content":"5"}]}
`
	tests := []struct {
		name  string
		input string // written to in.json (or the file named by file)
		file  string
		args  []string // after "convkit"; IN stands for the input file
		code  int
		want  string // regexp the single stderr line must match: FILE:LINE:COL: error: … or convkit: error: …
	}{
		{"truncated JSON", `[{"role":"user","content":"hi"`, "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:31: error: unexpected end of input in an object \(missing '}'\)$`},
		{"trailing data", `[{"role":"user","content":"hi"}] [1]`, "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:34: error: unexpected character '\[' after the JSON value$`},
		{"empty file", ``, "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN: error: empty input: no conversation$`},
		{"blank file", "\n  \n", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN: error: empty input: no conversation$`},
		{"invalid UTF-8", "[{\"role\":\"user\",\"content\":\"caf\xe9\"}]", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:31: error: invalid UTF-8 in a string$`},
		{"duplicate keys", `[{"role":"user","content":"a","role":"assistant"}]`, "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:31: error: duplicate key "role" \(first at 1:3\)$`},
		{"content of the wrong type", "[\n  {\"role\": \"user\", \"content\": 42}\n]", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:2:31: error: /0/content: expected a string, an array of parts or null, got a number$`},
		{"role of the wrong type", `{"messages":[{"role":1}]}`, "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:22: error: /messages/0/role: expected a string, got a number$`},
		{"message without role", `[{"content":"hi"}]`, "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:2: error: /0: message has no "role"$`},
		{"top-level scalar", `"hello"`, "", []string{"export", "-f", "text", "--from", "api", "IN"}, exitFailure,
			`^IN:1:1: error: expected a conversation \(a messages array or an object with "messages"\), got a string$`},
		{"JSONL line 3 of 5 broken", jsonl5, "in.jsonl", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:3:44: error: trailing comma before '\]'$`},
		{"UTF-16 file", "\xff\xfe[\x00]\x00", "", []string{"export", "-f", "text", "--from", "api", "IN"}, exitFailure,
			`^IN:1:1: error: unexpected byte 0xff \(is this file UTF-16\? convkit reads UTF-8\), expected a JSON value$`},
		{"sniffed UTF-16 file", "\xff\xfe[\x00]\x00", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:1: error: this file is UTF-16; convkit reads UTF-8 \(iconv -f UTF-16 -t UTF-8 converts it\)$`},
		{"gzip file", "\x1f\x8b\x08\x00", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN: error: gzip data ends early, in line 1 of the decompressed stream \(a truncated file\?\)$`},
		{"zip file", "PK\x03\x04", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN: error: not a readable zip archive: zip: not a valid zip file$`},
		{"Parquet file", "PAR1\x15\x04", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN: error: not a readable Parquet file: it ends before its index \(a truncated file\?\)$`},
		{"comment", "// chat\n[]", "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:1: error: unexpected character '/', expected a JSON value$`},
		{"sniffed top-level scalar", `"hello"`, "", []string{"export", "-f", "text", "IN"}, exitFailure,
			`^IN:1:1: error: expected a conversation \(a messages array or an object with "messages"\), got a string$`},
		{"plain text", "Dear diary,\n", "in.txt", []string{"export", "-f", "api", "IN"}, exitFailure,
			`^IN:1:1: error: this looks like plain text, not a conversation$`},
		{"text without a label", "hello there\n", "in.txt", []string{"export", "-f", "api", "--from", "text", "IN"}, exitFailure,
			`^IN:1:1: error: expected a role label such as "USER:" \(or a "# title" line\) at the start of a conversation$`},
		{"missing file", "", "", []string{"export", "-f", "text", "nope.json"}, exitFailure,
			`^nope.json: error: no such file$`},
		{"unknown output format", `[]`, "", []string{"export", "-f", "pdf", "IN"}, exitUsage,
			`^convkit: error: unknown format "pdf" \(known: api, meta, jsonl, text, markdown, yaml`},
		{"unknown input format", `[]`, "", []string{"export", "-f", "api", "--from", "pdf", "IN"}, exitUsage,
			`^convkit: error: unknown format "pdf"`},
		{"read-only format as input", `[]`, "", []string{"export", "-f", "api", "--from", "markdown", "IN"}, exitUsage,
			`^convkit: error: format "markdown" can be written but not read$`},
		{"unknown input format, -f missing too", `[]`, "", []string{"export", "--from", "nosuch", "IN"}, exitUsage,
			`^convkit: error: unknown format "nosuch"`},
		{"missing --format", `[]`, "", []string{"export", "IN"}, exitUsage,
			`^convkit: error: export needs -f/--format FORMAT$`},
		{"unknown flag", `[]`, "", []string{"export", "-f", "api", "--frobnicate", "IN"}, exitUsage,
			`^convkit: error: unknown flag --frobnicate$`},
		{"unknown command", ``, "", []string{"frobnicate"}, exitUsage,
			`^convkit: error: unknown command "frobnicate"$`},
		{"output is the input", `[]`, "", []string{"export", "-f", "api", "-o", "IN", "IN"}, exitUsage,
			`^IN: error: output file is also an input; convkit never overwrites its input$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			name := tt.file
			if name == "" {
				name = "in.json"
			}
			if err := os.WriteFile(name, []byte(tt.input), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"convkit"}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "IN", name))
			}
			var stdout, stderr bytes.Buffer
			code := run(args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			want := regexp.MustCompile(strings.ReplaceAll(tt.want, "IN", regexp.QuoteMeta(name)))
			if !want.MatchString(lines[0]) {
				t.Errorf("stderr line 1 = %q, want match for %s", lines[0], want)
			}
			for _, l := range lines[1:] {
				if !strings.HasPrefix(l, "convkit: hint: ") {
					t.Errorf("stderr has more than one error line: %q", l)
				}
			}
			if data, _ := os.ReadFile(name); string(data) != tt.input {
				t.Errorf("the input file changed")
			}
		})
	}
}

// TestOutputLeftUntouchedOnError checks -o: on an error no file is created
// and an existing file keeps its content.
func TestOutputLeftUntouchedOnError(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("bad.jsonl", []byte("{\"messages\":[]}\n{oops}\n"), 0o644)
	os.WriteFile("old.txt", []byte("keep me"), 0o644)
	for _, out := range []string{"new.txt", "old.txt"} {
		var stderr bytes.Buffer
		if code := run([]string{"convkit", "export", "-f", "text", "-o", out, "bad.jsonl"}, nil, &bytes.Buffer{}, &stderr); code != exitFailure {
			t.Fatalf("exit %d, want 1: %s", code, stderr.String())
		}
	}
	if _, err := os.Stat("new.txt"); !os.IsNotExist(err) {
		t.Errorf("new.txt was created by a failed export")
	}
	if data, _ := os.ReadFile("old.txt"); string(data) != "keep me" {
		t.Errorf("old.txt was changed by a failed export: %q", data)
	}
	if left, _ := filepath.Glob(".*tmp*"); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestBOM checks that a UTF-8 byte order mark is accepted in every readable format.
func TestBOM(t *testing.T) {
	for _, in := range []string{
		"\xef\xbb\xbf[{\"role\":\"user\",\"content\":\"hi\"}]",
		"\xef\xbb\xbf{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n{\"messages\":[]}\n",
		"\xef\xbb\xbfUSER: hi\n",
		"\xef\xbb\xbf- role: user\n  content: hi\n",
	} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"convkit", "export", "-f", "text"}, strings.NewReader(in), &stdout, &stderr); code != exitOK {
			t.Errorf("%q: exit %d: %s", in, code, stderr.String())
		}
		if !strings.HasPrefix(stdout.String(), "USER: hi\n") {
			t.Errorf("%q: got %q", in, stdout.String())
		}
	}
}
