package convert

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden and testdata/formats")

// sample is a test input: a file under testdata, or generated data.
type sample struct {
	name string
	data []byte
}

// samples returns the seeds, the shared test conversations and a
// conversation with a 1 MB message.
func samples(t testing.TB) []sample {
	t.Helper()
	var out []sample
	for _, pattern := range []string{"../testdata/seeds/*.json", "../testdata/conversations/*.json"} {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			t.Fatalf("no test conversations match %s", pattern)
		}
		for _, p := range paths {
			if strings.HasSuffix(p, ".meta.json") {
				continue // metadata-rich input: TestMetaSeed reads it
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, sample{strings.TrimSuffix(filepath.Base(p), ".json"), data})
		}
	}
	return append(out, sample{"big-message", bigMessage()})
}

// bigMessage is a conversation whose user message is 1 MB of varied text.
func bigMessage() []byte {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "Line %d: the quick brown fox — 狐狸 — jumps over %d lazy dogs 🐕.\n", i, i%97)
	}
	msgs := []map[string]string{{"role": "user", "content": b.String()}, {"role": "assistant", "content": "That was long."}}
	data, _ := json.MarshalIndent(msgs, "", "  ")
	return data
}

// decodeAll reads every conversation of data in format f, or fails the test.
func decodeAll(t testing.TB, f *Format, data []byte) []*chat.Conversation {
	t.Helper()
	convs, err := decodeWith(f, data, DecodeOptions{})
	if err != nil {
		t.Fatalf("reading %s: %v", f.Name, err)
	}
	return convs
}

// encodeAll writes conversations in format f, or fails the test.
func encodeAll(t testing.TB, f *Format, convs []*chat.Conversation) []byte {
	t.Helper()
	data, _, err := encodeWith(f, convs, EncodeOptions{KeepVendor: true})
	if err != nil {
		t.Fatalf("writing %s: %v", f.Name, err)
	}
	return data
}

func goldenExt(f *Format) string {
	if len(f.Extensions) > 0 {
		return f.Extensions[0]
	}
	return "." + f.Name
}

// TestGolden converts every sample to every writable format and compares
// the result with testdata/golden; go test -update rewrites the goldens.
func TestGolden(t *testing.T) {
	api := mustFormat(t, "api")
	for _, s := range samples(t) {
		convs := decodeAll(t, api, s.data)
		for _, f := range Formats() {
			if !f.CanWrite() || f == parquetFormat || f == promptFormat || slices.Contains(trainerFormats, f.Name) {
				continue // binary: parquet_test.go reads it back; prompt: prompt_test.go; the trainers' shapes: TestWriteGoldens
			}
			t.Run(s.name+"/"+f.Name, func(t *testing.T) {
				got := encodeAll(t, f, convs)
				path := filepath.Join("..", "testdata", "golden", s.name+"."+f.Name+goldenExt(f))
				if len(got) > 256<<10 {
					path += ".gz"
				}
				golden(t, path, got)
			})
		}
	}
}

// golden compares got with the golden file at path (gzipped when path ends
// in .gz), or rewrites the file under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	compressed := strings.HasSuffix(path, ".gz")
	if *update {
		data := got
		if compressed {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(got)
			zw.Close()
			data = buf.Bytes()
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./convert -update creates it)", err)
	}
	if compressed {
		zr, err := gzip.NewReader(bytes.NewReader(want))
		if err == nil {
			want, err = io.ReadAll(zr)
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./convert -update rewrites it; review with git diff)\n%s", path, firstDiff(got, want))
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %.200q\nwant: %.200q", i+1, gl, wl)
		}
	}
	return ""
}

// jsonEqual reports whether two JSON texts are equal as JSON values, with
// numbers compared as written.
func jsonEqual(t testing.TB, a, b []byte) bool {
	t.Helper()
	decode := func(data []byte) any {
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, data)
		}
		return v
	}
	return reflect.DeepEqual(decode(a), decode(b))
}

