package convert

import (
	"bytes"
	"testing"
)

// fuzzDecoder checks a decoder on arbitrary input: it never panics, and
// whatever it accepts it writes back in its own format so that a second
// read and write gives the same bytes.
func fuzzDecoder(f *testing.F, name string) {
	format, err := Lookup(name)
	if err != nil {
		f.Fatal(err)
	}
	api := mustLookup(f, "api")
	for _, s := range samples(f) {
		if len(s.data) > 64<<10 {
			continue
		}
		if format.CanWrite() {
			f.Add(encodeAll(f, format, decodeAll(f, api, s.data)))
		} else {
			f.Add(s.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		convs, err := tryDecodeAll(format, data)
		if err != nil || !format.CanWrite() {
			return
		}
		first := encodeAll(t, format, convs)
		again, err := tryDecodeAll(format, first)
		if err != nil {
			t.Fatalf("%s cannot read its own output: %v\ninput: %q\noutput: %q", name, err, data, first)
		}
		if second := encodeAll(t, format, again); !bytes.Equal(first, second) {
			t.Fatalf("%s → %s is not stable:\n%s", name, name, firstDiff(second, first))
		}
	})
}

func FuzzAPI(f *testing.F)   { fuzzDecoder(f, "api") }
func FuzzMeta(f *testing.F)  { fuzzDecoder(f, "meta") }
func FuzzJSONL(f *testing.F) { fuzzDecoder(f, "jsonl") }
func FuzzText(f *testing.F)  { fuzzDecoder(f, "text") }
func FuzzYAML(f *testing.F)  { fuzzDecoder(f, "yaml") }
