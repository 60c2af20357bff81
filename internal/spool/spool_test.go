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
