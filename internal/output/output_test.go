package output

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/cmderr"
)

func TestCommitPutsTheFileInPlaceAbortLeavesItAsItWas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	os.WriteFile(path, []byte("old\n"), 0o644)
	o, err := Open(nil, false, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.Write([]byte("new\n"))
	o.Abort()
	if data, _ := os.ReadFile(path); string(data) != "old\n" {
		t.Fatalf("after Abort: %q", data)
	}
	o, _ = Open(nil, false, path, nil)
	o.Write([]byte("new\n"))
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "new\n" {
		t.Fatalf("after Commit: %q", data)
	}
}

func TestOpenRefusesAnInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(path, []byte("x\n"), 0o644)
	_, err := Open(nil, false, path, []string{"-", path})
	var u *cmderr.Usage
	if !errors.As(err, &u) || err.Error() != path+": output file is also an input; convkit never overwrites its input" {
		t.Fatalf("writing over an input: %v", err)
	}
}

func TestStdoutAndTerminal(t *testing.T) {
	var out bytes.Buffer
	o, _ := Open(&out, true, "-", nil)
	o.Write([]byte("text \x1b]0;title\x07 end\n"))
	if err := o.Commit(); err != nil || bytes.Contains(out.Bytes(), []byte{0x1b}) {
		t.Fatalf("a terminal got %q (%v)", out.String(), err)
	}
	out.Reset()
	o, _ = Open(&out, true, "", nil)
	o.KeepEscapes()
	o.Write([]byte("\x1b[1mbold\x1b[0m\n"))
	o.Commit()
	if out.String() != "\x1b[1mbold\x1b[0m\n" {
		t.Fatalf("KeepEscapes wrote %q", out.String())
	}
}

func TestCompressedByExtensionOrFlag(t *testing.T) {
	dir := t.TempDir()
	gz := filepath.Join(dir, "out.jsonl.gz")
	o, _ := Open(nil, false, gz, nil)
	o.Write([]byte("line\n"))
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(gz)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("out.jsonl.gz is not gzip: %v", err)
	}
	if data, _ := io.ReadAll(zr); string(data) != "line\n" {
		t.Fatalf("out.jsonl.gz holds %q", data)
	}
	plain := filepath.Join(dir, "out2.jsonl.gz")
	o, _ = Open(nil, false, plain, nil)
	if err := o.CompressWith("none"); err != nil {
		t.Fatal(err)
	}
	o.Write([]byte("line\n"))
	o.Commit()
	if data, _ := os.ReadFile(plain); string(data) != "line\n" {
		t.Fatalf("--compress none wrote %q", data)
	}
	if err := o.CompressWith("lzma"); !errors.As(err, new(*cmderr.Usage)) {
		t.Fatalf("an unknown codec: %v", err)
	}
}

func TestErrorNamesTheOutputOnce(t *testing.T) {
	err := Error("out.json", Error("out.json", os.ErrPermission))
	if err.Error() != "out.json: permission denied" {
		t.Fatalf("Error = %q", err)
	}
}

func TestImpliedFormat(t *testing.T) {
	meta, _ := convert.Lookup("meta")
	for _, tc := range []struct {
		out  string
		in   *convert.Format
		want string
	}{{"out.md", meta, "markdown"}, {"out.md.gz", meta, "markdown"}, {"out.json", meta, "meta"}, {"", meta, "meta"}, {"out", meta, "meta"}} {
		if got := ImpliedFormat(tc.out, tc.in); got == nil || got.Name != tc.want {
			t.Errorf("ImpliedFormat(%q, meta) = %v, want %s", tc.out, got, tc.want)
		}
	}
	if got := ImpliedFormat("out.unknown", nil); got != nil {
		t.Errorf("ImpliedFormat(out.unknown, nil) = %v, want nil", got)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	WriteJSONLine(&b, map[string]any{"a": "<b>"})
	WriteJSON(&b, []int{1})
	if want := "{\"a\":\"<b>\"}\n[\n  1\n]\n"; b.String() != want {
		t.Fatalf("wrote %q, want %q", b.String(), want)
	}
}

// TestBinaryRefusedOnTerminal checks that a terminal gets no Parquet and no
// compressed stream (a usage error, nothing written), while a pipe does.
func TestBinaryRefusedOnTerminal(t *testing.T) {
	parquet, _ := convert.Lookup("parquet")
	jsonl, _ := convert.Lookup("jsonl")
	for _, terminal := range []bool{true, false} {
		var out bytes.Buffer
		o, _ := Open(&out, terminal, "", nil)
		_, err := o.Encoder(parquet, convert.EncodeOptions{})
		if refused := errors.As(err, new(*cmderr.Usage)); refused != terminal {
			t.Errorf("parquet, terminal %v: %v", terminal, err)
		}
		if err := o.CompressWith("gzip"); (err != nil) != terminal {
			t.Errorf("gzip, terminal %v: %v", terminal, err)
		}
		if _, err := o.Encoder(jsonl, convert.EncodeOptions{}); err != nil {
			t.Errorf("jsonl, terminal %v: %v", terminal, err)
		}
	}
}
