package hf

import "fmt"

// UnsupportedError reports a part of tokenizer.json the package does not
// implement, such as a Unigram model.
type UnsupportedError struct {
	Part string // "model", "normalizer", "pre_tokenizer", "post_processor"
	Type string // its "type" in tokenizer.json
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("tokenizer.json: %s %q is not supported", e.Part, e.Type)
}
