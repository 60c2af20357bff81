package hf

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// Tokenizer counts tokens with the pipeline of one tokenizer.json. It is
// safe for concurrent use.
type Tokenizer struct {
	raw           *trie // added tokens with "normalized": false, found in the raw text
	normalized    *trie // the others, found in the normalized text
	normalizer    normalizer
	preTokenizer  preTokenizer
	model         *bpeModel
	specialsAdded int          // tokens the post-processor adds to one sequence
	spec          pipelineSpec // what the pipeline was built from, for Compile
	// pieceEnd, when set, is the pre-tokenizer written by hand: the
	// pipeline's is a Split on a pattern count/bpe knows, keeping each
	// match (Isolated), with at most a ByteLevel step that does not split.
	pieceEnd func(s []byte, i int) int
	works    sync.Pool // of *work
	// align is the normalizer that says where the normalized text can
	// be cut (TokenStarts), built at its first use.
	align     aligner
	alignOnce sync.Once
}

type tokenizerSpec struct {
	AddedTokens   []addedToken    `json:"added_tokens"`
	Normalizer    json.RawMessage `json:"normalizer"`
	PreTokenizer  json.RawMessage `json:"pre_tokenizer"`
	PostProcessor json.RawMessage `json:"post_processor"`
	Model         modelSpec       `json:"model"`
}

// Load reads a tokenizer.json.
func Load(r io.Reader) (*Tokenizer, error) {
	var spec tokenizerSpec
	if err := json.NewDecoder(r).Decode(&spec); err != nil {
		return nil, fmt.Errorf("tokenizer.json: %w", err)
	}
	p, err := newPipeline(pipelineSpec{Normalizer: spec.Normalizer, PreTokenizer: spec.PreTokenizer, PostProcessor: spec.PostProcessor})
	if err != nil {
		return nil, err
	}
	p.findAdded(spec.AddedTokens)
	if p.model, err = newBPE(spec.Model, p.byteLevel); err != nil {
		return nil, err
	}
	return p.Tokenizer, nil
}

// pipelineSpec is tokenizer.json without its model: what a compiled
// tokenizer keeps as JSON, the small parts rebuilt at each load.
type pipelineSpec struct {
	Normalizer    json.RawMessage `json:"normalizer"`
	PreTokenizer  json.RawMessage `json:"pre_tokenizer"`
	PostProcessor json.RawMessage `json:"post_processor"`
}

type pipeline struct {
	*Tokenizer
	byteLevel bool // the model's symbols are bytes
}

// newPipeline builds everything of a tokenizer but its model and the
// tries of its added tokens.
func newPipeline(spec pipelineSpec) (pipeline, error) {
	t := &Tokenizer{spec: spec}
	p := pipeline{Tokenizer: t}
	normalizer, err := decodeSpec(spec.Normalizer, "normalizer")
	if err != nil {
		return p, err
	}
	preTokenizer, err := decodeSpec(spec.PreTokenizer, "pre_tokenizer")
	if err != nil {
		return p, err
	}
	postProcessor, err := decodeSpec(spec.PostProcessor, "post_processor")
	if err != nil {
		return p, err
	}
	if t.normalizer, err = newNormalizer(normalizer); err != nil {
		return p, err
	}
	if t.preTokenizer, err = newPreTokenizer(preTokenizer, &p.byteLevel); err != nil {
		return p, err
	}
	t.pieceEnd = handWritten(preTokenizer)
	if t.specialsAdded, err = specialsAdded(postProcessor); err != nil {
		return p, err
	}
	return p, nil
}

// findAdded builds the tries that find tokens in text: those matched in
// the text as given, and those matched in the normalized text.
func (t *Tokenizer) findAdded(tokens []addedToken) {
	t.raw = newTrie(tokens, func(a addedToken) bool { return !a.Normalized }, func(a addedToken) string { return a.Content })
	t.normalized = newTrie(tokens, func(a addedToken) bool { return a.Normalized }, func(a addedToken) string {
		if t.normalizer == nil {
			return a.Content
		}
		return t.normalizer(a.Content)
	})
}

// Count returns the number of tokens of text as encode(text,
// add_special_tokens=False) gives: special and added tokens written in the
// text are recognised and count one each.
//
// Text that is not valid UTF-8 is counted with U+FFFD for each invalid
// byte, as Go decodes it: tokenizers takes Rust strings, valid by
// construction, and its bindings replace what is invalid before.
func (t *Tokenizer) Count(text string) int {
	if !utf8.ValidString(text) {
		text = validUTF8(text)
	}
	w, _ := t.works.Get().(*work)
	if w == nil {
		w = t.model.newWork()
	}
	defer t.works.Put(w)
	n := 0
	for seg := range t.raw.segments(text, true) {
		n += t.countSegment(seg, w)
	}
	return n
}

// countSegment counts a stretch of text that the added tokens found in the
// raw text split it into: one of them, or the text between.
func (t *Tokenizer) countSegment(seg segment, w *work) int {
	if seg.token {
		return 1
	}
	s := seg.text
	if t.normalizer != nil {
		s = t.normalizer(s)
	}
	n := 0
	for part := range t.normalized.segments(s, seg.start) {
		if part.token {
			n++
			continue
		}
		n += t.countWords(part.text, part.start, w)
	}
	return n
}

// validUTF8 replaces each byte of s that is not part of a valid UTF-8
// sequence with U+FFFD.
func validUTF8(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		b.WriteRune(r) // an invalid byte ranges as utf8.RuneError, U+FFFD
	}
	return b.String()
}

// countWords pre-tokenizes s and counts its words with the model.
func (t *Tokenizer) countWords(s string, atStart bool, w *work) int {
	switch {
	case s == "":
		return 0
	case t.pieceEnd != nil:
		b, n := unsafeBytes(s), 0
		for i := 0; i < len(b); {
			j := t.pieceEnd(b, i)
			n += t.model.count(s[i:j], w)
			i = j
		}
		return n
	case t.preTokenizer == nil:
		return t.model.count(s, w)
	}
	n := 0
	for _, word := range t.preTokenizer([]string{s}, atStart) {
		n += t.model.count(word, w)
	}
	return n
}

// SpecialTokensAdded returns the number of tokens the post-processor adds
// to one sequence when add_special_tokens is true: TemplateProcessing's
// BOS and EOS, for instance.
func (t *Tokenizer) SpecialTokensAdded() int { return t.specialsAdded }

// specialsAdded returns the number of tokens the post-processor s adds to
// one sequence.
func specialsAdded(s spec) (int, error) {
	if s == nil {
		return 0, nil
	}
	switch s.str("type") {
	case "ByteLevel":
		return 0, nil
	case "RobertaProcessing", "BertProcessing":
		return 2, nil
	case "Sequence":
		n := 0
		for _, p := range s.steps("processors") {
			k, err := specialsAdded(p)
			if err != nil {
				return 0, err
			}
			n += k
		}
		return n, nil
	case "TemplateProcessing":
		n := 0
		for _, piece := range s.steps("single") {
			if special := piece.obj("SpecialToken"); special != nil {
				ids, _ := s.obj("special_tokens").obj(special.str("id"))["ids"].([]any)
				n += max(len(ids), 1)
			}
		}
		return n, nil
	}
	return 0, &UnsupportedError{Part: "post_processor", Type: s.str("type")}
}
