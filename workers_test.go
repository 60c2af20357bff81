package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/longtest"
)

// TestVerbsSameOnAnyWorkers runs the dataset verbs that work on every core
// with one worker and with four, over a generated dataset with tool calls
// and repeats, a line over a megabyte (read apart, a message at a time) and
// two lines that cannot be read, and checks that each gives the same bytes
// on standard output, standard error and in the files of -o DIR, and the
// same exit code: the output is in input order, whatever worker finished
// first.
func TestVerbsSameOnAnyWorkers(t *testing.T) {
	n := longtest.Scale(600, 3000)
	lines := strings.SplitAfter(string(generatedDataset(t, n)), "\n")
	long := `{"messages":[{"role":"user","content":"` + strings.Repeat("the long river ", 80_000) + `"},{"role":"assistant","content":"ok"}]}` + "\n"
	part := func(from, to int) string { return strings.Join(lines[from*n/6:to*n/6], "") }
	data := part(0, 2) + long + part(2, 4) + "{\"messages\": [\n" + part(4, 5) + "not json\n" + part(5, 6)
	good := part(0, 2) + long + part(2, 6)
	dir := t.TempDir()
	for name, s := range map[string]string{"bad.jsonl": data, "good.jsonl": good} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range []string{
		"filter tokens>120 good.jsonl",
		"filter --role system --messages role!=\"system\" -v good.jsonl",
		"filter --skip-invalid -v turns>1 bad.jsonl",
		"filter turns>1 bad.jsonl", // stops at the first bad line, having written what comes before
		"filter --valid bad.jsonl",
		"filter --invalid bad.jsonl",
		"grep -C 1 -i the good.jsonl",
		"grep -c --role assistant river good.jsonl good.jsonl",
		"dedupe -v good.jsonl",
		"dedupe --near 0.8 -v good.jsonl",
		"stats good.jsonl",
		"stats --json --skip-invalid bad.jsonl",
		"chunk --max-tokens 150 --on-unfit skip -v good.jsonl",
		"split --train 0.7 -o DIR good.jsonl",
		"shard -n 3 --by first-user -o DIR good.jsonl",
		"shard -n 3 --skip-invalid -o DIR bad.jsonl",
		"redact good.jsonl",
	} {
		t.Run(args, func(t *testing.T) {
			one := runWith(t, 1, dir, args)
			four := runWith(t, 4, dir, args)
			if one == four {
				return
			}
			a, b := strings.Split(one, "\n"), strings.Split(four, "\n")
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Fatalf("1 and 4 workers differ at line %d:\n1: %.300s\n4: %.300s", i+1, a[i], b[i])
				}
			}
			t.Fatalf("1 worker gave %d lines, 4 workers %d", len(a), len(b))
		})
	}
}

// runWith runs convkit args in dir, on workers cores (GOMAXPROCS), and
// returns all it wrote: exit code, standard output, standard error and the
// files of -o DIR, in one string. It fails when standard output and DIR
// are both empty: a comparison of nothing shows nothing.
func runWith(t *testing.T, workers int, dir, args string) string {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers))
	outDir := filepath.Join(t.TempDir(), "out")
	argv := []string{"convkit"}
	for _, a := range strings.Fields(args) {
		switch {
		case a == "DIR":
			a = outDir
		case strings.HasSuffix(a, ".jsonl"):
			a = filepath.Join(dir, a)
		}
		argv = append(argv, a)
	}
	var stdout, stderr bytes.Buffer
	code := run(argv, strings.NewReader(""), &stdout, &stderr)
	got := fmt.Sprintf("exit %d\n%s\n--- stderr\n%s", code, stdout.String(), strings.ReplaceAll(stderr.String(), dir, "DIR"))
	files, _ := filepath.Glob(filepath.Join(outDir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got += fmt.Sprintf("--- %s\n%s", filepath.Base(f), b)
	}
	if stdout.Len() == 0 && len(files) == 0 {
		t.Fatalf("%s wrote nothing: exit %d, %s", args, code, stderr.String())
	}
	return got
}
