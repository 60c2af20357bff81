package hf

import (
	"encoding/json"
	"fmt"
)

// spec is one step of tokenizer.json's pipeline (a normalizer, a
// pre-tokenizer, a post-processor), decoded into maps rather than
// structures: every start builds the pipeline from them, and decoding into
// a structure makes encoding/json reflect on its type first, which costs
// more than the decoding (0.1 ms of a start for five types).
type spec map[string]any

// specTypes is the JSON type each member of a step must have when present:
// what decoding into a structure would check.
var specTypes = map[string]string{
	"type": "string", "content": "string", "prepend": "string", "behavior": "string",
	"replacement": "string", "prepend_scheme": "string",
	"left": "boolean", "right": "boolean", "invert": "boolean", "add_prefix_space": "boolean",
	"use_regex": "boolean", "split": "boolean", "individual_digits": "boolean",
	"normalizers": "steps", "pretokenizers": "steps", "processors": "steps", "single": "steps",
	"pattern": "object", "special_tokens": "object",
}

// decodeSpec decodes the step raw holds; null, or nothing, is nil. what
// names the step in errors ("normalizer").
func decodeSpec(raw json.RawMessage, what string) (spec, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("tokenizer.json: %s: %w", what, err)
	}
	s, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("tokenizer.json: %s: not an object", what)
	}
	return s, spec(s).check(what)
}

// check makes sure that the members of s and of the steps it holds have
// the types specTypes gives them.
func (s spec) check(what string) error {
	for k, v := range s {
		want, known := specTypes[k]
		if !known || v == nil {
			continue
		}
		ok := false
		switch want {
		case "string":
			_, ok = v.(string)
		case "boolean":
			_, ok = v.(bool)
		case "object":
			_, ok = v.(map[string]any)
		case "steps":
			var items []any
			if items, ok = v.([]any); ok {
				for _, item := range items {
					step, isObject := item.(map[string]any)
					if !isObject {
						return fmt.Errorf("tokenizer.json: %s: %q holds %s, want objects", what, k, jsonType(item))
					}
					if err := spec(step).check(what); err != nil {
						return err
					}
				}
			}
			want = "array"
		}
		if !ok {
			return fmt.Errorf("tokenizer.json: %s: %q is %s, want %s", what, k, jsonType(v), article(want))
		}
	}
	return nil
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}

func article(kind string) string {
	if kind == "object" || kind == "array" {
		return "an " + kind
	}
	return "a " + kind
}

// str returns the string at key, "" when absent.
func (s spec) str(key string) string {
	v, _ := s[key].(string)
	return v
}

// flag returns the boolean at key, or absent when it is missing or null.
func (s spec) flag(key string, absent bool) bool {
	if v, ok := s[key].(bool); ok {
		return v
	}
	return absent
}

// obj returns the object at key, nil when absent.
func (s spec) obj(key string) spec {
	v, _ := s[key].(map[string]any)
	return v
}

// steps returns the objects of the array at key.
func (s spec) steps(key string) []spec {
	items, _ := s[key].([]any)
	out := make([]spec, 0, len(items))
	for _, item := range items {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// pattern returns the "pattern" of Replace and Split.
func (s spec) pattern() pattern {
	var p pattern
	m := s.obj("pattern")
	if v, ok := m["String"].(string); ok {
		p.String = &v
	}
	if v, ok := m["Regex"].(string); ok {
		p.Regex = &v
	}
	return p
}
