package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// The samples: testdata/formats/FORMAT/* are real-shaped files of FORMAT
// (SOURCES.md says where each shape comes from); testdata/formats/shared/*
// are the shared test conversations in the api format. Goldens sit next to
// the samples: NAME.api.json (or .meta.json) is a sample as read,
// shared-NAME.EXT a shared conversation as written.
const formatsDir = "../testdata/formats"

// newFormats are the formats of testdata/formats, in registry order.
var newFormats = []string{"anthropic", "gemini", "responses", "sharegpt", "alpaca", "trl-completion", "trl-preference", "trl-unpaired", "openai-preference", "chatml", "chatgpt", "claude", "html"}

// trainerFormats are the trainers' dataset shapes: their samples' read
// goldens are NAME.read.json (see exampleDump), for api has no place for
// what divides an example.
var trainerFormats = []string{"alpaca", "trl-completion", "trl-preference", "trl-unpaired", "openai-preference"}

// isGolden tells goldens from samples.
func isGolden(name string) bool {
	return strings.HasPrefix(name, "shared-") || strings.HasSuffix(name, ".api.json") || strings.HasSuffix(name, ".meta.json") || strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".read.json")
}

// formatSamples lists the real-shaped samples of a format.
func formatSamples(t testing.TB, format string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(formatsDir, format))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !isGolden(e.Name()) {
			out = append(out, filepath.Join(formatsDir, format, e.Name()))
		}
	}
	return out
}

func mustFormat(t testing.TB, name string) *Format {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// decodeWith reads every conversation of data in format f.
func decodeWith(f *Format, data []byte, opts DecodeOptions) ([]*chat.Conversation, error) {
	convs, err := readAllConversations(f.NewDecoder(bytes.NewReader(data), opts))
	if err != nil {
		return nil, err
	}
	return convs, nil
}

// readAllConversations decodes until io.EOF or an error, returning the
// conversations before it and the error.
func readAllConversations(d Decoder) ([]*chat.Conversation, error) {
	var convs []*chat.Conversation
	for {
		c, err := d.Decode()
		if errors.Is(err, io.EOF) {
			return convs, nil
		}
		if err != nil {
			return convs, err
		}
		convs = append(convs, c)
	}
}

// encodeWith writes conversations in format f, collecting its warnings.
func encodeWith(f *Format, convs []*chat.Conversation, opts EncodeOptions) ([]byte, []string, error) {
	var buf bytes.Buffer
	var warnings []string
	if opts.Warn == nil {
		opts.Warn = func(k string) { warnings = append(warnings, k) }
	}
	enc := f.NewEncoder(&buf, opts)
	for _, c := range convs {
		if err := enc.Encode(c); err != nil {
			return nil, warnings, err
		}
	}
	err := enc.Close()
	return buf.Bytes(), warnings, err
}

func convertData(t testing.TB, data []byte, from, to string) []byte {
	t.Helper()
	convs, err := decodeWith(mustFormat(t, from), data, DecodeOptions{})
	if err != nil {
		t.Fatalf("reading %s: %v", from, err)
	}
	out, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{KeepVendor: true})
	if err != nil {
		t.Fatalf("writing %s: %v", to, err)
	}
	return out
}

// convertThrough reads data as from and writes it as each format of via
// in turn, each under --strict and with no warning: a round trip.
func convertThrough(t *testing.T, data []byte, from string, via []string, opts EncodeOptions) []byte {
	t.Helper()
	opts.Strict = true
	for _, to := range via {
		out, warnings, err := encodeWith(mustFormat(t, to), decodeAll(t, mustFormat(t, from), data), opts)
		if err != nil || len(warnings) > 0 {
			t.Fatalf("%s to %s: %v, warnings %q", from, to, err, warnings)
		}
		data, from = out, to
	}
	return data
}

