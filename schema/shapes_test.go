package schema_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/schema"
)

// checkText validates text as JSON Lines (or, with lines false, one
// document) and returns each problem as "LINE:COL: severity: POINTER: MSG".
func checkText(t *testing.T, opts schema.Options, shape, text string, lines bool) []string {
	t.Helper()
	v := schema.New(opts)
	v.SetShape(shape)
	var got []string
	err := v.Check(strings.NewReader(text), lines, func(p schema.Problem) {
		sev := "error"
		if p.Warning {
			sev = "warning"
		}
		got = append(got, fmt.Sprintf("%d:%d: %s: %s: %s", p.Pos.Line, p.Pos.Col, sev, p.Pointer, p.Msg))
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestShapesSamplesValid: every sample of the trainers' shapes that
// convkit reads is valid against its shape's schema, whether the shape is
// named or told by the keys.
func TestShapesSamplesValid(t *testing.T) {
	for _, name := range []string{"trl-completion", "trl-preference", "trl-unpaired", "openai-preference"} {
		dir := filepath.Join("..", "testdata", "formats", name)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if filepath.Ext(e.Name()) != ".jsonl" {
				continue
			}
			n++
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, shape := range []string{name, ""} {
				if got := checkText(t, schema.Options{}, shape, string(data), true); len(got) > 0 {
					t.Errorf("%s/%s (shape %q): %q", name, e.Name(), shape, got)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no samples", name)
		}
	}
}

// TestShapesProblems: each shape's problems are located by line, column
// and JSON pointer, as the chat schemas' are.
func TestShapesProblems(t *testing.T) {
	for _, tc := range []struct {
		name, shape string
		fineTune    bool
		text        string
		want        []string
	}{
		{"TRL preference without rejected", "", false,
			`{"prompt": "Hi", "chosen": "Hello"}`,
			[]string{`1:1: error: : missing required field "rejected"`}},
		{"TRL kinds mixed", "", false,
			`{"prompt": "Hi", "chosen": [{"role": "assistant", "content": "a"}], "rejected": "b"}`,
			[]string{`1:28: error: /chosen: a list of messages, while prompt is a string: TRL wants prompt, chosen and rejected all strings or all lists of messages`}},
		{"TRL message role", "trl-completion", false,
			`{"prompt": [{"role": "user", "content": "q"}], "completion": [{"role": "assistent", "content": "a"}]}`,
			[]string{`1:72: error: /completion/0/role: "assistent" is not one of system, developer, user, assistant, tool, function`}},
		{"TRL unpaired label", "", false,
			`{"prompt": "q", "completion": "a", "label": "yes"}`,
			[]string{`1:45: error: /label: expected a boolean, got a string`}},
		{"TRL empty completion for fine-tuning", "", true,
			`{"prompt": "q", "chosen": "", "rejected": "b"}`,
			[]string{`1:27: error: /chosen: chosen is empty: nothing to train on`}},
		{"TRL extra columns pass fine-tuning", "", true,
			`{"prompt": "q", "chosen": "a", "rejected": "b", "score_chosen": 9}`, nil},
		{"OpenAI preference outputs", "", true,
			`{"input": {"messages": [{"role": "user", "content": "q"}]}, "preferred_output": [{"role": "assistant", "content": "a"}, {"role": "assistant", "content": "b"}], "non_preferred_output": [{"role": "user", "content": "c"}]}`,
			[]string{
				`1:81: error: /preferred_output: 2 messages: preference fine-tuning takes one assistant message here`,
				`1:195: error: /non_preferred_output/0/role: a user message: preference fine-tuning takes one assistant message here`,
			}},
		{"OpenAI preference outputs without --fine-tune", "", false,
			`{"input": {"messages": [{"role": "user", "content": "q"}]}, "preferred_output": [{"role": "assistant", "content": "a"}, {"role": "assistant", "content": "b"}], "non_preferred_output": [{"role": "user", "content": "c"}]}`,
			nil},
		{"OpenAI preference prompt ends with the assistant", "", true,
			`{"input": {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "z"}]}, "preferred_output": [{"role": "assistant", "content": "a"}], "non_preferred_output": [{"role": "assistant", "content": "c"}]}`,
			[]string{`1:68: warning: /input/messages/1/role: the prompt ends with a message of role assistant: the preferred and non-preferred outputs answer its last user message`}},
		{"OpenAI preference unknown field for fine-tuning", "", true,
			`{"input": {"messages": [{"role": "user", "content": "q"}]}, "preferred_output": [{"role": "assistant", "content": "a"}], "non_preferred_output": [{"role": "assistant", "content": "c"}], "note": 1}`,
			[]string{`1:187: error: /note: unknown field "note"`}},
		{"OpenAI preference shape", "", false,
			`{"input": {}, "preferred_output": {}}`,
			[]string{
				`1:1: error: : missing required field "non_preferred_output"`,
				`1:11: error: /input: missing required field "messages"`,
				`1:35: error: /preferred_output: expected an array, got an object`,
			}},
		{"a file of one shape: a chat line in it", "trl-preference", false,
			"{\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}]}",
			[]string{`2:1: error: : missing required fields "chosen", "rejected"`}},
		{"Alpaca history turn of three", "", false,
			`{"instruction": "Say hi", "input": "", "output": "Hi", "history": [["a", "b"], ["c", "d", "e"]]}`,
			[]string{`1:91: error: /history/1/2: a history turn is [instruction, response]: 3 items`}},
		{"Alpaca without output", "", false,
			`{"instruction": "Say hi", "input": ""}`,
			[]string{`1:1: error: : missing required fields "output", "chosen", "rejected"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := checkText(t, schema.Options{FineTune: tc.fineTune}, tc.shape, tc.text, true)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestShapesDocument: a JSON array of records of a shape (Alpaca's
// alpaca_data.json) is checked record by record, each under its index.
func TestShapesDocument(t *testing.T) {
	text := `[
  {"instruction": "Say hi", "input": "", "output": "Hi"},
  {"instruction": "Say bye", "input": 3, "output": "Bye"}
]`
	got := checkText(t, schema.Options{}, "", text, false)
	want := []string{`3:39: error: /1/input: expected a string, got a number`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestShapeSchemaStandsAlone: the schema convkit schema prints for a shape
// holds the message definitions it refers to, so another validator can use
// it: compiled as a user's schema, it finds the same problem.
func TestShapeSchemaStandsAlone(t *testing.T) {
	src, err := schema.Source("trl-preference")
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.Compile("trl-preference.schema.json", src)
	if err != nil {
		t.Fatal(err)
	}
	line := `{"prompt": [{"role": "user", "content": "q"}], "chosen": [{"role": "robot", "content": "a"}], "rejected": []}`
	got := checkText(t, schema.Options{Schema: s}, "", line, true)
	if len(got) != 1 || !strings.HasPrefix(got[0], `1:68: error: /chosen/0/role: "robot" is not one of`) {
		t.Errorf("got %q", got)
	}
}
