package hf

import (
	"strings"
	"testing"
)

// TestPipelineErrors checks that a tokenizer.json whose pipeline has a
// member of the wrong type, or a step convkit does not implement, is
// refused with an error that names the step and the member.
func TestPipelineErrors(t *testing.T) {
	model := `"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}`
	for _, c := range []struct{ pipeline, want string }{
		{`"normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": 5}`, `normalizer: "content" is a number, want a string`},
		{`"normalizer": {"type": "Sequence", "normalizers": [{"type": "Strip", "left": "yes"}]}`, `normalizer: "left" is a string, want a boolean`},
		{`"normalizer": {"type": "Sequence", "normalizers": ["NFC"]}`, `normalizer: "normalizers" holds a string, want objects`},
		{`"normalizer": ["NFC"]`, `normalizer: not an object`},
		{`"pre_tokenizer": {"type": "Split", "pattern": "x", "behavior": "Isolated"}`, `pre_tokenizer: "pattern" is a string, want an object`},
		{`"pre_tokenizer": {"type": "Metaspace", "split": 1}`, `pre_tokenizer: "split" is a number, want a boolean`},
		{`"pre_tokenizer": {"type": "UnicodeScripts"}`, `pre_tokenizer "UnicodeScripts" is not supported`},
		{`"post_processor": {"type": "TemplateProcessing", "single": {}}`, `post_processor: "single" is an object, want an array`},
		{`"post_processor": {"type": "Sequence", "processors": [{"type": "Wordy"}]}`, `post_processor "Wordy" is not supported`},
	} {
		_, err := Load(strings.NewReader(`{` + c.pipeline + `, ` + model + `}`))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.pipeline, err, c.want)
		}
	}
}

// TestNotTokenizer checks that a file that is not a tokenizer.json is
// refused, saying what it is in JSON's words, where it once counted every
// text as no tokens.
func TestNotTokenizer(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{``, `not a tokenizer.json: the file is empty`},
		{`[{"role": "user"}]`, `not a tokenizer.json: the file holds an array, not an object`},
		{`{}`, `not a tokenizer.json: it has no "model"`},
		{`{"model_max_length": 8192, "chat_template": "{{ x }}"}`, `not a tokenizer.json: this is a tokenizer_config.json (it has no "model")`},
		{`{"model": {"type": "BPE", "merges": []}}`, `not a tokenizer.json: its "model" has no "vocab"`},
		{"{\"model\":\n {\"vocab\": ]}}", `2:12: invalid JSON: invalid character ']' looking for beginning of value`},
		{`{"model": {"vocab": {"a": -1}}}`, `tokenizer.json: "model.vocab" is a number, want a whole number, 0 or more`},
		{`{"added_tokens": {}, "model": {"vocab": {"a": 0}}}`, `tokenizer.json: "added_tokens" is an object, want an array`},
	} {
		_, err := Load(strings.NewReader(c.file))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v, want %q", c.file, err, c.want)
		}
	}
	// What an older convkit compiled from such a file is not loaded.
	p, err := newPipeline(pipelineSpec{})
	if err != nil {
		t.Fatal(err)
	}
	p.findAdded(nil)
	if p.model, err = newBPE(modelSpec{}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCompiled(p.Compile()); err == nil {
		t.Error("a compiled tokenizer with no vocabulary loads")
	}
}
