package dataset

import (
	"bytes"
	"cmp"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/app"
)

// TestPassLongWritesTheSame runs head and shard (by turns) on JSON Lines
// with lines holding strings too long to hold, which they spool: what
// they write must be what reading each conversation whole and writing it
// gives (to a format whose writer does not pass spools, markdown here,
// they still read it whole).
func TestPassLongWritesTheSame(t *testing.T) {
	long := strings.Repeat(`text with \"escapes\" \u00e9 and words. `, 60000) // over 1 MiB
	data := `{"messages":[{"role":"user","content":"` + long + `"},{"role":"assistant","content":"ok"}]}` + "\n" +
		`{"messages":[{"role":"user","content":"short"}],"id":"x"}` + "\n" +
		`{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,` + strings.Repeat("QUFB", 400000) + `"}}]}]}` + "\n"
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// What reading each conversation whole and writing it gives.
	whole := func(format string) string {
		jsonl, _ := convert.Lookup("jsonl")
		f, _ := convert.Lookup(format)
		var out bytes.Buffer
		dec, enc := jsonl.NewDecoder(strings.NewReader(data), convert.DecodeOptions{}), f.NewEncoder(&out, convert.EncodeOptions{})
		c, err := dec.Decode()
		for ; err == nil; c, err = dec.Decode() {
			err = enc.Encode(c)
		}
		if err != io.EOF || enc.Close() != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	for _, format := range []string{"", "api", "markdown"} {
		var out bytes.Buffer
		e := &app.Env{Out: &out, Err: &bytes.Buffer{}}
		if err := Head(e, HeadOptions{Options: Options{Files: []string{in}, Format: format}, N: 3}); err != nil {
			t.Fatal(err)
		}
		want := whole(cmp.Or(format, "jsonl"))
		if out.String() != want {
			t.Errorf("head --format %q: %d bytes, reading whole gives %d", format, out.Len(), len(want))
		}
		if !strings.Contains(want, "and words.") || len(want) < len(long) {
			t.Errorf("head --format %q: the long text is missing (%d bytes)", format, len(want))
		}
	}
	e := &app.Env{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	if err := Shard(e, ShardOptions{Options: Options{Files: []string{in}, Output: filepath.Join(dir, "shards")}, N: 2}); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(whole("jsonl"), "\n")
	if got := read(filepath.Join(dir, "shards", "shard-0000.jsonl")); got != lines[0]+lines[2] {
		t.Errorf("shard 0: %d bytes, want the first and third conversations as read whole (%d bytes)", len(got), len(lines[0])+len(lines[2]))
	}
}

// TestMergeRolesJoinsSpools runs merge-roles on JSON Lines whose long
// texts it spools, with runs of one role that join a long text to a short
// one, two long ones, three in a row, and a long string to parts: what it
// writes must be what joining each conversation read whole gives.
func TestMergeRolesJoinsSpools(t *testing.T) {
	long := strings.Repeat("text with \\\"escapes\\\" é 漢 and words. ", 40000) // over 1 MiB
	msg := func(role, text string) string { return `{"role":"` + role + `","content":"` + text + `"}` }
	conv := func(msgs ...string) string { return `{"messages":[` + strings.Join(msgs, ",") + `]}` }
	lines := []string{
		conv(msg("user", long), msg("user", "and more"), msg("assistant", "ok")),
		conv(msg("system", "be brief"), msg("user", "short"), msg("user", long), msg("user", long+"!"), msg("assistant", "ok")),
		conv(msg("user", long), `{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,QUFB"}}]}`),
		conv(msg("user", "short"), msg("assistant", long)),
	}
	data := strings.Join(lines, "\n") + "\n"
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl, _ := convert.Lookup("jsonl")
	var want bytes.Buffer
	dec, enc := jsonl.NewDecoder(strings.NewReader(data), convert.DecodeOptions{}), jsonl.NewEncoder(&want, convert.EncodeOptions{})
	c, err := dec.Decode()
	for ; err == nil; c, err = dec.Decode() {
		merged, _ := chat.MergeRoles(c, " | ")
		err = enc.Encode(merged)
	}
	if err != io.EOF || enc.Close() != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := MergeRoles(&app.Env{Out: &out, Err: io.Discard}, MergeRolesOptions{Options: Options{Files: []string{in}}, Separator: " | "}); err != nil {
		t.Fatal(err)
	}
	if out.String() != want.String() {
		t.Errorf("merge-roles: %d bytes from spools, %d joined whole", out.Len(), want.Len())
	}
	if n := strings.Count(want.String(), `"role":"user"`); n != 4 {
		t.Errorf("the lines join into %d user messages, not 4: they do not test it", n)
	}
}
