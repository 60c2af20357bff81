package hf

import (
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
	String *string
	Regex  *string
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
	Type        string
	Normalizers []spec
	Pattern     pattern
	Content     string
	Prepend     string
	Left        bool
	Right       bool
}

func (s spec) normalizer() normalizerSpec {
	return normalizerSpec{Type: s.str("type"), Normalizers: s.steps("normalizers"), Pattern: s.pattern(),
		Content: s.str("content"), Prepend: s.str("prepend"), Left: s.flag("left", false), Right: s.flag("right", false)}
}

// newNormalizer builds the normalizer s describes; nil gives nil.
func newNormalizer(s spec) (normalizer, error) {
	if s == nil {
		return nil, nil
	}
	spec := s.normalizer()
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
