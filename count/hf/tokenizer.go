package hf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
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
	Model         *modelSpec      `json:"model"`
	// Members of tokenizer_config.json, which sits beside tokenizer.json
	// and is the file most often given in its place.
	TokenizerClass json.RawMessage `json:"tokenizer_class"`
	ChatTemplate   json.RawMessage `json:"chat_template"`
}

// NotTokenizerError reports a file that is not a tokenizer.json at all:
// not JSON, not an object, or an object with no BPE vocabulary. Such a
// file would otherwise count every text as no tokens.
type NotTokenizerError struct {
	Line, Col int    // where the JSON is invalid, 0 elsewhere
	Msg       string // what is wrong
	Config    bool   // it is a tokenizer_config.json
}

func (e *NotTokenizerError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return e.Msg
}

// Load reads a tokenizer.json.
func Load(r io.Reader) (*Tokenizer, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	spec, err := decodeTokenizer(data)
	if err != nil {
		return nil, err
	}
	p, err := newPipeline(pipelineSpec{Normalizer: spec.Normalizer, PreTokenizer: spec.PreTokenizer, PostProcessor: spec.PostProcessor})
	if err != nil {
		return nil, err
	}
	p.findAdded(spec.AddedTokens)
	if p.model, err = newBPE(*spec.Model, p.byteLevel); err != nil {
		return nil, err
	}
	return p.Tokenizer, nil
}

// decodeTokenizer decodes data as a tokenizer.json, with errors that say
// what the file is instead, or which member has the wrong type (in JSON's
// words, not Go's).
func decodeTokenizer(data []byte) (*tokenizerSpec, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, &NotTokenizerError{Msg: "not a tokenizer.json: the file is empty"}
	}
	var spec tokenizerSpec
	err := json.Unmarshal(data, &spec)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := linePos(data, se.Offset)
		return nil, &NotTokenizerError{Line: line, Col: col, Msg: "invalid JSON: " + se.Error()}
	case trimmed[0] != '{':
		return nil, &NotTokenizerError{Msg: fmt.Sprintf("not a tokenizer.json: the file holds %s, not an object", jsonKind(string(trimmed[:1])))}
	case errors.As(err, &te):
		return nil, fmt.Errorf("tokenizer.json: %q is %s, want %s", te.Field, jsonKind(te.Value), goKind(te.Type))
	case err != nil:
		return nil, fmt.Errorf("tokenizer.json: %w", err)
	case spec.Model == nil && (spec.TokenizerClass != nil || spec.ChatTemplate != nil):
		return nil, &NotTokenizerError{Msg: "not a tokenizer.json: this is a tokenizer_config.json (it has no \"model\")", Config: true}
	case spec.Model == nil:
		return nil, &NotTokenizerError{Msg: "not a tokenizer.json: it has no \"model\""}
	case len(spec.Model.Vocab) == 0:
		return nil, &NotTokenizerError{Msg: "not a tokenizer.json: its \"model\" has no \"vocab\""}
	}
	return &spec, nil
}

// linePos turns the offset of a json.SyntaxError (the bytes read when it
// was found) into the line and column of the byte at fault.
func linePos(data []byte, offset int64) (line, col int) {
	at := min(max(int(offset)-1, 0), len(data))
	if int(offset) >= len(data) {
		at = len(data) // the end of the input: the column past its last byte
	}
	before := data[:at]
	line = 1 + bytes.Count(before, []byte("\n"))
	return line, at - (bytes.LastIndexByte(before, '\n') + 1) + 1
}

// jsonKind names, with its article, the JSON value encoding/json's Value
// describes ("number -1", "array") or that begins with first.
func jsonKind(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	switch kind {
	case "{", "object":
		return "an object"
	case "[", "array":
		return "an array"
	case `"`, "string":
		return "a string"
	case "t", "f", "bool":
		return "a boolean"
	case "n", "null":
		return "null"
	}
	return "a number"
}

// goKind names in JSON's words the value a Go type decodes.
func goKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
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
