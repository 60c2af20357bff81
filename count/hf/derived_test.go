package hf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestDerivedKeepsWhileTheFileKeeps: a second call reads what was kept
// (the file changed in place, size and time kept, is not read again); a
// new modification time derives anew; a failing derive keeps nothing; a
// kept file that does not decode is made again.
func TestDerivedKeepsWhileTheFileKeeps(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "tokenizer_config.json")
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func(content string, at time.Time) {
		t.Helper()
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	calls := 0
	upper := func(b []byte) ([]byte, error) { calls++; return bytes.ToUpper(b), nil }
	decode := func(b []byte) (string, error) {
		if bytes.ContainsRune(b, 'q') {
			return "", errors.New("damaged")
		}
		return string(b), nil
	}
	get := func() string {
		t.Helper()
		out, err := Derived(path, cache, "test", upper, decode)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	write("abc", when)
	if got := get(); got != "ABC" || calls != 1 {
		t.Fatalf("first call: %q after %d derives, want ABC after 1", got, calls)
	}
	write("xyz", when) // same size, same time
	if got := get(); got != "ABC" || calls != 1 {
		t.Fatalf("unchanged size and time: %q after %d derives, want the kept ABC", got, calls)
	}
	write("xyz", when.Add(time.Second))
	if got := get(); got != "XYZ" || calls != 2 {
		t.Fatalf("a new time: %q after %d derives, want XYZ after 2", got, calls)
	}
	fail := errors.New("bad")
	write("bad!", when.Add(2*time.Second))
	if _, err := Derived(path, cache, "test", func([]byte) ([]byte, error) { return nil, fail }, decode); !errors.Is(err, fail) {
		t.Fatalf("derive's error: got %v", err)
	}
	if got := get(); got != "BAD!" {
		t.Fatalf("after a failed derive: %q, want BAD! derived anew", got)
	}
	var kept string // the file kept for the file as it is now
	all, _ := filepath.Glob(filepath.Join(cache, "test-*"))
	for _, f := range all {
		if b, _ := os.ReadFile(f); string(b) == "BAD!" {
			kept = f
		}
	}
	os.WriteFile(kept, []byte("qqqq"), 0o600)
	if got := get(); got != "BAD!" || calls != 4 {
		t.Fatalf("a damaged kept file: %q after %d derives, want BAD! after 4", got, calls)
	}
	if again, _ := os.ReadFile(kept); string(again) != "BAD!" {
		t.Fatalf("the damaged kept file holds %q, want it made again", again)
	}
	if _, err := Derived(filepath.Join(dir, "none.json"), cache, "test", upper, decode); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a missing file: got %v, want ErrNotExist", err)
	}
}
