package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestTrimExitCodes runs trim and append in-process for their exact exit
// codes, and checks that a failed -i leaves the folder as it was: the file
// unchanged and no temporary file behind.
func TestTrimExitCodes(t *testing.T) {
	const chat = `[{"role":"system","content":"You are a storyteller."},{"role":"user","content":"Tell me a long story."},{"role":"assistant","content":"Once upon a time, the end."}]`
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"trim", "--last", "1", "chat.json"}, exitOK},
		{[]string{"trim", "-i", "--last", "1", "chat.json"}, exitOK},
		{[]string{"trim", "-i", "--max-tokens", "5", "chat.json"}, exitNo},
		{[]string{"trim", "-i", "--max-tokens", "15", "chat.json"}, exitNo},
		{[]string{"trim", "-i", "--last", "1", "--summary-cmd", "exit 4", "chat.json"}, exitFailure},
		{[]string{"trim", "-i", "--keep", "both", "chat.json"}, exitUsage},
		{[]string{"trim", "--last", "1", "-o", "chat.json", "chat.json"}, exitUsage},
		{[]string{"trim", "-i", "--last", "1", "missing.json"}, exitFailure},
		{[]string{"append", "chat.json", "--role", "robot", "x"}, exitUsage},
		{[]string{"append", "missing/chat.json", "--role", "user", "x"}, exitFailure},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if err := os.WriteFile("chat.json", []byte(chat), 0o600); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"convkit"}, tc.args...), strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if st, err := os.Stat("chat.json"); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("chat.json lost its mode 0600 (%v)", err)
			}
			if code == exitOK {
				return
			}
			if got, _ := os.ReadFile("chat.json"); string(got) != chat {
				t.Errorf("chat.json changed:\n%s", got)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if !slices.Equal(names, []string{"chat.json"}) {
				t.Errorf("the folder holds %v, want only chat.json", names)
			}
			if line, _, _ := strings.Cut(stderr.String(), "\n"); !strings.Contains(line, ": error: ") {
				t.Errorf("stderr does not start with an error line:\n%s", stderr.String())
			}
		})
	}
}