// convertsBothWays checks that a, in format from, is written as b in
// format to, and b as a, each under --strict with no warning; check, if
// given, is called on what each writes.
func convertsBothWays(t *testing.T, from string, a []byte, to string, b []byte, check func(to string, out []byte)) {
	t.Helper()
	for _, way := range []struct {
		from, to   string
		data, want []byte
	}{{from, to, a, b}, {to, from, b, a}} {
		out := convertThrough(t, way.data, way.from, []string{way.to}, EncodeOptions{})
		if !jsonEqual(t, out, way.want) {
			t.Errorf("%s to %s:\n%s\nwant\n%s", way.from, way.to, out, way.want)
		}
		if check != nil {
			check(way.to, out)
		}
	}
}

// TestReadGoldens reads every sample and writes what it holds as api JSON
// (meta for the exports, whose timestamps live in metadata).
func TestReadGoldens(t *testing.T) {
	for _, name := range newFormats {
		if !mustFormat(t, name).CanRead() {
			continue
		}
		for _, path := range formatSamples(t, name) {
			t.Run(filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				to := "api"
				if name == "chatgpt" || name == "claude" {
					to = "meta"
				}
				base := strings.TrimSuffix(path, filepath.Ext(path))
				if slices.Contains(trainerFormats, name) {
					golden(t, base+".read.json", exampleDump(t, readSample(t, name, filepath.Base(path), DecodeOptions{})))
					return
				}
				golden(t, base+"."+to+".json", convertData(t, data, name, to))
			})
		}
	}
}

// TestWriteGoldens writes every shared conversation in every new writable
// format.
func TestWriteGoldens(t *testing.T) {
	shared := formatSamples(t, "shared")
	for _, name := range newFormats {
		f := mustFormat(t, name)
		if !f.CanWrite() || f.pairs && name != "alpaca" {
			continue // a plain chat is no preference pair, and has no label
		}
		for _, path := range shared {
			t.Run(name+"/"+filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				out := convertData(t, data, "api", name)
				base := strings.TrimSuffix(filepath.Base(path), ".json")
				golden(t, filepath.Join(formatsDir, name, "shared-"+base+f.Extensions[0]), out)
			})
		}
	}
}

// normalizing lists the samples that do not come back byte for byte or JSON
// for JSON, and why; README's tables say the same.
var normalizing = map[string]string{
	"snake-case.json": "snake_case keys are written in camelCase",
	"fastchat.jsonl":  "a leading {\"from\": \"system\"} turn is written as the top-level \"system\"",
}

// TestRoundTrip reads each sample of a read-write format and writes it back
// in the same format: the result is JSON-equal to the sample (text-equal
// for chatml). Shared conversations written in a format read back to the
// same bytes.
func TestFormatsRoundTrip(t *testing.T) {
	for _, name := range newFormats {
		f := mustFormat(t, name)
		if !f.CanRead() || !f.CanWrite() {
			continue
		}
		for _, path := range formatSamples(t, name) {
			t.Run(filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				out := convertData(t, data, name, name)
				if reason, ok := normalizing[filepath.Base(path)]; ok {
					// Normalized once, then stable.
					if again := convertData(t, out, name, name); !bytes.Equal(again, out) {
						t.Errorf("%s: not stable after one round trip (%s):\n%s\n---\n%s", path, reason, out, again)
					}
					return
				}
				if name == "chatml" {
					via := convertData(t, convertData(t, data, name, "api"), "api", name)
					if !bytes.Equal(out, data) || !bytes.Equal(via, data) {
						t.Errorf("round trip changed the text:\n--- got\n%s\n--- via api\n%s\n--- want\n%s", out, via, data)
					}
					return
				}
				if got, want := jsonDocs(t, out), jsonDocs(t, data); !reflect.DeepEqual(got, want) {
					t.Errorf("round trip is not JSON-equal:\n--- got\n%s\n--- want\n%s", out, data)
				}
				// Through the api format and back loses nothing either,
				// but what divides an example, which api has no place for.
				if slices.ContainsFunc(decodeAll(t, f, data), func(c *chat.Conversation) bool { return c.Example != nil }) {
					return
				}
				via := convertData(t, convertData(t, data, name, "api"), "api", name)
				if got, want := jsonDocs(t, via), jsonDocs(t, data); !reflect.DeepEqual(got, want) {
					t.Errorf("%s → api → %s is not JSON-equal:\n--- got\n%s\n--- want\n%s", name, name, via, data)
				}
			})
		}
		entries, _ := filepath.Glob(filepath.Join(formatsDir, name, "shared-*"))
		for _, path := range entries {
			t.Run(filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if out := convertData(t, data, name, name); !bytes.Equal(out, data) {
					t.Errorf("round trip changed %s:\n%s", path, out)
				}
			})
		}
	}
}

