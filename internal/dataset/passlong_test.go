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
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/trim"
)

// writtenWhole reads the JSON Lines data without spools and writes each
// conversation in format, as change makes it (into none or several; nil
// keeps it as read): what a verb that holds every string writes.
func writtenWhole(t *testing.T, data, format string, change func(*chat.Conversation) []*chat.Conversation) string {
	t.Helper()
	jsonl, _ := convert.Lookup("jsonl")
	f, _ := convert.Lookup(format)
	var out bytes.Buffer
	dec, enc := jsonl.NewDecoder(strings.NewReader(data), convert.DecodeOptions{}), f.NewEncoder(&out, convert.EncodeOptions{})
	c, err := dec.Decode()
	for ; err == nil; c, err = dec.Decode() {
		convs := []*chat.Conversation{c}
		if change != nil {
			convs = change(c)
		}
		for _, c := range convs {
			if err = enc.Encode(c); err != nil {
				break
			}
		}
	}
	if err != io.EOF || enc.Close() != nil {
		t.Fatal(err)
	}
	return out.String()
}

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
	whole := func(format string) string { return writtenWhole(t, data, format, nil) }
	for _, format := range []string{"", "api", "markdown"} {
		var out bytes.Buffer
		e := &app.Env{Out: &out, Err: &bytes.Buffer{}}
		if err := Head(e, HeadOptions{Options: Options{Files: []string{in}, Format: format}, N: 3}); err != nil {
			t.Fatal(err)
		}
		want := whole(cmp.Or(format, "jsonl"))
		if format == "" {
			want = data // every line as it was, the long ones copied
		}
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
	lines := strings.SplitAfter(data, "\n")
	if got := read(filepath.Join(dir, "shards", "shard-0000.jsonl")); got != lines[0]+lines[2] {
		t.Errorf("shard 0: %d bytes, want the first and third lines as they were (%d bytes)", len(got), len(lines[0])+len(lines[2]))
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
	want := writtenWhole(t, data, "jsonl", func(c *chat.Conversation) []*chat.Conversation {
		merged, _ := chat.MergeRoles(c, " | ")
		return []*chat.Conversation{merged}
	})
	var out bytes.Buffer
	if err := MergeRoles(&app.Env{Out: &out, Err: io.Discard}, MergeRolesOptions{Options: Options{Files: []string{in}}, Separator: " | "}); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("merge-roles: %d bytes from spools, %d joined whole", out.Len(), len(want))
	}
	if n := strings.Count(want, `"role":"user"`); n != 4 {
		t.Errorf("the lines join into %d user messages, not 4: they do not test it", n)
	}
}

// TestChunkCountsSpools runs chunk on JSON Lines whose long texts it
// spools and counts as it reads them, with a budget that a long message
// fits alone but not beside others, and one that it cannot fit (kept
// whole): what it writes must be what chunking each conversation read
// whole gives.
func TestChunkCountsSpools(t *testing.T) {
	long := strings.Repeat("text with \\\"escapes\\\" é 漢 and words. ", 40000) // over 1 MiB
	msg := func(role, text string) string { return `{"role":"` + role + `","content":"` + text + `"}` }
	conv := func(msgs ...string) string { return `{"messages":[` + strings.Join(msgs, ",") + `]}` }
	lines := []string{
		conv(msg("system", "be brief"), msg("user", long), msg("assistant", "ok"), msg("user", long+"!"), msg("assistant", "ok"), msg("user", "bye"), msg("assistant", "bye")),
		conv(msg("user", long+long), msg("assistant", "ok")),
		conv(msg("user", "short"), msg("assistant", "ok")),
	}
	data := strings.Join(lines, "\n") + "\n"
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := counting.New(counting.Options{})
	if err != nil {
		t.Fatal(err)
	}
	budget := trim.ChunkOptions{Max: 500000, Overlap: 1}
	parts := 0
	want := writtenWhole(t, data, "jsonl", func(conv *chat.Conversation) []*chat.Conversation {
		chunks, err := trim.Chunk(conv, trim.Count(c), budget)
		if err != nil {
			chunks = []*chat.Conversation{conv} // --on-unfit keep
		}
		parts += len(chunks)
		return chunks
	})
	if parts < 4 { // the first line cut in two, the second kept whole, the third
		t.Fatalf("the lines chunk into %d parts: they do not test it", parts)
	}
	var out bytes.Buffer
	if err := Chunk(&app.Env{Out: &out, Err: io.Discard}, ChunkOptions{Options: Options{Files: []string{in}}, Max: budget.Max, Overlap: budget.Overlap, OnUnfit: "keep"}); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("chunk: %d bytes (%d lines) from spools, %d (%d) chunked whole", out.Len(), strings.Count(out.String(), "\n"), len(want), parts)
	}
}

// TestReleasedSpoolsAreWritten runs filter and head, writing a JSON
// document (whose writer holds the first conversation until it sees a
// second), on lines whose long strings fill more than one of the spools'
// files, which are let go as records are done with: what they write must
// be what reading each conversation whole and writing it gives.
func TestReleasedSpoolsAreWritten(t *testing.T) {
	long := strings.Repeat("text with \\\"escapes\\\" é 漢 and words. ", 450000) // 17 MiB
	var lines []string
	for i := range 4 {
		lines = append(lines, `{"messages":[{"role":"user","content":"`+long[:len(long)>>i]+`"},{"role":"assistant","content":"ok"}]}`)
	}
	data := strings.Join(lines, "\n") + "\n"
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	want := writtenWhole(t, data, "api", nil)
	opts := Options{Files: []string{in}, Format: "api"}
	var filtered, head bytes.Buffer
	if err := Filter(&app.Env{Out: &filtered, Err: io.Discard}, FilterOptions{Options: opts, Expr: "len(messages) > 0", ShortcutsGiven: true}); err != nil {
		t.Fatal(err)
	}
	if err := Head(&app.Env{Out: &head, Err: io.Discard}, HeadOptions{Options: opts, N: 4}); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{"filter": filtered.String(), "head": head.String()} {
		if got != want {
			t.Errorf("%s --format api: %d bytes, reading whole gives %d", name, len(got), len(want))
		}
	}
}
