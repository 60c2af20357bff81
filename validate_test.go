package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .want files of testdata/bad")

// TestValidateBadFiles runs convkit validate on every file of testdata/bad
// and compares its exit code, its problems (stdout) and its summary
// (stderr) with the file's .want: every
// problem located, no panic, bounded memory, the file left as it was.
func TestValidateBadFiles(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/bad/*.json", "testdata/bad/*.jsonl"} {
		more, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, more...)
	}
	if len(files) < 40 {
		t.Fatalf("only %d bad files", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			code := run([]string{"convkit", "validate", path}, strings.NewReader(""), &stdout, &stderr)
			runtime.ReadMemStats(&m1)
			// The problems are validate's output (stdout); the summary, and
			// a file it cannot read, go to stderr.
			got := strings.ReplaceAll(fmt.Sprintf("exit %d\n%s-- stderr --\n%s", code, stdout.String(), stderr.String()), "testdata/bad/", "")
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 64<<20 {
				t.Errorf("allocated %d MiB for a %d-byte file", alloc>>20, len(before))
			}
			after, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(before, after) {
				t.Errorf("the input changed (err %v)", err)
			}
			want := path + ".want"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (go test -run TestValidateBadFiles -update writes it)", err)
			}
			if got != string(w) {
				t.Errorf("got:\n%s\nwant:\n%s", got, w)
			}
		})
	}
}
