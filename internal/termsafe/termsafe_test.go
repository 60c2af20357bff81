package termsafe

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\nhéllo 日本":   "plain\ttext\nhéllo 日本",
		"\x1b[2J\x1b]0;title\x07": "␛[2J␛]0;title␇",
		"csi \u009b31m":           "csi \ufffd31m",
		"bad \xff byte\r":         "bad \ufffd byte␍",
		"del \x7f":                "del ␡",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterKeepsCharactersCutBetweenWrites(t *testing.T) {
	var out bytes.Buffer
	w := &Writer{W: &out}
	in := []byte("é\u009b\x1b日")
	for i := range in {
		w.Write(in[i : i+1])
	}
	w.Flush()
	if got, want := out.String(), "é\ufffd␛日"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || IsTerminal(strings.NewReader("")) || IsTerminal(nil) {
		t.Error("a file, a reader or nil is a terminal")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if IsTerminal(null) { // output thrown away is no terminal: no progress bar drawn to it
		t.Errorf("%s is a terminal", os.DevNull)
	}
}
