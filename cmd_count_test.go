package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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

// lines is a JSONL dataset made on the fly, n conversations long, so that
// the test itself holds none of it.
type lines struct {
	n, i int
	buf  []byte
}

func (l *lines) Read(p []byte) (int, error) {
	for len(l.buf) == 0 {
		if l.i == l.n {
			return 0, io.EOF
		}
		l.i++
		text := strings.Repeat(fmt.Sprintf("Line %d of a long answer, with some words. ", l.i), 40)
		l.buf = fmt.Appendf(nil, `{"messages":[{"role":"user","content":"Question %d?"},{"role":"assistant","content":%q}]}`+"\n", l.i, text)
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}

// TestCountMemoryFlat counts a 40 MB dataset from standard input while
// watching the heap: it must stay far below the input's size.
func TestCountMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("counts 40 MB")
	}
	in := &lines{n: 20000}
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	var out, errb bytes.Buffer
	e := &env{in: in, out: &out, err: &errb}
	err := runCount(e, countOptions{counter: counterOptions{model: "gpt-4o"}, total: true})
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err, errb.String())
	}
	if strings.TrimSpace(out.String()) == "0" {
		t.Fatalf("counted nothing")
	}
	// Half the input: holding it whole would exceed this; the garbage the
	// collector has not yet reclaimed on a loaded machine does not.
	const size = 20000 * 2000 // bytes, about
	if p := peak.Load(); p > size/2 {
		t.Errorf("heap in use reached %d MB counting a %d MB input", p>>20, size>>20)
	}
}