// TestRoundTrip checks that api → F → api is JSON-equal for every format
// that holds all of an api file, and for text on text-only conversations.
func TestRoundTrip(t *testing.T) {
	api := mustFormat(t, "api")
	for _, s := range samples(t) {
		convs := decodeAll(t, api, s.data)
		for _, name := range []string{"api", "meta", "jsonl", "yaml", "text"} {
			if name == "text" && !textOnly(convs) {
				continue
			}
			t.Run(s.name+"/"+name, func(t *testing.T) {
				f := mustFormat(t, name)
				back := encodeAll(t, api, decodeAll(t, f, encodeAll(t, f, convs)))
				if !jsonEqual(t, s.data, back) {
					t.Errorf("api → %s → api changed the conversation:\n%s", name, firstDiff(back, s.data))
				}
			})
		}
	}
}

// textOnly reports whether the text format can hold the conversations
// whole: string contents, no tool calls, nothing but role, name and content.
func textOnly(convs []*chat.Conversation) bool {
	for _, c := range convs {
		if c.Object || len(c.Extra) > 0 {
			return false
		}
		for _, m := range c.Messages {
			if m.Content.Form != chat.ContentString || len(m.ToolCalls) > 0 || m.ToolCallID != "" || len(m.Extra) > 0 ||
				string(m.Role) != strings.ToLower(string(m.Role)) {
				return false
			}
		}
	}
	return true
}

// TestOwnFormat checks that reading a file and writing it back in its own
// format changes nothing: the second write is byte-identical to the first.
func TestOwnFormat(t *testing.T) {
	api := mustFormat(t, "api")
	for _, s := range samples(t) {
		convs := decodeAll(t, api, s.data)
		for _, f := range Formats() {
			if !f.CanRead() || !f.CanWrite() || f == parquetFormat { // no null members: parquet_test.go
				continue
			}
			t.Run(s.name+"/"+f.Name, func(t *testing.T) {
				first := encodeAll(t, f, writable(t, f, convs))
				second := encodeAll(t, f, decodeAll(t, f, first))
				if !bytes.Equal(first, second) {
					t.Errorf("%s → %s changed the file:\n%s", f.Name, f.Name, firstDiff(second, first))
				}
			})
		}
	}
}

