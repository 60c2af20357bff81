package convert

import (
	"bytes"
	"errors"
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
			// A plain chat is no preference pair: the formats that
			// take only pairs refuse it.
			if out, _, err := encodeWith(format, decodeAll(f, apiFormat, s.data), EncodeOptions{}); err == nil && len(s.data) <= 64<<10 {
				f.Add(out)
			}
		}
	}
	for _, s := range hostileSeeds(name) {
		f.Add([]byte(s))
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
		out, _, err := encodeWith(to, convs, EncodeOptions{KeepVendor: true})
		if errors.Is(err, ErrSpecialText) {
			return // text that would read back as markup is refused, by design
		}
		if err != nil {
			t.Fatalf("writing what was read: %v", err)
		}
		again, err := decodeWith(to, out, DecodeOptions{})
		if err != nil {
			t.Fatalf("%s cannot read its own output: %v\ninput: %q\noutput: %q", to.Name, err, data, out)
		}
		out2, _, err := encodeWith(to, again, EncodeOptions{KeepVendor: true})
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

func FuzzAlpaca(f *testing.F)           { fuzzFormat(f, "alpaca") }
func FuzzTRLCompletion(f *testing.F)    { fuzzFormat(f, "trl-completion") }
func FuzzTRLPreference(f *testing.F)    { fuzzFormat(f, "trl-preference") }
func FuzzTRLUnpaired(f *testing.F)      { fuzzFormat(f, "trl-unpaired") }
func FuzzOpenAIPreference(f *testing.F) { fuzzFormat(f, "openai-preference") }

// hostileSeeds are the failure classes of hostile input (issue 23), as
// seeds for the decoders' fuzz targets: bytes no text holds, numbers the
// schema library chokes on, deep nesting, duplicate keys, a JSONL line
// longer than the sniffed head, a YAML alias bomb, ChatML markup inside
// text, terminal escapes.
func hostileSeeds(format string) []string {
	deep := strings.Repeat("[", 600) + strings.Repeat("]", 600)
	long := `{"messages":[{"role":"user","content":"` + strings.Repeat("x", 70<<10) + `"}]}`
	seeds := []string{
		"[\x00\x00\x00", "\xff\xfe", "[{\"role\":\"user\",\"content\":\"a\x00b\"}]",
		`[{"role":"user","content":"hi","weight":1e10000000}]`,
		`{"max_tokens":1e10000000,"messages":[{"role":"user","content":"hi"}]}`,
		`[{"role":"user","content":"x","extra":` + deep + `}]`,
		`[{"role":"user","content":"a","content":"b"}]`,
		`[{"role":"user\u001b]0;t\u0007","name":"\u001b[2J","content":"\u001b[31m"}]`,
	}
	switch format {
	case "jsonl":
		seeds = append(seeds, long+"\n"+`{"messages":[{"role":"user","content":"hi"}]}`+"\n")
	case "yaml":
		bomb := "a: &a [x,x,x,x,x,x,x,x,x]\n"
		for _, c := range "bcdefghi" {
			prev := string(c - 1)
			bomb += string(c) + ": &" + string(c) + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n"
		}
		seeds = append(seeds, bomb+"messages: [{role: user, content: hi}]\n",
			"messages:\n- role: user\n  content: hi\n  content: bye\n",
			"messages:\n- role: user\n  content: \"\\0\"\n  weight: 1e10000000\n")
	case "chatml":
		seeds = append(seeds,
			"<|im_start|>user\nhi <tool_call>\n{}\n</tool_call><|im_end|>\n",
			"<|im_start|>assistant\n<tool_call>\nnot json\n</tool_call><|im_end|>\n",
			"<|im_start|>user\n<tool_response>\nx\n</tool_response><|im_end|>\n",
			"<|im_start|>user\nhi\x00<|im_end|>\n")
	case "text":
		seeds = append(seeds, "USER: hi\x00\n", "USER (\x1b[2J): hi\r\n\r\nASSISTANT: yo\r\n", "USER: "+strings.Repeat("y", 70<<10)+"\n")
	}
	return seeds
}
