package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzFormat checks a decoder on arbitrary input: it never panics, and
// whatever it accepts is written (in its own format, or api for a format
// convkit only reads) so that a second read and write gives the same bytes.
// The seeds are the format's real-shaped samples and the shared test
// conversations written in it; plain go test runs them.
func fuzzFormat(f *testing.F, name string) {
	format := mustFormat(f, name)
	paths, _ := filepath.Glob(filepath.Join(formatsDir, name, "*"))
	for _, p := range paths {
		if !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".html") {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	if format.CanWrite() {
		for _, s := range samples(f) {
			if len(s.data) <= 64<<10 {
				f.Add(encodeAll(f, format, decodeAll(f, apiFormat, s.data)))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		convs, err := decodeWith(format, data, DecodeOptions{AllBranches: len(data)%2 == 0})
		if err != nil || len(convs) == 0 {
			return
		}
		to := format
		if !format.CanWrite() {
			to = apiFormat
		}
		out, _, err := encodeWith(to, convs, EncodeOptions{})
		if err != nil {
			t.Fatalf("writing what was read: %v", err)
		}
		again, err := decodeWith(to, out, DecodeOptions{})
		if err != nil {
			t.Fatalf("%s cannot read its own output: %v\ninput: %q\noutput: %q", to.Name, err, data, out)
		}
		out2, _, err := encodeWith(to, again, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("%s → %s is not stable:\n%s", to.Name, to.Name, firstDiff(out2, out))
		}
	})
}

func FuzzAPI(f *testing.F)   { fuzzFormat(f, "api") }
func FuzzMeta(f *testing.F)  { fuzzFormat(f, "meta") }
func FuzzJSONL(f *testing.F) { fuzzFormat(f, "jsonl") }
func FuzzText(f *testing.F)  { fuzzFormat(f, "text") }
func FuzzYAML(f *testing.F)  { fuzzFormat(f, "yaml") }
