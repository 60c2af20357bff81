package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/cmderr"
)

const twoLines = `{"messages":[{"role":"user","content":"hi"}]}
{"messages":[{"role":"user","content":"there"}]}
`

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// contents reads every conversation of paths, as "NAME:TEXT" lines.
func contents(t *testing.T, o *Opener, paths ...string) (string, error) {
	t.Helper()
	var got []string
	err := o.Each(paths, Options{}, func(in *Input, c *chat.Conversation) error {
		got = append(got, in.Name+":"+c.Messages[0].Content.PlainText())
		return nil
	})
	return strings.Join(got, " "), err
}

func TestEachReadsFilesStdinAndCompressed(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(twoLines))
	zw.Close()
	plain, packed := write(t, "a.jsonl", []byte(twoLines)), write(t, "b.jsonl.gz", gz.Bytes())
	var told, verbose bytes.Buffer
	o := &Opener{Stdin: strings.NewReader(twoLines), OnStdin: func() { told.WriteString("stdin") }, Verbose: &verbose}
	got, err := contents(t, o, plain, packed, "-")
	want := plain + ":hi " + plain + ":there " + packed + ":hi " + packed + ":there <stdin>:hi <stdin>:there"
	if err != nil || got != want {
		t.Fatalf("Each = %q, %v\nwant %q", got, err, want)
	}
	if told.String() != "stdin" || !strings.Contains(verbose.String(), "convkit: "+packed+": read as jsonl\n") {
		t.Errorf("OnStdin told %q, Verbose %q", told.String(), verbose.String())
	}
}

func TestReadWrapsWhatIsRead(t *testing.T) {
	n := 0
	o := &Opener{Read: func(r io.Reader) io.Reader { return countingReader{r, &n} }}
	if _, err := contents(t, o, write(t, "a.jsonl", []byte(twoLines))); err != nil || n != len(twoLines) {
		t.Fatalf("read %d bytes through Read (%v), want %d", n, err, len(twoLines))
	}
}

type countingReader struct {
	r io.Reader
	n *int
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += n
	return n, err
}

func TestOpenErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	o := &Opener{}
	for path, want := range map[string]string{
		dir:                           dir + ": is a directory, not a conversation file",
		filepath.Join(dir, "missing"): filepath.Join(dir, "missing") + ": no such file",
	} {
		if _, err := o.Open(path); err == nil || err.Error() != want {
			t.Errorf("Open(%s) = %v, want %q", path, err, want)
		}
	}
}

func TestPickFormatTellsWhyNothingFits(t *testing.T) {
	o := &Opener{}
	_, err := o.Input(write(t, "blank.json", []byte("  \n")), Options{})
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("blank input: %v, want ErrEmpty", err)
	}
	path := write(t, "notes.txt", []byte("Some notes, in prose, about the meeting.\nAnd a second line.\n"))
	_, err = o.Input(path, Options{})
	var h *cmderr.Hint
	if !errors.As(err, &h) || h.Hints[0] != "count it with --plain" || !strings.HasPrefix(err.Error(), path+":") {
		t.Errorf("plain text: %v (%#v), want a located error with the --plain hint", err, h)
	}
	in, err := o.Input(write(t, "data.txt", []byte(twoLines)), Options{From: "jsonl"})
	if err != nil || in.Format.Name != "jsonl" {
		t.Fatalf("--from jsonl: %v", err)
	}
	in.Close()
}

func TestNamedFormat(t *testing.T) {
	if f, err := NamedFormat("jsonl", true); err != nil || f.Name != "jsonl" {
		t.Fatalf("jsonl: %v", err)
	}
	_, err := NamedFormat("markdwon", true)
	var u *cmderr.Usage
	if !errors.As(err, &u) || u.Hints[0] != "did you mean markdown?" {
		t.Errorf("a misspelt format: %v (%#v)", err, u)
	}
	if _, err := NamedFormat("markdown", false); err == nil || err.Error() != `format "markdown" can be written but not read` {
		t.Errorf("reading markdown: %v", err)
	}
}

func TestLongFirstLineIsJSONLines(t *testing.T) {
	long := `{"messages":[{"role":"user","content":"` + strings.Repeat("x", SniffLen) + `"}]}`
	o := &Opener{Stdin: strings.NewReader(long + "\n" + long + "\n")}
	in, err := o.Input("-", Options{})
	if err != nil || in.Format.Name != "jsonl" {
		t.Fatalf("two long lines on a pipe: %v, %v", in, err)
	}
	n := 0
	for ; ; n++ {
		if _, err := in.Next(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if n != 2 {
		t.Errorf("read %d conversations, want 2", n)
	}
}

// TestLongFirstLineOfBodies: JSON Lines of Anthropic bodies whose first
// line is longer than the head, on a pipe, are read as anthropic, a body a
// line, not as OpenAI chats.
func TestLongFirstLineOfBodies(t *testing.T) {
	long := `{"model":"claude-sonnet-4-5","max_tokens":100,"system":"` + strings.Repeat("x", SniffLen) + `","messages":[{"role":"user","content":"hi"}]}`
	short := `{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}`
	o := &Opener{Stdin: strings.NewReader(long + "\n" + short + "\n")}
	in, err := o.Input("-", Options{})
	if err != nil || in.Format.Name != "anthropic" {
		t.Fatalf("a long Anthropic line on a pipe: %v, %v", in, err)
	}
	if !in.Lines { // so that a verb writing the input's format writes lines back
		t.Error("the input is not taken for JSON Lines")
	}
	var roles []string
	for {
		c, err := in.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, m := range c.Messages {
			roles = append(roles, string(m.Role))
		}
	}
	if got := strings.Join(roles, " "); got != "system user user" {
		t.Errorf("read the roles %q, want the system prompt and a user turn, then a user turn", got)
	}
}