// TestMetaSeed reads the seeds' metadata-rich export and writes it back
// unchanged, timestamps and ids included.
func TestMetaSeed(t *testing.T) {
	data, err := os.ReadFile("../testdata/seeds/python-tutor.meta.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Detect(data, "python-tutor.meta.json")
	if err != nil || f.Name != "meta" {
		t.Fatalf("Detect = %v, %v; want meta", f, err)
	}
	convs := decodeAll(t, f, data)
	if got := convs[0].ID; got != "conv_12345" {
		t.Errorf("conversation id = %q, want the seed's conv_12345", got)
	}
	if back := encodeAll(t, f, convs); !jsonEqual(t, data, back) {
		t.Errorf("meta → meta changed the seed:\n%s", firstDiff(back, data))
	}
}

// TestMetaRules checks the documented metadata rules on a conversation
// that has none: index from 0, code points as Python's len, a stable id.
func TestMetaRules(t *testing.T) {
	api, meta := mustFormat(t, "api"), mustFormat(t, "meta")
	in := []byte(`[{"role":"system","content":"héllo 👋"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"bc"}]}]`)
	out := encodeAll(t, meta, decodeAll(t, api, in))
	var msgs []struct {
		Metadata struct {
			MessageIndex   int    `json:"message_index"`
			CharacterCount int    `json:"character_count"`
			ConversationID string `json:"conversation_id"`
			Timestamp      *string
		}
	}
	if err := json.Unmarshal(out, &msgs); err != nil {
		t.Fatal(err)
	}
	if msgs[0].Metadata.CharacterCount != 7 || msgs[1].Metadata.CharacterCount != 4 {
		t.Errorf("character_count = %d, %d; want 7 (code points of \"héllo 👋\") and 4 (\"a\\nbc\")", msgs[0].Metadata.CharacterCount, msgs[1].Metadata.CharacterCount)
	}
	if msgs[0].Metadata.MessageIndex != 0 || msgs[1].Metadata.MessageIndex != 1 {
		t.Errorf("message_index = %d, %d; want 0, 1", msgs[0].Metadata.MessageIndex, msgs[1].Metadata.MessageIndex)
	}
	if msgs[0].Metadata.Timestamp != nil {
		t.Errorf("a timestamp was invented")
	}
	id := msgs[0].Metadata.ConversationID
	if !strings.HasPrefix(id, "conv_") || id != msgs[1].Metadata.ConversationID {
		t.Errorf("conversation ids %q, %q: want one derived conv_ id", id, msgs[1].Metadata.ConversationID)
	}
	if again := encodeAll(t, meta, decodeAll(t, api, in)); !bytes.Equal(out, again) {
		t.Errorf("the derived id is not deterministic")
	}
}

// TestMetaOddConversationID: a conversation_id that is not a string is no
// ID, but meta writes it where it writes the ID, once, as it was.
func TestMetaOddConversationID(t *testing.T) {
	api, meta := mustFormat(t, "api"), mustFormat(t, "meta")
	out := encodeAll(t, meta, decodeAll(t, api, []byte(`{"conversation_id":7,"messages":[{"role":"user","content":"hi"}]}`)))
	back := decodeAll(t, meta, out) // fails on a duplicate key
	if got := string(back[0].Extra.Get("conversation_id")); got != "7" {
		t.Errorf("conversation_id %q after meta, want 7:\n%s", got, out)
	}
}

// TestDetect checks that each sample written in each readable format is
// recognised as that format, or as one that reads it the same: a request
// whose messages hold only strings is both an Anthropic and an OpenAI body.
func TestDetect(t *testing.T) {
	api := mustFormat(t, "api")
	for _, s := range samples(t) {
		convs := decodeAll(t, api, s.data)
		for _, f := range Formats() {
			if !f.CanRead() || !f.CanWrite() || f == parquetFormat { // no null members: parquet_test.go
				continue
			}
			data := encodeAll(t, f, writable(t, f, convs))
			got, err := Detect(data, "")
			if err != nil {
				t.Errorf("%s as %s: %v", s.name, f.Name, err)
				continue
			}
			if got == f {
				continue
			}
			asF := encodeAll(t, api, decodeAll(t, f, data))
			asGot, err := decodeWith(got, data, DecodeOptions{})
			if err != nil || !jsonEqual(t, asF, encodeAll(t, api, asGot)) {
				t.Errorf("%s written as %s is detected as %s, which reads it differently", s.name, f.Name, got.Name)
			}
		}
	}
}

func TestLookupAliasesAndExtensions(t *testing.T) {
	for alias, want := range map[string]string{"json": "api", "MD": "markdown", "yml": "yaml", "txt": "text", "ndjson": "jsonl", "jsonl": "jsonl"} {
		if f, err := Lookup(alias); err != nil || f.Name != want {
			t.Errorf("Lookup(%q) = %v, %v; want %s", alias, f, err, want)
		}
	}
	for ext, want := range map[string]string{".md": "markdown", ".json": "api", ".JSONL": "jsonl", ".yml": "yaml", ".html": "html"} {
		if f := ForExtension(ext); f == nil || f.Name != want {
			t.Errorf("ForExtension(%q) = %v; want %s", ext, f, want)
		}
	}
	if f := ForExtension(".exe"); f != nil {
		t.Errorf("ForExtension(.exe) = %s, want nil", f.Name)
	}
	seen := map[string]string{}
	for _, f := range Formats() {
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			if other, dup := seen[n]; dup {
				t.Errorf("%q names both %s and %s", n, other, f.Name)
			}
			seen[n] = f.Name
		}
	}
}
