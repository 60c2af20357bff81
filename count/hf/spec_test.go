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
