package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDedupeKeepsTheFirst writes datasets where conversations repeat with
// other white space and JSON spacing, and checks that dedupe writes exactly
// the first line of each, unchanged, in order, and filter then keeps
// exactly the lines its expression selects.
func TestDedupeKeepsTheFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	dir := t.TempDir()
	for trial := range 20 {
		var in, want bytes.Buffer
		seen := map[int]bool{}
		var long []string
		for range 200 {
			k := r.IntN(60)
			space := strings.Repeat(" ", 1+r.IntN(3))
			line := fmt.Sprintf(`{"messages": [{"role": "user", "content": "question%s%d"}, {"role": "assistant", "content": "answer %d", "x": %d}]}`, space, k, k, r.IntN(9))
			if r.IntN(2) == 0 {
				line = strings.ReplaceAll(line, ": ", ":")
			}
			in.WriteString(line + "\n")
			if !seen[k] {
				seen[k] = true
				want.WriteString(line + "\n")
				if k >= 30 {
					long = append(long, line)
				}
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("d%d.jsonl", trial))
		os.WriteFile(path, in.Bytes(), 0o644)
		var out, errs bytes.Buffer
		if code := run([]string{"convkit", "dedupe", path}, nil, &out, &errs); code != 0 {
			t.Fatalf("exit %d: %s", code, errs.String())
		}
		if out.String() != want.String() {
			t.Fatalf("trial %d: dedupe wrote\n%s\nwant\n%s", trial, out.String(), want.String())
		}
		deduped := filepath.Join(dir, fmt.Sprintf("d%d.dedupe.jsonl", trial))
		os.WriteFile(deduped, out.Bytes(), 0o644)
		out.Reset()
		if code := run([]string{"convkit", "filter", `int(split(messages[1].content, " ")[1]) >= 30`, deduped}, nil, &out, &errs); code != 0 {
			t.Fatalf("exit %d: %s", code, errs.String())
		}
		if got := strings.Join(long, "\n") + "\n"; out.String() != got && !(len(long) == 0 && out.Len() == 0) {
			t.Fatalf("trial %d: filter wrote\n%s\nwant\n%s", trial, out.String(), got)
		}
	}
}

// TestHeadStopsOnPipe checks that head answers once it has its
// conversations, while the writer of its standard input goes on.
func TestHeadStopsOnPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	defer r.Close()
	line := `{"messages":[{"role":"user","content":"a"}]}` + "\n"
	if _, err := w.WriteString(line + line); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"convkit", "head", "-n", "2"}, r, &stdout, &stderr) }()
	select {
	case code := <-done:
		if code != 0 || stdout.String() != line+line {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("head -n 2 still reads its open standard input after 2 lines")
	}
}
