package hf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/convkit/convkit/count/bpe"
)

// preTokenizer cuts the pieces of a stretch of text into smaller pieces.
// atStart says whether pieces[0] begins the text given to Count (Metaspace's
// "first" scheme prepends there only).
type preTokenizer func(pieces []string, atStart bool) []string

type preTokenizerSpec struct {
	Type             string
	PreTokenizers    []spec
	Pattern          pattern
	Behavior         string
	Invert           bool
	AddPrefixSpace   bool
	UseRegex         bool // true when absent
	Replacement      string
	PrependScheme    string
	Split            bool // true when absent
	IndividualDigits bool
}

func (s spec) preTokenizer() preTokenizerSpec {
	return preTokenizerSpec{Type: s.str("type"), PreTokenizers: s.steps("pretokenizers"), Pattern: s.pattern(),
		Behavior: s.str("behavior"), Invert: s.flag("invert", false), AddPrefixSpace: s.flag("add_prefix_space", false),
		UseRegex: s.flag("use_regex", true), Replacement: s.str("replacement"), PrependScheme: s.str("prepend_scheme"),
		Split: s.flag("split", true), IndividualDigits: s.flag("individual_digits", false)}
}

// gpt2Pattern is the pattern of ByteLevel with use_regex.
const gpt2Pattern = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`

// newPreTokenizer builds the pre-tokenizer s describes; nil gives nil.
// byteLevel is set when a ByteLevel step is found: the model's vocabulary is
// then written in GPT-2's byte-to-character alphabet.
func newPreTokenizer(s spec, byteLevel *bool) (preTokenizer, error) {
	if s == nil {
		return nil, nil
	}
	spec := s.preTokenizer()
	switch spec.Type {
	case "Sequence":
		var steps []preTokenizer
		for _, r := range spec.PreTokenizers {
			p, err := newPreTokenizer(r, byteLevel)
			if err != nil {
				return nil, err
			}
			if p != nil {
				steps = append(steps, p)
			}
		}
		return func(pieces []string, atStart bool) []string {
			for _, p := range steps {
				pieces = p(pieces, atStart)
			}
			return pieces
		}, nil
	case "Split":
		b, err := behaviourOf(spec.Behavior)
		if err != nil {
			return nil, err
		}
		m, err := newMatcher(spec.Pattern)
		if err != nil {
			return nil, err
		}
		return eachPiece(func(dst []string, s string, _ bool) []string {
			return splitOn(dst, s, m.find(s), b, spec.Invert)
		}), nil
	case "ByteLevel":
		*byteLevel = true
		useRegex := spec.UseRegex
		var m matcher
		if useRegex {
			m = newRegexMatcher(regexp2.MustCompile(gpt2Pattern, regexp2.None))
		}
		return eachPiece(func(dst []string, s string, _ bool) []string {
			if spec.AddPrefixSpace && !strings.HasPrefix(s, " ") {
				s = " " + s
			}
			if !useRegex {
				return append(dst, s)
			}
			return splitOn(dst, s, m.find(s), isolated, false)
		}), nil
	case "Metaspace":
		replacement := spec.Replacement
		if replacement == "" {
			replacement = "▁"
		}
		scheme := spec.PrependScheme
		if scheme == "" {
			scheme = "always"
		}
		split := spec.Split
		return eachPiece(func(dst []string, s string, atStart bool) []string {
			s = strings.ReplaceAll(s, " ", replacement)
			if (scheme == "always" || scheme == "first" && atStart) && !strings.HasPrefix(s, replacement) {
				s = replacement + s
			}
			if !split {
				return append(dst, s)
			}
			return splitOn(dst, s, literalMatches(s, replacement), mergedWithNext, false)
		}), nil
	case "Digits":
		b := contiguous
		if spec.IndividualDigits {
			b = isolated
		}
		return eachPiece(func(dst []string, s string, _ bool) []string {
			return splitOn(dst, s, runeMatches(s, unicode.IsNumber), b, false)
		}), nil
	case "Whitespace":
		m := newRegexMatcher(regexp2.MustCompile(`\w+|[^\w\s]+`, regexp2.None))
		return eachPiece(func(dst []string, s string, _ bool) []string {
			return splitOn(dst, s, m.find(s), isolated, true)
		}), nil
	}
	return nil, &UnsupportedError{Part: "pre_tokenizer", Type: spec.Type}
}

// eachPiece makes a preTokenizer of a function that cuts one piece.
func eachPiece(cut func(dst []string, s string, atStart bool) []string) preTokenizer {
	return func(pieces []string, atStart bool) []string {
		out := make([]string, 0, len(pieces))
		for i, p := range pieces {
			out = cut(out, p, atStart && i == 0)
		}
		return out
	}
}

// behaviour is how Split keeps the parts it matched.
type behaviour int

const (
	removed behaviour = iota
	isolated
	mergedWithPrevious
	mergedWithNext
	contiguous
)

func behaviourOf(name string) (behaviour, error) {
	switch name {
	case "Removed":
		return removed, nil
	case "Isolated":
		return isolated, nil
	case "MergedWithPrevious":
		return mergedWithPrevious, nil
	case "MergedWithNext":
		return mergedWithNext, nil
	case "Contiguous":
		return contiguous, nil
	}
	return 0, &UnsupportedError{Part: "pre_tokenizer", Type: "Split behavior " + name}
}

// span is a match, as byte offsets.
type span struct{ start, end int }

// splitOn cuts s at the matches as tokenizers' NormalizedString.split does,
// appending the non-empty pieces to dst.
func splitOn(dst []string, s string, matches []span, b behaviour, invert bool) []string {
	// parts alternate gaps and matches over the whole of s.
	type part struct {
		span
		match bool
	}
	parts := make([]part, 0, 2*len(matches)+1)
	at := 0
	for _, m := range matches {
		if m.start > at {
			parts = append(parts, part{span{at, m.start}, invert})
		}
		parts = append(parts, part{m, !invert})
		at = m.end
	}
	if at < len(s) {
		parts = append(parts, part{span{at, len(s)}, invert})
	}
	var pending = -1 // start of a piece not yet appended (MergedWithNext, Contiguous)
	flush := func(end int) {
		if pending >= 0 && end > pending {
			dst = append(dst, s[pending:end])
		}
		pending = -1
	}
	for i, p := range parts {
		switch b {
		case removed:
			if !p.match {
				dst = append(dst, s[p.start:p.end])
			}
		case isolated:
			dst = append(dst, s[p.start:p.end])
		case mergedWithPrevious:
			if p.match && i > 0 && !parts[i-1].match {
				dst[len(dst)-1] = s[parts[i-1].start:p.end]
			} else {
				dst = append(dst, s[p.start:p.end])
			}
		case mergedWithNext:
			if p.match {
				flush(p.start)
				pending = p.start
			} else if pending >= 0 {
				dst = append(dst, s[pending:p.end])
				pending = -1
			} else {
				dst = append(dst, s[p.start:p.end])
			}
		case contiguous:
			if p.match {
				if pending < 0 {
					pending = p.start
				}
			} else {
				flush(p.start)
				dst = append(dst, s[p.start:p.end])
			}
		}
	}
	flush(len(s))
	return dst
}

// matcher finds the matches of a Split pattern.
type matcher interface{ find(s string) []span }

func newMatcher(p pattern) (matcher, error) {
	if p.String != nil {
		return literal(*p.String), nil
	}
	if p.Regex != nil {
		if next := bpe.PieceEnder(*p.Regex); next != nil {
			return pieceMatcher(next), nil
		}
	}
	re, err := p.compile()
	if err != nil {
		return nil, err
	}
	return newRegexMatcher(re), nil
}

// pieceMatcher matches a pattern count/bpe has a hand-written
// pre-tokenizer for (cl100k_base's, Qwen2's, o200k_base's), many times
// faster than the regular expression and equal to it (splitter_test.go);
// every piece is a match.
type pieceMatcher func(s []byte, i int) int

func (next pieceMatcher) find(s string) []span {
	b := unsafeBytes(s)
	out := make([]span, 0, len(b)/4+1)
	for i := 0; i < len(b); {
		end := next(b, i)
		out = append(out, span{i, end})
		i = end
	}
	return out
}

// handWritten returns the hand-written pre-tokenizer that does all the
// pre-tokenizer s describes does, or nil: a Split on a pattern that
// count/bpe knows, Isolated, not inverted, alone or in a Sequence with
// ByteLevel steps that neither split nor add a space.
func handWritten(s spec) func(s []byte, i int) int {
	if s == nil {
		return nil
	}
	spec := s.preTokenizer()
	steps := []preTokenizerSpec{spec}
	if spec.Type == "Sequence" {
		steps = steps[:0]
		for _, step := range spec.PreTokenizers {
			steps = append(steps, step.preTokenizer())
		}
	}
	var next func(s []byte, i int) int
	for _, st := range steps {
		switch {
		case st.Type == "ByteLevel" && !st.AddPrefixSpace && !st.UseRegex:
		case st.Type == "Split" && next == nil && st.Pattern.Regex != nil && st.Behavior == "Isolated" && !st.Invert:
			if next = bpe.PieceEnder(*st.Pattern.Regex); next == nil {
				return nil
			}
		default:
			return nil
		}
	}
	return next
}

// literal matches a string, left to right without overlaps.
type literal string

func (l literal) find(s string) []span { return literalMatches(s, string(l)) }

func literalMatches(s, sep string) []span {
	if sep == "" {
		return nil
	}
	var out []span
	for at := 0; ; {
		i := strings.Index(s[at:], sep)
		if i < 0 {
			return out
		}
		out = append(out, span{at + i, at + i + len(sep)})
		at += i + len(sep)
	}
}

// runeMatches returns the runs of runes for which in is true, one match a rune.
func runeMatches(s string, in func(rune) bool) []span {
	var out []span
	for i, r := range s {
		if in(r) {
			out = append(out, span{i, i + utf8.RuneLen(r)})
		}
	}
	return out
}

// regexMatcher matches a regular expression, converting regexp2's rune
// offsets to byte offsets.
type regexMatcher struct{ re *regexp2.Regexp }

func newRegexMatcher(re *regexp2.Regexp) regexMatcher { return regexMatcher{re} }

func (m regexMatcher) find(s string) []span {
	runes := []rune(s)
	offsets := make([]int, len(runes)+1)
	for i, r := range runes {
		offsets[i+1] = offsets[i] + utf8.RuneLen(r)
	}
	var out []span
	match, err := m.re.FindRunesMatch(runes)
	for err == nil && match != nil {
		if match.Length > 0 {
			out = append(out, span{offsets[match.Index], offsets[match.Index+match.Length]})
		}
		match, err = m.re.FindNextMatch(match)
	}
	return out
}

// isWhitespace is Rust's char::is_whitespace: the White_Space property.
func isWhitespace(r rune) bool { return unicode.IsSpace(r) }
