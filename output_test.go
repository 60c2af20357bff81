package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/safefile"
)

// messages reads the api-format file path and returns its messages' contents.
func messages(t *testing.T, path string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"convkit", "export", "-f", "jsonl", path}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("export %s: exit %d: %s", path, code, stderr.String())
	}
	var conv struct{ Messages []struct{ Content string } }
	if err := json.Unmarshal(stdout.Bytes(), &conv); err != nil {
		t.Fatal(err)
	}
	var contents []string
	for _, m := range conv.Messages {
		contents = append(contents, m.Content)
	}
	return contents
}

// TestConcurrentAppendsKeepEveryMessage runs 100 appends to one file at
// once: each must wait for the file's lock, so none is lost or torn.
func TestConcurrentAppendsKeepEveryMessage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chat.json")
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var stderr bytes.Buffer
			text := "message " + strconv.Itoa(i) + " " + strings.Repeat("x", 1000)
			if code := run([]string{"convkit", "append", path, "--role", "user", text}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
				t.Errorf("append %d: exit %d: %s", i, code, stderr.String())
			}
		}()
	}
	wg.Wait()
	got := messages(t, path)
	slices.Sort(got)
	got = slices.Compact(got)
	if len(got) != 100 {
		t.Fatalf("%d different messages, want 100", len(got))
	}
	for _, m := range got {
		if !strings.HasPrefix(m, "message ") || !strings.HasSuffix(m, strings.Repeat("x", 1000)) {
			t.Errorf("torn message %.40q", m)
		}
	}
}

// TestAppendDuringTrimInPlace appends while trim -i waits for its summary:
// the append waits for the trim, then adds to the trimmed file.
func TestAppendDuringTrimInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chat.json")
	for _, m := range []string{"one", "two", "three"} {
		if code := run([]string{"convkit", "append", path, "--role", "user", m}, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != exitOK {
			t.Fatal("append failed")
		}
	}
	trimmed := make(chan int)
	go func() {
		var stderr bytes.Buffer
		code := run([]string{"convkit", "trim", "-q", "-i", "--last", "1", "--summary-cmd", "sleep 0.5; echo summary", path}, nil, &bytes.Buffer{}, &stderr)
		if code != exitOK {
			t.Errorf("trim -i: exit %d: %s", code, stderr.String())
		}
		trimmed <- code
	}()
	time.Sleep(200 * time.Millisecond)
	var stderr bytes.Buffer
	if code := run([]string{"convkit", "append", path, "--role", "user", "four"}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("append: exit %d: %s", code, stderr.String())
	}
	<-trimmed
	if got, want := messages(t, path), []string{"summary", "three", "four"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestLockTimeoutNamesTheFile holds a file's lock longer than append waits.
func TestLockTimeoutNamesTheFile(t *testing.T) {
	defer func(d time.Duration) { output.LockTimeout = d }(output.LockTimeout)
	output.LockTimeout = 100 * time.Millisecond
	path := filepath.Join(t.TempDir(), "chat.json")
	held, err := safefile.Edit(path, safefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	var stderr bytes.Buffer
	code := run([]string{"convkit", "append", path, "--role", "user", "hi"}, nil, &bytes.Buffer{}, &stderr)
	want := path + ": error: another process has been writing it for 100ms (it holds .chat.json.ck.lock)\n" +
		"convkit: hint: another convkit append or -i/--in-place is editing it; try again when it is done\n"
	if code != exitFailure || stderr.String() != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", code, stderr.String(), want)
	}
}
