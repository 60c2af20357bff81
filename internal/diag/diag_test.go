package diag

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLine(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, f := range []string{"chat.json", "data.zip", "big"} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir("dir", 0o755)
	os.WriteFile(filepath.Join("dir", "a b.json"), nil, 0o644)
	named := func(name string) bool { return name == "gone.json" || IsFile(name) }
	for _, tc := range []struct{ severity, msg, want string }{
		// A place: a file there is (or one the caller knows), with its line and column or not.
		{"error", "chat.json:2:31: /0/content: expected a string", "chat.json:2:31: error: /0/content: expected a string"},
		{"warning", "chat.json:3: a duplicate of chat.json:1", "chat.json:3: warning: a duplicate of chat.json:1"},
		{"error", "chat.json: empty input: no conversation", "chat.json: error: empty input: no conversation"},
		{"error", "big: over 1 MiB, the limit for a summary", "big: error: over 1 MiB, the limit for a summary"},
		{"error", "dir: is a directory, not a conversation file", "dir: error: is a directory, not a conversation file"},
		{"error", "dir/a b.json:1:1: this looks like plain text", "dir/a b.json:1:1: error: this looks like plain text"},
		{"error", "data.zip:part-2.jsonl:2:14: unexpected end", "data.zip:part-2.jsonl:2:14: error: unexpected end"},
		{"error", "data.zip:part-2.jsonl: empty input", "data.zip:part-2.jsonl: error: empty input"},
		{"error", "<stdin>:1:2: unexpected NUL byte", "<stdin>:1:2: error: unexpected NUL byte"},
		{"error", "<stdin>: empty input", "<stdin>: error: empty input"},
		{"error", "gone.json: no such file", "gone.json: error: no such file"},
		// No place: names that are no file, positions in a flag's value.
		{"error", "missing.json: no such file", "convkit: error: missing.json: no such file"},
		{"error", "EXPR:30: unexpected token EOF", "convkit: error: EXPR:30: unexpected token EOF"},
		{"error", "--messages:7: unknown name", "convkit: error: --messages:7: unknown name"},
		{"error", "--schema nope.json: no such file, nor an embedded schema", "convkit: error: --schema nope.json: no such file, nor an embedded schema"},
		{"warning", "anthropic: max_tokens is not set", "convkit: warning: anthropic: max_tokens is not set"},
		{"error", "stdout: no space left on device", "convkit: error: stdout: no space left on device"},
		{"error", "unknown format \"pdf\"", "convkit: error: unknown format \"pdf\""},
		{"warning", "8 examples: fine-tuning needs at least 10", "convkit: warning: 8 examples: fine-tuning needs at least 10"},
		{"error", "chat.json", "convkit: error: chat.json"},
	} {
		if got := Line(tc.severity, tc.msg, named); got != tc.want {
			t.Errorf("Line(%q, %q)\n got %q\nwant %q", tc.severity, tc.msg, got, tc.want)
		}
	}
}

// TestWithoutLineCol holds the place's end to what the pattern
// ^(.+?)(?::[0-9]+){1,2}$ strips.
func TestWithoutLineCol(t *testing.T) {
	for in, want := range map[string]string{"a.json:2:31": "a.json", "a.json:2": "a.json", "a:1:2:3": "a:1", ":1:2": ":1",
		"a.json": "", "a.json:": "", "a.json:x": "", "x.zip:m.json:3": "x.zip:m.json", ":1": ""} {
		got, ok := withoutLineCol(in)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("withoutLineCol(%q) = %q, want %q", in, got, want)
		}
	}
}
