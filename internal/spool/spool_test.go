package spool

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// TestSpools writes strings in parts that split characters, and reads
// them back, twice, with their lengths; the file is never seen in its
// directory on Unix, and is gone after Close everywhere.
func TestSpools(t *testing.T) {
	dir := t.TempDir()
	set := New(dir, nil)
	texts := []string{"héllo 漢字 😀 wörld", "", strings.Repeat("ab😀", 1000)}
	var spools []*Spool
	for _, text := range texts {
		sp := set.Open(chat.LongText).(*Spool)
		for i := 0; i < len(text); i += 3 {
			if _, err := sp.Write([]byte(text[i:min(i+3, len(text))])); err != nil {
				t.Fatal(err)
			}
		}
		if err := sp.Close(); err != nil {
			t.Fatal(err)
		}
		spools = append(spools, sp)
	}
	aborted := set.Open(chat.LongData)
	aborted.Write([]byte("half"))
	aborted.Abort()
	for i, sp := range spools {
		for range 2 {
			got, err := io.ReadAll(sp.Open())
			if err != nil || string(got) != texts[i] {
				t.Errorf("spool %d: %q, %v; want %q", i, got, err, texts[i])
			}
		}
		if runes := len([]rune(texts[i])); sp.Runes() != runes || sp.Len() != int64(len(texts[i])) {
			t.Errorf("spool %d: %d runes, %d bytes; want %d, %d", i, sp.Runes(), sp.Len(), runes, len(texts[i]))
		}
	}
	if _, err := io.ReadAll(aborted.(*Spool).Open()); err == nil {
		t.Error("an aborted spool reads")
	}
	if err := set.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("%d files left in the directory", len(left))
	}
	if _, err := io.ReadAll(spools[0].Open()); err == nil {
		t.Error("a spool reads after its set was closed")
	}
}

// TestReleaseClosesFiles writes strings that fill more than one file of a
// Set that releases: the spools released before a Mark cannot be read
// once their file is closed, the others read back whole; a Set that
// never releases keeps one file.
func TestReleaseClosesFiles(t *testing.T) {
	write := func(set *Set, text string) *Spool {
		sp := set.Open(chat.LongText).(*Spool)
		if _, err := sp.Write([]byte(text)); err != nil || sp.Close() != nil {
			t.Fatal(err)
		}
		return sp
	}
	big := strings.Repeat("x", fileSize/2+1)
	set := New(t.TempDir(), nil)
	defer set.Close()
	set.Release(set.Mark())                  // nothing to release yet: files now rotate
	a, b := write(set, big), write(set, big) // the first file is full after b
	done := set.Mark()
	c := write(set, big+"c") // in a second file
	if len(set.files) != 2 {
		t.Fatalf("%d files, want 2", len(set.files))
	}
	set.Release(done)
	if len(set.files) != 1 {
		t.Errorf("%d files after releasing a and b, want 1", len(set.files))
	}
	for _, sp := range []*Spool{a, b} {
		if _, err := io.ReadAll(sp.Open()); err == nil {
			t.Errorf("a released spool reads after its file was closed")
		}
	}
	if got, err := io.ReadAll(c.Open()); err != nil || string(got) != big+"c" {
		t.Errorf("the spool not released reads %d bytes, %v", len(got), err)
	}
	kept := New(t.TempDir(), nil)
	defer kept.Close()
	for range 3 {
		write(kept, big)
	}
	if len(kept.files) != 1 {
		t.Errorf("a Set that never releases has %d files, want 1", len(kept.files))
	}
}
