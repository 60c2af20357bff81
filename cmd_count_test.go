package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountProgress shows progress on a terminal's stderr only, and clears
// it at the end.
func TestCountProgress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.jsonl")
	line := `{"messages":[{"role":"user","content":"Hello, world!"}]}` + "\n"
	if err := os.WriteFile(path, []byte(strings.Repeat(line, 50)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tty := range []bool{true, false} {
		var out, errb bytes.Buffer
		e := &env{in: strings.NewReader(""), out: &out, err: &errb, errTTY: tty}
		err := runCount(e, countOptions{counter: counterOptions{model: "gpt-4o"}, total: true, files: []string{path}, progress: e.errTTY})
		if err != nil {
			t.Fatal(err)
		}
		if out.String() != "550\n" { // 50 × (3 + "user" 1 + "Hello, world!" 4 + 3)
			t.Errorf("tty %v: stdout %q", tty, out.String())
		}
		shown := strings.Contains(errb.String(), "counted 50 conversations, 550 tokens")
		if shown != tty || (tty && !strings.HasSuffix(errb.String(), "\r\x1b[K")) {
			t.Errorf("tty %v: stderr %q", tty, errb.String())
		}
	}
}
