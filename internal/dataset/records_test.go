package dataset

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
)

const threeLines = `{"messages":[{"role":"user","content":"a"}]}
{"messages":[{"role":"user","content": "b"}]}
not json
{"messages":[{"role":"user","content":"c"}]}
`

func file(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	os.WriteFile(path, []byte(data), 0o644)
	return path
}

func TestEachSkipsOrGivesUnreadableLines(t *testing.T) {
	path := file(t, "d.jsonl", threeLines)
	var errs bytes.Buffer
	e := &app.Env{Err: &errs}
	var lines []int
	skipped, err := Each(e, Options{Files: []string{path}, SkipInvalid: true, Verbose: true}, func(r *Record) error {
		lines = append(lines, r.Line)
		if r.SourceLine() != r.Line || r.Where() != path+":"+string(rune('0'+r.Line)) {
			t.Errorf("record at %s, source line %d", r.Where(), r.SourceLine())
		}
		return nil
	})
	if err != nil || skipped != 1 || len(lines) != 3 || lines[2] != 4 || !strings.HasPrefix(errs.String(), path+":3:1: warning: ") || !strings.Contains(errs.String(), "(line skipped)") {
		t.Fatalf("skipped %d, lines %v, %v; told %q", skipped, lines, err, errs.String())
	}
	var bad int
	_, err = Each(e, Options{Files: []string{path}, Unreadable: true}, func(r *Record) error {
		if r.Err != nil {
			bad = r.Line
		}
		return nil
	})
	if err != nil || bad != 3 {
		t.Fatalf("Unreadable gave line %d as unreadable, %v", bad, err)
	}
	if _, err := Each(e, Options{Files: []string{path}}, func(*Record) error { return nil }); err == nil || !strings.HasPrefix(err.Error(), path+":3:") {
		t.Fatalf("without --skip-invalid: %v, want the located error", err)
	}
}

func TestSinkWritesKeptLinesByteForByte(t *testing.T) {
	path := file(t, "d.jsonl", strings.ReplaceAll(threeLines, "not json\n", ""))
	var out bytes.Buffer
	e := &app.Env{Out: &out, Err: &bytes.Buffer{}}
	s, err := OpenSink(e, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Each(e, Options{Files: []string{path}}, func(r *Record) error {
		if r.Conv.Messages[0].Content.PlainText() == "b" {
			return nil
		}
		return s.Write(r, r.Conv)
	})
	if err = s.Finish(err); err != nil {
		t.Fatal(err)
	}
	want := `{"messages":[{"role":"user","content":"a"}]}` + "\n" + `{"messages":[{"role":"user","content":"c"}]}` + "\n"
	if out.String() != want {
		t.Fatalf("wrote %q, want %q", out.String(), want)
	}
}

func TestOpenSinksNeedsADirAndCommitsOnlyOnSuccess(t *testing.T) {
	e := &app.Env{Err: &bytes.Buffer{}}
	if _, err := OpenSinks(e, "", "", Options{}, []string{"a"}); !errors.As(err, new(*cmderr.Usage)) {
		t.Fatalf("no dir: %v", err)
	}
	path := file(t, "d.jsonl", `{"messages":[{"role":"user","content":"a"}]}`+"\n")
	dir := filepath.Join(t.TempDir(), "out")
	opts := Options{Files: []string{path}}
	write := func(fail error) error {
		sinks, err := OpenSinks(e, dir, "", opts, []string{"one", "two"})
		if err != nil {
			return err
		}
		_, err = Each(e, opts, func(r *Record) error { return sinks[1].Write(r, r.Conv) })
		if err == nil {
			err = fail
		}
		return FinishAll(sinks, err)
	}
	if err := write(errors.New("boom")); err == nil {
		t.Fatal("a failure was not returned")
	}
	if _, err := os.Stat(filepath.Join(dir, "two.jsonl")); !os.IsNotExist(err) {
		t.Fatalf("a failed run left two.jsonl: %v", err)
	}
	if err := write(nil); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "two.jsonl")); !strings.Contains(string(data), `"a"`) {
		t.Fatalf("two.jsonl holds %q", data)
	}
}

func TestParallelKeepsInputOrder(t *testing.T) {
	var in strings.Builder
	for i := range 200 {
		in.WriteString(`{"messages":[{"role":"user","content":"` + strings.Repeat("x", i) + `"}]}` + "\n")
	}
	e := &app.Env{In: strings.NewReader(in.String()), Err: &bytes.Buffer{}}
	var worked atomic.Int32
	var order []int
	_, err := Parallel(e, Options{}, func(r *Record) func() error {
		worked.Add(1)
		n := len(r.Conv.Messages[0].Content.PlainText())
		return func() error { order = append(order, n); return nil }
	})
	if err != nil || worked.Load() != 200 {
		t.Fatalf("worked %d, %v", worked.Load(), err)
	}
	for i, n := range order {
		if n != i {
			t.Fatalf("record %d came as %d", i, n)
		}
	}
}

func TestKey(t *testing.T) {
	if _, err := Key("--key", "messages[", nil); !errors.As(err, new(*cmderr.Usage)) {
		t.Errorf("a broken key: %v", err)
	}
	if _, err := Key("--by", "tokens", nil); err == nil || err.Error() != "--by: a key expression cannot use tokens" {
		t.Errorf("a key with tokens: %v", err)
	}
}

func TestCheckInPlace(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		ok   bool
	}{{Options{Files: []string{"a"}}, true}, {Options{Files: []string{"a"}, Output: "b"}, false}, {Options{}, false}, {Options{Files: []string{"-"}}, false}} {
		if err := CheckInPlace(tc.opts, true); (err == nil) != tc.ok {
			t.Errorf("%+v: %v", tc.opts, err)
		}
	}
	if SkippedNote(0) != "" || SkippedNote(2) != ", skipped 2 lines that could not be read" {
		t.Errorf("SkippedNote: %q", SkippedNote(2))
	}
}
