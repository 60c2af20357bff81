package progress

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBarShowsOnlyAfterItsDelay(t *testing.T) {
	var term bytes.Buffer
	quick := New(&term, 10, 1<<62)
	io.Copy(io.Discard, quick.Reader(strings.NewReader("0123456789")))
	quick.Done()
	if term.Len() != 0 {
		t.Fatalf("a quick read drew %q", term.String())
	}
	slow := New(&term, 10, 0)
	io.Copy(io.Discard, slow.Reader(strings.NewReader("0123456789")))
	if slow.bar == nil {
		t.Fatal("a read past the delay made no bar")
	}
	slow.Done()
	term.Reset()
	slow.Add(5)
	if term.Len() != 0 || slow.bar != nil {
		t.Fatalf("a bar drew %q after Done", term.String())
	}
}

func TestNilBarShowsNothing(t *testing.T) {
	var p *Bar
	p.Add(3)
	p.Clear()
	p.Done()
	r := strings.NewReader("x")
	if p.Reader(r) != io.Reader(r) {
		t.Fatal("a nil bar wrapped the reader")
	}
}

func TestInputsSize(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, make([]byte, 3), 0o644)
	os.WriteFile(b, make([]byte, 4), 0o644)
	if got := InputsSize([]string{a, b}, nil); got != 7 {
		t.Errorf("two files: %d, want 7", got)
	}
	if got := InputsSize([]string{a, "-"}, strings.NewReader("pipe")); got != -1 {
		t.Errorf("a pipe: %d, want -1", got)
	}
	if got := InputsSize([]string{dir}, nil); got != -1 {
		t.Errorf("a directory: %d, want -1", got)
	}
}
