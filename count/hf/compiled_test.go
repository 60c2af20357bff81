package hf

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCompiledCache checks that a tokenizer read back from the cache
// counts as the one read from tokenizer.json, and that a damaged cache
// entry is rebuilt rather than trusted.
func TestCompiledCache(t *testing.T) {
	file := filepath.Join(modelDir(t, "llama2"), "tokenizer.json")
	cache := t.TempDir()
	first, err := LoadFile(file, cache)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "*.tok"))
	if len(entries) != 1 {
		t.Fatalf("cache holds %v, want one compiled tokenizer", entries)
	}
	texts := []string{"", "Hello, world!", "  spaces\tand\nlines  ", "naïve café 日本語 🙂", "<s>[INST] x [/INST]</s>", "1234567 +- 0x1F"}
	check := func(what string, got *Tokenizer) {
		t.Helper()
		for _, s := range texts {
			if a, b := first.Count(s), got.Count(s); a != b {
				t.Errorf("%s: Count(%q) = %d, want %d", what, s, b, a)
			}
		}
	}
	second, err := LoadFile(file, cache)
	if err != nil {
		t.Fatal(err)
	}
	check("from the cache", second)

	data, _ := os.ReadFile(entries[0])
	for i, damage := range []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)/2] },
		func(b []byte) []byte { c := append([]byte(nil), b...); c[len(c)/3] ^= 0x40; return c },
		func([]byte) []byte { return []byte("junk") },
	} {
		if _, err := LoadCompiled(damage(data)); err == nil {
			t.Error("LoadCompiled accepted a damaged file")
		}
		os.WriteFile(entries[0], damage(data), 0o644)
		// What tells a changed file from the one last checked whole is
		// its size and modification time: make sure the clock moved.
		later := time.Now().Add(time.Duration(i+1) * time.Second)
		os.Chtimes(entries[0], later, later)
		again, err := LoadFile(file, cache)
		if err != nil {
			t.Fatal(err)
		}
		check("after damage", again)
		if rebuilt, _ := os.ReadFile(entries[0]); string(rebuilt) != string(data) {
			t.Error("the damaged cache entry was not rebuilt")
		}
	}
}

// TestInvalidUTF8 checks that text cut inside a character (a chunk of a
// stream, a truncated field) is counted as its bytes replaced by U+FFFD,
// not a panic of the pre-tokenizer, which works in runes.
func TestInvalidUTF8(t *testing.T) {
	for _, name := range []string{"llama3", "llama2"} {
		tok := loadModel(t, name)
		for _, s := range []string{"caf\xc3", "\xe6\x97\xa5\xe6\x9c", "a\xffb \x80 c", "日本語"[:4] + " text"} {
			if got, want := tok.Count(s), tok.Count(validUTF8(s)); got != want {
				t.Errorf("%s: Count(%q) = %d, want %d", name, s, got, want)
			}
		}
	}
}

// TestPruneStale checks that compiling a tokenizer removes what other
// layouts left in the cache once it is stale, the stale files Derived kept
// (an older kind's, or one still in use, made again at its next use), and
// the temporary files of killed writes, and keeps everything else.
func TestPruneStale(t *testing.T) {
	file := filepath.Join(modelDir(t, "llama2"), "tokenizer.json")
	cache := t.TempDir()
	old, recent := time.Now().Add(-31*24*time.Hour), time.Now().Add(-24*time.Hour)
	files := map[string]struct {
		mtime time.Time
		kept  bool
	}{
		"0123.v3.tok":  {old, false},    // an older layout's compiled tokenizer
		"4567.tok":     {old, false},    // the first layout's, unversioned
		"stat-v3-89ab": {old, false},    // an older layout's stat entry
		"stat-cdef":    {old, false},    // the first layout's
		"89ab.v3.tok":  {recent, true},  // another layout's, still in use
		"stat-v3-0123": {recent, true},  //
		".tmp-123":     {recent, false}, // left by a write killed a day ago
		".tmp-456":     {time.Now(), true},
		"config-v1-0123456789abcdef0123456789abcdef": {old, false},   // Derived's, an older kind
		"config-v2-0123456789abcdef0123456789abcdef": {old, false},   // Derived's, unused for a month
		"config-v2-fedcba9876543210fedcba9876543210": {recent, true}, // Derived's, recent
		"config-v1-4567":  {old, true}, // not a name Derived makes
		"9999.v4.tok.bak": {old, true}, // not convkit's
	}
	for name, f := range files {
		path := filepath.Join(cache, name)
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, f.mtime, f.mtime)
	}
	if _, err := LoadFile(file, cache); err != nil {
		t.Fatal(err)
	}
	for name, f := range files {
		_, err := os.Stat(filepath.Join(cache, name))
		if kept := err == nil; kept != f.kept {
			t.Errorf("%s: kept = %v, want %v", name, kept, f.kept)
		}
	}
	if compiled, _ := filepath.Glob(filepath.Join(cache, "*.v"+compiledVersion+".tok")); len(compiled) != 1 {
		t.Errorf("cache holds %v, want this layout's compiled tokenizer", compiled)
	}
}
