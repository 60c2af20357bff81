package smallfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadRefusesPastTheLimit(t *testing.T) {
	if data, err := Read(strings.NewReader("12345678"), "in", "a test", 8); err != nil || string(data) != "12345678" {
		t.Fatalf("at the limit: %q, %v", data, err)
	}
	_, err := Read(strings.NewReader("123456789"), "in", "a summary", 8)
	if err == nil || err.Error() != "in: over 0 KiB, the limit for a summary" {
		t.Fatalf("past the limit: %v", err)
	}
	_, err = Read(strings.NewReader(strings.Repeat("x", 2<<20)), "in", "a schema", MaxSummary)
	if err == nil || err.Error() != "in: over 1 MiB, the limit for a schema" {
		t.Fatalf("past 1 MiB: %v", err)
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.txt")
	os.WriteFile(path, []byte("summary\n"), 0o644)
	if data, err := ReadFile(path, "a summary", MaxSummary); err != nil || string(data) != "summary\n" {
		t.Fatalf("ReadFile: %q, %v", data, err)
	}
	if _, err := ReadFile(path+".missing", "a summary", MaxSummary); !os.IsNotExist(err) {
		t.Fatalf("a missing file: %v, want the os.Open error", err)
	}
}

func TestSizeName(t *testing.T) {
	for n, want := range map[int64]string{1 << 20: "1 MiB", 16 << 20: "16 MiB", 64 << 10: "64 KiB", 3 << 19: "1536 KiB"} {
		if got := SizeName(n); got != want {
			t.Errorf("SizeName(%d) = %q, want %q", n, got, want)
		}
	}
}
