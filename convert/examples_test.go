package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// exampleDump shows conversations as read, what divides an example
// included: a JSON array of {"prompt", "chosen", "rejected", "text",
// "implicit_prompt", "fields"} for examples, {"messages", "fields"} for
// plain chats, messages as api writes them.
func exampleDump(t *testing.T, convs []*chat.Conversation) []byte {
	t.Helper()
	var items [][]byte
	for _, c := range convs {
		var o object
		fields := (&object{}).fields(c.Extra).bytes()
		if c.Example == nil {
			o.raw("messages", messagesJSON(c.Messages))
		} else {
			prompt, chosen, rejected := parts(c)
			o.raw("prompt", messagesJSON(prompt)).raw("chosen", messagesJSON(chosen))
			if rejected != nil {
				o.raw("rejected", messagesJSON(rejected))
			}
			o.raw("text", []byte(strconv.FormatBool(c.Example.Text))).raw("implicit_prompt", []byte(strconv.FormatBool(c.Example.ImplicitPrompt)))
		}
		o.raw("fields", fields)
		items = append(items, o.bytes())
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, array(items), "", "  "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// TestExampleConversions converts between the trainers' shapes and to and
// from plain chats: what each target holds, and what it warns of.
func TestExampleConversions(t *testing.T) {
	const (
		pair     = `{"prompt": [{"role": "user", "content": "Sky?"}], "chosen": [{"role": "assistant", "content": "Blue."}], "rejected": [{"role": "assistant", "content": "Green."}], "id": 7}`
		textPair = `{"prompt": "The sky is", "chosen": " blue.", "rejected": " green."}`
		chat3    = `{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Sky?"}, {"role": "assistant", "content": "Blue."}]}`
		dropped  = "rejected completions of preference pairs dropped (the chosen ones kept)"
	)
	tests := []struct {
		name, from, to, in, want string
		warn                     string // the one warning, without the format's name
	}{
		{"pair to chat keeps chosen", "trl-preference", "jsonl", pair,
			`{"messages":[{"role":"user","content":"Sky?"},{"role":"assistant","content":"Blue."}],"id":7}`, dropped},
		{"pair to completion keeps chosen", "trl-preference", "trl-completion", pair,
			`{"prompt":[{"role":"user","content":"Sky?"}],"completion":[{"role":"assistant","content":"Blue."}],"id":7}`, dropped},
		{"pair to openai", "trl-preference", "openai-preference", pair,
			`{"input":{"messages":[{"role":"user","content":"Sky?"}]},"preferred_output":[{"role":"assistant","content":"Blue."}],"non_preferred_output":[{"role":"assistant","content":"Green."}],"id":7}`, ""},
		{"pair to unpaired", "trl-preference", "trl-unpaired", pair,
			`{"prompt":[{"role":"user","content":"Sky?"}],"completion":[{"role":"assistant","content":"Blue."}],"label":true,"id":7}
{"prompt":[{"role":"user","content":"Sky?"}],"completion":[{"role":"assistant","content":"Green."}],"label":false,"id":7}`,
			"preference pairs written as two examples, chosen labelled true and rejected false"},
		{"pair to alpaca", "trl-preference", "alpaca", textPair,
			`{"instruction":"The sky is","input":"","chosen":" blue.","rejected":" green."}`, ""},
		{"text pair stays text", "trl-preference", "trl-unpaired", textPair,
			`{"prompt":"The sky is","completion":" blue.","label":true}
{"prompt":"The sky is","completion":" green.","label":false}`,
			"preference pairs written as two examples, chosen labelled true and rejected false"},
		{"openai tools go to input and back", "openai-preference", "trl-preference",
			`{"input":{"messages":[{"role":"user","content":"Hi"}],"tools":[],"parallel_tool_calls":true},"preferred_output":[{"role":"assistant","content":"Hello."}],"non_preferred_output":[{"role":"assistant","content":"Go away."}]}`,
			`{"prompt":[{"role":"user","content":"Hi"}],"chosen":[{"role":"assistant","content":"Hello."}],"rejected":[{"role":"assistant","content":"Go away."}],"tools":[],"parallel_tool_calls":true}`, ""},
		{"chat to completion: the prompt ends at the last user message", "jsonl", "trl-completion", chat3,
			`{"prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"Sky?"}],"completion":[{"role":"assistant","content":"Blue."}]}`, ""},
		{"alpaca input becomes two text parts", "alpaca", "jsonl",
			`{"instruction": "Translate.", "input": "Le chat.", "output": "The cat."}`,
			`{"messages":[{"role":"user","content":[{"type":"text","text":"Translate."},{"type":"text","text":"Le chat."}]},{"role":"assistant","content":"The cat."}]}`, ""},
		{"alpaca history and system to sharegpt", "alpaca", "sharegpt",
			`{"instruction": "And now?", "input": "", "output": "Still blue.", "system": "Be brief.", "history": [["Sky?", "Blue."]]}`,
			`{"conversations":[{"from":"human","value":"Sky?"},{"from":"gpt","value":"Blue."},{"from":"human","value":"And now?"},{"from":"gpt","value":"Still blue."}],"system":"Be brief."}`, ""},
		{"alpaca without input gains an empty one, as docs/formats.md says", "alpaca", "alpaca",
			`{"instruction": "a", "output": "b", "history": []}`, `{"instruction":"a","input":"","output":"b"}`, ""},
		{"chat with tools to alpaca", "api", "alpaca",
			`{"messages":[{"role":"user","content":"Paris?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"14"},{"role":"assistant","content":"14 °C."}]}`,
			`{"instruction":"Paris?","input":"","output":"14 °C."}`, "tool calls and results dropped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			convs, err := decodeWith(mustFormat(t, tt.from), []byte(tt.in), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			to := mustFormat(t, tt.to)
			out, warnings, err := encodeWith(to, convs, EncodeOptions{Lines: true})
			if err != nil {
				t.Fatal(err)
			}
			if !jsonLinesEqual(t, out, []byte(tt.want)) {
				t.Errorf("wrote\n%s\nwant\n%s", out, tt.want)
			}
			var want []string
			if tt.warn != "" {
				want = []string{tt.to + ": " + tt.warn}
			}
			if strings.Join(warnings, "|") != strings.Join(want, "|") {
				t.Errorf("warnings %q, want %q", warnings, want)
			}
			if tt.warn != "" {
				_, _, err := encodeWith(to, convs, EncodeOptions{Strict: true})
				var lost *LossError
				if !errors.As(err, &lost) || lost.Kind != tt.warn {
					t.Errorf("--strict: got %v, want a LossError %q", err, tt.warn)
				}
			}
		})
	}
}

// TestExampleWriteRefused: a plain chat has no rejected completion for a
// preference shape, and no label for the unpaired one; the error names the
// conversation.
func TestExampleWriteRefused(t *testing.T) {
	convs := decodeAll(t, mustFormat(t, "jsonl"), []byte(`{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}`+"\n"+`{"messages":[{"role":"user","content":"c"}]}`))
	for name, want := range map[string]string{
		"trl-preference":    "trl-preference: conversation 1: no rejected completion to write: it is no preference pair (read one from a preference dataset)",
		"openai-preference": "openai-preference: conversation 1: no rejected completion to write: it is no preference pair (read one from a preference dataset)",
		"trl-unpaired":      `trl-unpaired: conversation 1: no boolean "label" field to write (and no preference pair to label)`,
	} {
		_, _, err := encodeWith(mustFormat(t, name), convs, EncodeOptions{})
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", name, err, want)
		}
	}
}

