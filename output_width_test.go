package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/convkit/convkit/internal/numfmt"
)

// TestCountAlignsWideNames checks that count's table lines up on screen
// when a file name holds wide characters: every line takes as many cells.
func TestCountAlignsWideNames(t *testing.T) {
	dir := t.TempDir()
	chat := []byte(`[{"role": "user", "content": "hi"}]`)
	var files []string
	for _, name := range []string{"日本語の会話記録ファイル.json", "a.json", "café.json"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, chat, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	var out, errOut bytes.Buffer
	if code := run(append([]string{"convkit", "count"}, files...), strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(out.String(), "\n")[:4] // the header and three rows
	for _, l := range lines[1:] {
		if numfmt.Width(l) != numfmt.Width(lines[0]) {
			t.Errorf("misaligned:\n%s", strings.Join(lines, "\n"))
			break
		}
	}
}

// fullWriter fails as a full disk does under os.Stdout.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

// TestFullStdout: writing to a full standard output is a failure that
// names it.
func TestFullStdout(t *testing.T) {
	for _, args := range [][]string{{"count", "testdata/seeds/alice.json"}, {"export", "-f", "text", "testdata/seeds/alice.json"}} {
		var errOut bytes.Buffer
		code := run(append([]string{"convkit"}, args...), strings.NewReader(""), fullWriter{}, &errOut)
		if code != exitFailure || errOut.String() != "convkit: error: stdout: no space left on device\n" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}