// jsonDocs decodes JSON or JSON Lines into the list of conversations it
// holds: an array's elements, or each value.
func jsonDocs(t *testing.T, data []byte) []any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var docs []any
	for {
		var v any
		if err := dec.Decode(&v); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("not JSON: %v\n%s", err, data)
		}
		if a, ok := v.([]any); ok {
			docs = append(docs, a...)
		} else {
			docs = append(docs, v)
		}
	}
	return docs
}

// TestDetectSamples checks that every file under testdata/formats is
// detected as the format it is in, or else as a format that reads it to the
// very same conversations (a plain {"messages": […]} of strings is both an
// anthropic and an api request).
func TestDetectSamples(t *testing.T) {
	err := filepath.WalkDir(formatsDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".read.json") {
			return err
		}
		want := filepath.Base(filepath.Dir(path))
		switch {
		case want == "shared", strings.HasSuffix(path, ".api.json"):
			want = "api"
		case strings.HasSuffix(path, ".meta.json"):
			want = "meta"
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(data) > sniffBytes {
			data = data[:sniffBytes]
		}
		f, err := Detect(data, path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		} else if f.Name != want && !sameReading(t, path, f.Name, want) {
			t.Errorf("%s: detected as %s, want %s", path, f.Name, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sameReading reports whether formats a and b read the file at path to the
// same conversations.
func sameReading(t *testing.T, path, a, b string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ca, errA := decodeWith(mustFormat(t, a), data, DecodeOptions{})
	cb, errB := decodeWith(mustFormat(t, b), data, DecodeOptions{})
	if errA != nil || errB != nil {
		return false
	}
	outA, _, errA := encodeWith(metaFormat, ca, EncodeOptions{})
	outB, _, errB := encodeWith(metaFormat, cb, EncodeOptions{})
	return errA == nil && errB == nil && bytes.Equal(outA, outB)
}

// readSample decodes one sample file.
func readSample(t *testing.T, format, file string, opts DecodeOptions) []*chat.Conversation {
	t.Helper()
	convs, err := decodeWith(mustFormat(t, format), sampleData(t, format, file), opts)
	if err != nil {
		t.Fatal(err)
	}
	return convs
}

// summary lists a conversation's messages as "role: text" lines, tool
// calls as "→ id name(args)" and results as "role[id]: text".
func summary(c *chat.Conversation) []string {
	var out []string
	for _, m := range c.Messages {
		line := string(m.Role)
		if m.ToolCallID != "" {
			line += "[" + m.ToolCallID + "]"
		}
		out = append(out, line+": "+contentText(m.Content))
		for _, tc := range m.ToolCalls {
			out = append(out, "→ "+tc.ID+" "+tc.Name+"("+tc.Arguments+")")
		}
	}
	return out
}

// sampleData returns the bytes of a sample of format.
func sampleData(t *testing.T, format, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(formatsDir, format, file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkWarnings compares the warnings a read gave with those wanted, in order.
func checkWarnings(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func checkSummary(t *testing.T, c *chat.Conversation, want ...string) {
	t.Helper()
	if got := summary(c); !reflect.DeepEqual(got, want) {
		t.Errorf("conversation reads as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