// TestExampleImplicitPrompt divides implicit prompts as TRL's
// extract_prompt does, never inside a character, and writes them back as
// they were.
func TestExampleImplicitPrompt(t *testing.T) {
	for _, tt := range []struct{ chosen, rejected, prompt string }{
		{"The sky is blue.", "The sky is green.", "The sky is"},
		{"abc", "abd", "ab"},
		{"same", "same", "sam"},      // no difference: the last character is left out, as TRL does
		{"short", "shorter", "shor"}, // one begins the other
		{"Élan", "Èlan", ""},         // É and È share a first byte
		{"x", "y", ""},               // nothing in common
		{"日本語です", "日本酒です", "日本"},     // 語 and 酒 share their first bytes
	} {
		in := `{"chosen": ` + strconv.Quote(tt.chosen) + `, "rejected": ` + strconv.Quote(tt.rejected) + `}`
		convs := decodeAll(t, trlPreferenceFormat, []byte(in))
		prompt, _, _ := parts(convs[0])
		got := ""
		if len(prompt) > 0 {
			got = prompt[0].Content.Text
		}
		if got != tt.prompt {
			t.Errorf("%s: prompt %q, want %q", in, got, tt.prompt)
		}
		if out := encodeAll(t, trlPreferenceFormat, convs); !jsonEqual(t, bytes.TrimSpace(out), []byte(in)) {
			t.Errorf("%s: wrote back %s", in, out)
		}
	}
}

