package codec

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func compressed(t *testing.T, kind Kind, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, kind)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, text)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readAll(t *testing.T, r io.Reader, name string, opts Options) (names []string, text string, err error) {
	t.Helper()
	src, err := Open(r, name, opts)
	if err != nil {
		return nil, "", err
	}
	defer src.Close()
	var all strings.Builder
	err = src.Each(func(p *Part) error {
		names = append(names, p.Name+"|"+p.Hint)
		_, err := io.Copy(&all, p.R)
		return err
	})
	return names, all.String(), err
}

func TestRoundTripAndConcatenation(t *testing.T) {
	const text = "{\"a\":1}\n{\"b\":2}\n"
	ext := map[Kind]string{Gzip: "gz", Zstd: "zst"}
	for _, kind := range []Kind{Gzip, Zstd} {
		data := compressed(t, kind, text)
		twice := append(append([]byte{}, data...), data...)
		// One byte at a time: the codecs must not rely on full reads.
		names, got, err := readAll(t, iotest.OneByteReader(bytes.NewReader(twice)), "d.jsonl."+ext[kind], Options{})
		if err != nil || got != text+text {
			t.Errorf("%s: got %q, %v", kind, got, err)
		}
		if want := "d.jsonl." + ext[kind] + "|d.jsonl"; len(names) != 1 || names[0] != want {
			t.Errorf("%s: parts %q, want %q", kind, names, want)
		}
	}
}

func TestTruncatedNamesTheLine(t *testing.T) {
	text := strings.Repeat("{\"text\":\"abcdefghijklmnopqrstuvwxyz0123456789\"}\n", 2000)
	for _, kind := range []Kind{Gzip, Zstd} {
		data := compressed(t, kind, text)
		_, got, err := readAll(t, bytes.NewReader(data[:len(data)/2]), "d", Options{})
		var ce *Error
		if !errors.As(err, &ce) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("%s: error %v, want a codec error wrapping io.ErrUnexpectedEOF", kind, err)
		}
		if want := strings.Count(got, "\n") + 1; ce.Line != want {
			t.Errorf("%s: line %d, want %d (the line the data stops in)", kind, ce.Line, want)
		}
	}
}

func TestZipMembers(t *testing.T) {
	archive := func(members ...string) *bytes.Reader {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, m := range members {
			w, _ := zw.Create(m)
			io.WriteString(w, m+"\n")
		}
		zw.Close()
		return bytes.NewReader(buf.Bytes())
	}
	tests := []struct {
		members []string
		member  string
		want    string // the text read, or the error's
	}{
		{[]string{"user.json", "chat.html", "conversations.json"}, "", "conversations.json\n"},
		{[]string{"b.jsonl", "README.md", "a.jsonl", "__MACOSX/._a.jsonl"}, "", "b.jsonl\na.jsonl\n"},
		{[]string{"x/b.jsonl", "a.jsonl"}, "b.jsonl", "x/b.jsonl\n"},
		{[]string{"x/b.jsonl", "a.jsonl"}, "c.jsonl", `zip archive: no member "c.jsonl" (members: x/b.jsonl, a.jsonl)`},
		{[]string{"README.md"}, "", "zip archive holds no conversations.json and no .json, .jsonl or .parquet file (members: README.md)"},
	}
	for _, tt := range tests {
		// A bytes.Reader is no *os.File: the archive is spooled.
		_, got, err := readAll(t, archive(tt.members...), "e.zip", Options{Member: tt.member})
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%q --member %q: got %q, want %q", tt.members, tt.member, got, tt.want)
		}
	}
}

func TestSpoolLimit(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("a.jsonl")
	io.WriteString(w, strings.Repeat("x", 1000))
	zw.Close()
	_, err := Open(&buf, "-", Options{SpoolLimit: 100})
	if err == nil || !strings.Contains(err.Error(), "read the archive from its file instead") {
		t.Errorf("got %v, want the spool limit's error", err)
	}
}
