package hf

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dlclark/regexp2"
	"golang.org/x/text/unicode/norm"
)

// normalizer rewrites a stretch of text before it is pre-tokenized.
type normalizer func(string) string

// pattern is the "pattern" of Replace and Split: a literal string or a
// regular expression.
type pattern struct {
	String *string `json:"String"`
	Regex  *string `json:"Regex"`
}

// compile returns the pattern as a regular expression; a literal is quoted.
func (p pattern) compile() (*regexp2.Regexp, error) {
	switch {
	case p.Regex != nil:
		re, err := regexp2.Compile(*p.Regex, regexp2.None)
		if err != nil {
			return nil, fmt.Errorf("tokenizer.json: pattern %q: %w", *p.Regex, err)
		}
		return re, nil
	case p.String != nil:
		return regexp2.MustCompile(regexp2.Escape(*p.String), regexp2.None), nil
	}
	return nil, fmt.Errorf("tokenizer.json: pattern has neither String nor Regex")
}

type normalizerSpec struct {
	Type        string            `json:"type"`
	Normalizers []json.RawMessage `json:"normalizers"`
	Pattern     pattern           `json:"pattern"`
	Content     string            `json:"content"`
	Prepend     string            `json:"prepend"`
	Left        bool              `json:"left"`
	Right       bool              `json:"right"`
}

// newNormalizer builds the normalizer raw describes; null gives nil.
func newNormalizer(raw json.RawMessage) (normalizer, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var spec normalizerSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("tokenizer.json: normalizer: %w", err)
	}
	switch spec.Type {
	case "NFC":
		return norm.NFC.String, nil
	case "NFD":
		return norm.NFD.String, nil
	case "NFKC":
		return norm.NFKC.String, nil
	case "NFKD":
		return norm.NFKD.String, nil
	case "Lowercase":
		return strings.ToLower, nil
	case "Prepend":
		// tokenizers prepends to non-empty text only.
		return func(s string) string {
			if s == "" {
				return s
			}
			return spec.Prepend + s
		}, nil
	case "Strip":
		return func(s string) string {
			if spec.Left {
				s = strings.TrimLeftFunc(s, isWhitespace)
			}
			if spec.Right {
				s = strings.TrimRightFunc(s, isWhitespace)
			}
			return s
		}, nil
	case "Replace":
		if spec.Pattern.String != nil {
			old := *spec.Pattern.String
			return func(s string) string { return strings.ReplaceAll(s, old, spec.Content) }, nil
		}
		re, err := spec.Pattern.compile()
		if err != nil {
			return nil, err
		}
		return func(s string) string {
			out, err := re.Replace(s, strings.ReplaceAll(spec.Content, "$", "$$"), -1, -1)
			if err != nil {
				return s
			}
			return out
		}, nil
	case "Sequence":
		var steps []normalizer
		for _, r := range spec.Normalizers {
			n, err := newNormalizer(r)
			if err != nil {
				return nil, err
			}
			if n != nil {
				steps = append(steps, n)
			}
		}
		if len(steps) == 0 {
			return nil, nil
		}
		return func(s string) string {
			for _, n := range steps {
				s = n(s)
			}
			return s
		}, nil
	}
	return nil, &UnsupportedError{Part: "normalizer", Type: spec.Type}
}