// TestExampleBadInput: input that is no example of the shape is a one-line
// error with its line, column and JSON pointer.
func TestExampleBadInput(t *testing.T) {
	tests := []struct{ format, in, want string }{
		{"trl-completion", `{"prompt": "a", "completion": " b"}` + "\n" + `{"prompt": "a"}`,
			`2:1: missing "completion": expected a prompt-completion example {"prompt": …, "completion": …}`},
		{"trl-completion", `{"prompt": "a", "completion": [{"role": "assistant", "content": "b"}]}`,
			`1:31: /completion: "completion" is an array but "prompt" is not: an example is all strings or all message lists`},
		{"trl-completion", `{"prompt": 3, "completion": "b"}`,
			`1:12: /prompt: expected a string or a list of messages, got a number`},
		{"trl-completion", `{"prompt": [{"content": "a"}], "completion": "b"}`,
			`1:13: /prompt/0: message has no "role"`},
		{"trl-preference", `{"prompt": "a", "chosen": "b"}`,
			`1:1: missing "rejected": expected a preference example {"prompt"?, "chosen": …, "rejected": …}`},
		{"trl-unpaired", `{"prompt": "a", "completion": "b", "label": "yes"}`,
			`1:45: /label: expected true or false, got a string`},
		{"openai-preference", `{"input": {"messages": []}, "preferred_output": {"role": "assistant"}, "non_preferred_output": []}`,
			`1:49: /preferred_output: expected a list of messages, got an object`},
		{"openai-preference", `{"input": [], "preferred_output": [], "non_preferred_output": []}`,
			`1:11: expected "input", an object with "messages"`},
		{"alpaca", `[{"instruction": "a", "output": "b"}, {"instruction": "a", "input": 1, "output": "b"}]`,
			`1:69: /1/input: expected a string, got a number`},
		{"alpaca", `{"instruction": "a", "output": "b", "history": [["q"]]}`,
			`1:49: /history/0: expected a [user, assistant] pair of strings`},
		{"alpaca", `{"instruction": "a", "chosen": "b"}`,
			`1:1: a preference example needs both "chosen" and "rejected"`},
		{"alpaca", "{\"instruction\": \"a\", \"output\": \"b\"}\n{\"instruction\": \"a\", \"output\": }",
			`2:32: unexpected character '}', expected a JSON value`},
		{"trl-preference", `["a"]`, `1:2: /0: expected a conversation object, got a string`},
	}
	for _, tt := range tests {
		_, err := decodeWith(mustFormat(t, tt.format), []byte(tt.in), DecodeOptions{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s %s:\ngot  %v\nwant %s", tt.format, tt.in, err, tt.want)
		}
	}
}

// TestExampleSniff: each shape is told from the others and from plain
// chats by its first example.
func TestExampleSniff(t *testing.T) {
	for in, want := range map[string]string{
		`{"prompt": "a", "completion": "b"}`:                                              "trl-completion",
		`[{"prompt": [], "completion": []}]`:                                              "trl-completion",
		`{"prompt": "a", "completion": "b", "label": true}`:                               "trl-unpaired",
		`{"prompt": "a", "chosen": "b", "rejected": "c"}`:                                 "trl-preference",
		`{"chosen": [], "rejected": []}`:                                                  "trl-preference",
		`{"input": {"messages": []}, "preferred_output": [], "non_preferred_output": []}`: "openai-preference",
		`[{"instruction": "a", "input": "", "output": "b"}]`:                              "alpaca",
		`{"instruction": "a", "input": "", "chosen": "b", "rejected": "c"}`:               "alpaca",
		`{"messages": [{"role": "user", "content": "a"}]}` + "\n" + `{"messages": []}`:    "jsonl",
	} {
		f, err := Detect([]byte(in+"\n"), "data.jsonl")
		if err != nil || f.Name != want {
			t.Errorf("%s: detected %v (%v), want %s", in, f, err, want)
		}
	}
}

// writable returns convs as f can write them: for the formats that write
// only preference pairs (or labelled examples), each conversation becomes a
// pair whose rejected completion is a copy of its chosen one.
func writable(t testing.TB, f *Format, convs []*chat.Conversation) []*chat.Conversation {
	t.Helper()
	_, _, err := encodeWith(f, convs, EncodeOptions{KeepVendor: true})
	if !errors.Is(err, errNoRejected) && !errors.Is(err, errNoLabel) {
		return convs
	}
	pairs := make([]*chat.Conversation, len(convs))
	for i, c := range convs {
		p := *c
		n := c.PromptLen()
		p.Example = &chat.Example{Prompt: n, Rejected: append([]chat.Message{}, c.Messages[n:]...)}
		pairs[i] = &p
	}
	return pairs
}

// TestExampleConversionGoldens writes every sample of each trainer's shape
// in every other one, and in jsonl, into one golden per target,
// testdata/formats/TARGET/conversions.md: what each conversion writes, the
// warnings it gives, or why it refuses.
func TestExampleConversionGoldens(t *testing.T) {
	for _, to := range append(slices.Clone(trainerFormats), "jsonl") {
		target := mustFormat(t, to)
		var b bytes.Buffer
		b.WriteString("# Samples of the trainers' shapes written as " + to + "\n\nWritten by TestExampleConversionGoldens (go test ./convert -update).\n")
		for _, from := range trainerFormats {
			if from == to {
				continue
			}
			for _, path := range formatSamples(t, from) {
				out, warnings, err := encodeWith(target, readSample(t, from, filepath.Base(path), DecodeOptions{}), EncodeOptions{Lines: true})
				fmt.Fprintf(&b, "\n## %s/%s\n\n", from, filepath.Base(path))
				for _, w := range warnings {
					fmt.Fprintf(&b, "warning: %s\n", w)
				}
				if err != nil {
					fmt.Fprintf(&b, "error: %v\n", err)
					continue
				}
				b.WriteString("```\n")
				b.Write(out)
				b.WriteString("```\n")
			}
		}
		dir := to
		if to == "jsonl" {
			dir = "shared"
		}
		golden(t, filepath.Join(formatsDir, dir, "conversions-"+to+".md"), b.Bytes())
	}
}

// TestExampleHostileLines: a NUL byte, a byte that is not UTF-8 and a line
// with no end stop the reading at a located error, without reading on.
func TestExampleHostileLines(t *testing.T) {
	first := `{"prompt": "a", "completion": "b"}` + "\n"
	defer func(max int) { maxExampleLine = max }(maxExampleLine)
	maxExampleLine = 4 << 20
	for name, tt := range map[string]struct {
		r    io.Reader
		want string
	}{
		"NUL":       {io.MultiReader(strings.NewReader(first+`{"prompt": "`), zeros{}), "2:13: NUL byte"},
		"not UTF-8": {strings.NewReader(first + "{\"prompt\": \"\xff\"}\n"), "2:13: invalid UTF-8 byte 0xff"},
		"no end":    {io.MultiReader(strings.NewReader(first+`{"prompt": "`), repeat('a')), "2:1: a line over 4 MB: no example is that long"},
	} {
		dec := trlCompletionFormat.NewDecoder(tt.r, DecodeOptions{})
		if _, err := dec.Decode(); err != nil {
			t.Fatalf("%s: first line: %v", name, err)
		}
		for range 2 { // and again: the reading ended there
			if _, err := dec.Decode(); err == nil || err.Error() != tt.want {
				t.Errorf("%s: got %v, want %s", name, err, tt.want)
			}
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}
