package spool

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"testing"
	"testing/iotest"
)

// TestCopy copies a stream to a temporary file that reads back the same at
// any offset and that leaves nothing behind, after Close or after a
// failed copy.
func TestCopy(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789"), 100_000)
	sf, err := Copy(dir, iotest.OneByteReader(bytes.NewReader(data[:1000])))
	if err != nil {
		t.Fatal(err)
	}
	sf.Close()
	sf, err = Copy(dir, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); runtime.GOOS != "windows" && len(entries) > 0 {
		t.Errorf("the open copy has a name: %v", entries)
	}
	if sf.Size() != int64(len(data)) {
		t.Errorf("size %d, want %d", sf.Size(), len(data))
	}
	got, err := io.ReadAll(io.NewSectionReader(sf, 0, sf.Size()))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("read back %d bytes, %v", len(got), err)
	}
	tail := make([]byte, 4)
	if _, err := sf.ReadAt(tail, sf.Size()-4); err != nil || string(tail) != "6789" {
		t.Errorf("tail %q, %v", tail, err)
	}
	if err := sf.Close(); err != nil {
		t.Fatal(err)
	}
	if err := sf.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	boom := errors.New("pipe broke")
	if _, err := Copy(dir, io.MultiReader(bytes.NewReader(data), iotest.ErrReader(boom))); !errors.Is(err, boom) {
		t.Errorf("got %v, want %v", err, boom)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestScratch: bytes appended read back where they went, Reset empties
// the file, and it has no name while open.
func TestScratch(t *testing.T) {
	dir := t.TempDir()
	sf, err := Scratch(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	if entries, _ := os.ReadDir(dir); runtime.GOOS != "windows" && len(entries) > 0 {
		t.Errorf("the scratch file has a name: %v", entries)
	}
	for _, s := range []string{"first ", "second"} {
		if _, err := sf.Append([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	got := make([]byte, 6)
	if _, err := sf.ReadAt(got, 6); err != nil || string(got) != "second" || sf.Size() != 12 {
		t.Errorf("read %q at 6 of %d bytes, %v", got, sf.Size(), err)
	}
	if err := sf.Reset(); err != nil || sf.Size() != 0 {
		t.Fatalf("Reset: %v, size %d", err, sf.Size())
	}
	sf.Append([]byte("again"))
	if _, err := sf.ReadAt(got[:5], 0); err != nil || string(got[:5]) != "again" {
		t.Errorf("after Reset read %q, %v", got[:5], err)
	}
	if _, err := sf.ReadAt(got, 5); err != io.EOF {
		t.Errorf("read past the end after Reset: %v", err)
	}
}
