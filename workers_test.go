package main

import (
	"bytes"
	"compress/gzip"
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
			sameOutput(t, runWith(t, 1, dir, args), runWith(t, 4, dir, args))
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

// TestCountSameOnAnyWorkers runs count, which parses the lines of JSON
// Lines on its workers, with one worker and with four over a generated
// dataset into which go a request body whose model count counts for,
// bodies naming other models, responses whose usage differs from the
// count, preference pairs, messages that are warned about (some once per
// input), a line over a megabyte (read in parts) and two lines that cannot
// be read; each run gives the same bytes on standard output and standard
// error, and the same exit code.
func TestCountSameOnAnyWorkers(t *testing.T) {
	n := longtest.Scale(600, 3000)
	lines := strings.SplitAfter(string(generatedDataset(t, n)), "\n")
	extra := []string{
		`{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}`,
		`{"messages": [{"role": "user", "content": null}, {"role": "narrator", "content": "a role no one knows"}]}`,
		`{"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": null}]}`,
		`{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "What is 2+2?"}]}, "response": {"id": "chatcmpl-2", "object": "chat.completion", "created": 1741570290, "model": "gpt-4o-2024-08-06", "choices": [{"index": 0, "message": {"role": "assistant", "content": "4."}, "logprobs": null, "finish_reason": "stop"}], "usage": {"prompt_tokens": 99, "completion_tokens": 8, "total_tokens": 107}}}`,
		`{"model": "gpt-3.5-turbo", "messages": [{"role": "tool", "content": "no id"}, {"role": "user", "content": [{"type": "text", "value": "a value"}]}]}`,
		`{"model": "a-model-no-one-knows", "messages": [{"role": "user", "content": null}]}`,
	}
	// The first line names the model to count for; the others go in
	// every sixth of the way, twice.
	body := extra[0] + "\n"
	for i, l := range lines {
		if i > 0 && i%(n/6) == 0 {
			body += extra[(i/(n/6))%len(extra)] + "\n" + extra[(i/(n/6)+3)%len(extra)] + "\n"
		}
		body += l
	}
	// The long line, read on the reader's goroutine, has a kind of warning
	// told once per input that the line before it, parsed on a worker,
	// has too: the first is told.
	long := `{"messages":[{"role":"narrator","content":"` + strings.Repeat("the long river ", 80_000) + `"},{"role":"user","content":[{"type":"image_url"}]}]}` + "\n"
	cut := strings.Index(body[len(body)/2:], "\n") + len(body)/2 + 1
	body = body[:cut] + `{"messages": [{"role": "user", "content": [{"type": "image_url"}]}]}` + "\n" + body[cut:]
	imageLine := strings.Count(body[:cut], "\n") + 1
	cut += strings.Index(body[cut:], "\n") + 1
	good := body[:cut] + long + body[cut:]
	bad := body[:cut/2] + "not json\n" + body[cut/2:cut] + long + "{\"messages\": [\n" + body[cut:]
	// Preference pairs are a file of their own: a pair is no line of a
	// chat dataset.
	var pairs strings.Builder
	for i := range n {
		fmt.Fprintf(&pairs, `{"prompt": [{"role": "user", "content": "Is %d odd?"}], "chosen": [{"role": "assistant", "content": "%v."}], "rejected": [{"role": "assistant", "content": "It is %v."}]}`+"\n", i, i%2 == 1, i%2 == 0)
	}
	dir := t.TempDir()
	for name, s := range map[string]string{"bad.jsonl": bad, "good.jsonl": good, "few.jsonl": strings.Join(extra, "\n"), "pairs.jsonl": pairs.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range []string{
		"count good.jsonl",
		"count --json good.jsonl",
		"count --by message good.jsonl",
		"count -t good.jsonl",
		"count --by conversation --cost few.jsonl good.jsonl few.jsonl",
		"count --skip-invalid --json bad.jsonl",
		"count --skip-invalid --by conversation bad.jsonl",
		"count --by conversation bad.jsonl", // stops at the first bad line, having counted what comes before
		"count --max-tokens 300 --by role good.jsonl",
		"count -m gpt-4o -t good.jsonl",
		"count --json --by message pairs.jsonl",
		"count pairs.jsonl",
	} {
		t.Run(args, func(t *testing.T) {
			one := runWith(t, 1, dir, args)
			want := "exit 0"
			switch {
			case args == "count --by conversation bad.jsonl":
				want = "exit 1"
			case strings.Contains(args, "--max-tokens"):
				want = "exit 3"
			}
			if !strings.HasPrefix(one, want+"\n") {
				t.Errorf("want %s, got %.2000s", want, one)
			}
			if image := fmt.Sprintf("good.jsonl:%d:", imageLine); strings.Contains(args, "good.jsonl") && !strings.Contains(one, image) {
				t.Errorf("no warning names %s, the first image without url:\n%s", image, one[strings.Index(one, "--- stderr"):])
			}
			for range 2 {
				sameOutput(t, one, runWith(t, 4, dir, args))
			}
		})
	}
}

// sameOutput fails at the first line where four, what a run on four
// workers wrote, differs from one, what a run on one wrote.
func sameOutput(t *testing.T, one, four string) {
	t.Helper()
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
}

// TestValidateSameOnAnyWorkers runs validate, whose workers read their own
// blocks of a file and find its lines, with one worker and with four, over
// a generated dataset with a byte order mark, lines that cannot be parsed
// or break the schema, blank lines, CRLF line ends, lines over a megabyte
// (streamed, or read whole for a schema of the user's) and no final
// newline; each run gives the same bytes and exit code. The same file
// gzipped, which one goroutine reads and cuts into lines, gives the same
// problems on the same lines.
func TestValidateSameOnAnyWorkers(t *testing.T) {
	n := longtest.Scale(1500, 6000)
	lines := strings.SplitAfter(string(generatedDataset(t, n)), "\n")
	long := strings.Repeat("the long river ", 80_000)
	odd := []string{
		"not json\n",
		`{"messages": [` + "\n",
		`{"messages":[{"role":"robot","content":"x"}]}` + "\r\n",
		"\n",
		"   \t\n",
		`{"messages":[]}` + "\n",
		`{"conversation":[{"role":"user","content":"hi"}]}` + "\n",
		`{"messages":[{"role":"user","content":"` + long + `"},{"role":"robot","content":"x"}]}` + "\n",
		`{"messages":[{"role":"user","content":"` + long + `"},{"role":` + "\n",
		`{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}` + "\r\n",
	}
	var b strings.Builder
	b.WriteString("\xef\xbb\xbf")
	var notJSON []string // where each "not json" line is
	for i, l := range lines {
		if i%(n/25) == 0 {
			o := odd[(i/(n/25))%len(odd)]
			if o == odd[0] {
				notJSON = append(notJSON, fmt.Sprintf("bad.jsonl:%d:1: error: unexpected character 'n'", strings.Count(b.String(), "\n")+1))
			}
			b.WriteString(o)
		}
		b.WriteString(l)
	}
	b.WriteString(`["no final newline"]`)
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("bad.jsonl", []byte(b.String()))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(b.String()))
	zw.Close()
	write("bad.jsonl.gz", gz.Bytes())
	write("needs-messages.json", []byte(`{"type": "object", "required": ["messages"]}`))
	for _, args := range []string{
		"validate bad.jsonl",
		"validate --json bad.jsonl",
		"validate --strict bad.jsonl",
		"validate --fine-tune bad.jsonl",
		"validate --schema SCHEMA bad.jsonl",
	} {
		t.Run(args, func(t *testing.T) {
			args := strings.ReplaceAll(args, "SCHEMA", filepath.Join(dir, "needs-messages.json"))
			one := runWith(t, 1, dir, args)
			if !strings.HasPrefix(one, "exit 3\n") {
				t.Errorf("want exit 3, got %.2000s", one)
			}
			if !strings.Contains(args, "--json") {
				for _, want := range append(notJSON, fmt.Sprintf("bad.jsonl:%d:1: error:", strings.Count(b.String(), "\n")+1)) {
					if !strings.Contains(one, want) {
						t.Errorf("no %s (each line that is not JSON, and the last line)", want)
					}
				}
			}
			for range 2 {
				sameOutput(t, one, runWith(t, 4, dir, args))
			}
			gz := filepath.Join(dir, "bad.jsonl.gz")
			gzipped := strings.ReplaceAll(runWith(t, 4, dir, strings.Replace(args, "bad.jsonl", gz, 1)), gz, filepath.Join(dir, "bad.jsonl"))
			sameOutput(t, one, gzipped)
		})
	}
}
