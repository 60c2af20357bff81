package count

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// DefaultModel is the model counted for when none is named.
const DefaultModel = "gpt-4o"

// Model is one entry of the model table, as it applies to a model name.
type Model struct {
	// Name is the model name asked for (gpt-4o-2024-08-06); Entry is the
	// table entry it matched (gpt-4o).
	Name, Entry string
	// Encoding is the tiktoken encoding the model uses.
	Encoding string
	// ContextWindow is how many tokens the model reads and writes in all;
	// MaxOutput how many it may write (0: not a generating model).
	ContextWindow, MaxOutput int
	// Chat is false for models that take plain text (embeddings, legacy
	// completions): their counts carry no chat overhead.
	Chat bool
	// TokensPerMessage, TokensPerName and ReplyPriming are the cookbook's
	// chat overheads (3, 1 and 3 unless the table says otherwise; 0 for a
	// model that is not a chat model).
	TokensPerMessage, TokensPerName, ReplyPriming int
	// Tools are the constants of the cookbook's function-calling formula.
	Tools ToolCosts
	// Image says how images are estimated.
	Image ImageCosts
	// Source says where the figures come from.
	Source string
	// Prices are what the model costs; zero when the table lists none, or
	// when Name is not the entry or a dated snapshot of it.
	Prices Prices
}

// Prices are what a model costs in US dollars per million tokens, as the
// page Source listed them on AsOf. A price of 0 is one not listed.
type Prices struct {
	Input       float64 `yaml:"input" json:"input,omitempty"`               // prompt tokens
	CachedInput float64 `yaml:"cached_input" json:"cached_input,omitempty"` // prompt tokens read from the prompt cache
	Output      float64 `yaml:"output" json:"output,omitempty"`             // generated tokens
	BatchInput  float64 `yaml:"batch_input" json:"batch_input,omitempty"`   // prompt tokens through the Batch API
	BatchOutput float64 `yaml:"batch_output" json:"batch_output,omitempty"` // generated tokens through the Batch API
	Training    float64 `yaml:"training" json:"training,omitempty"`         // fine-tuning: each token of each epoch
	Source      string  `yaml:"source" json:"source,omitempty"`             // the page the prices are from
	AsOf        string  `yaml:"as_of" json:"as_of,omitempty"`               // when they were read there: YYYY-MM or YYYY-MM-DD
}

// Provenance says where the prices come from, for a report's reader:
// "prices as of 2025-08", or "prices from --price" when they have no date.
func (p Prices) Provenance() string {
	if p.AsOf == "" {
		return "prices from " + cmp.Or(p.Source, "nowhere")
	}
	return "prices as of " + p.AsOf
}

// Cost is what tokens cost at a price per million tokens.
func Cost(tokens int64, perMillion float64) float64 { return float64(tokens) * perMillion / 1e6 }

// ToolCosts are the constants of the cookbook's num_tokens_for_tools.
type ToolCosts struct {
	FuncInit int `yaml:"func_init"`
	PropInit int `yaml:"prop_init"`
	PropKey  int `yaml:"prop_key"`
	EnumInit int `yaml:"enum_init"`
	EnumItem int `yaml:"enum_item"`
	FuncEnd  int `yaml:"func_end"`
}

// ImageCosts say how an image is estimated: either a base cost plus a cost
// per 512px tile (Base, Tile), or 32px patches times a multiplier
// (PatchMultiplier), as OpenAI's "Images and vision" guide publishes them.
type ImageCosts struct {
	Base            int     `yaml:"base"`
	Tile            int     `yaml:"tile"`
	PatchMultiplier float64 `yaml:"patch_multiplier"`
}

// entry is a model as the YAML table writes it: nil means the default.
type entry struct {
	Name             string      `yaml:"name"`
	Encoding         string      `yaml:"encoding"`
	ContextWindow    int         `yaml:"context_window"`
	MaxOutput        int         `yaml:"max_output"`
	Chat             *bool       `yaml:"chat"`
	TokensPerMessage *int        `yaml:"tokens_per_message"`
	TokensPerName    *int        `yaml:"tokens_per_name"`
	ReplyPriming     *int        `yaml:"reply_priming"`
	Tools            *ToolCosts  `yaml:"tools"`
	Image            *ImageCosts `yaml:"image"`
	Source           string      `yaml:"source"`
	Prices           *Prices     `yaml:"prices"`
}

// model fills in the defaults: the cookbook's overheads (3, 1, 3), its
// function-calling constants for the encoding (gpt-4o's for o200k_base,
// gpt-4's otherwise) and 85 + 170 per image tile.
func (e *entry) model() Model {
	m := Model{
		Entry: e.Name, Encoding: e.Encoding, ContextWindow: e.ContextWindow, MaxOutput: e.MaxOutput,
		Chat: e.Chat == nil || *e.Chat, Source: e.Source,
		Image: ImageCosts{Base: 85, Tile: 170},
		Tools: ToolCosts{FuncInit: 10, PropInit: 3, PropKey: 3, EnumInit: -3, EnumItem: 3, FuncEnd: 12},
	}
	if m.Encoding == "o200k_base" {
		m.Tools.FuncInit = 7
	}
	if m.Chat {
		m.TokensPerMessage, m.TokensPerName, m.ReplyPriming = intOr(e.TokensPerMessage, 3), intOr(e.TokensPerName, 1), intOr(e.ReplyPriming, 3)
	}
	if e.Tools != nil {
		m.Tools = *e.Tools
	}
	if e.Image != nil {
		m.Image = *e.Image
	}
	if e.Prices != nil {
		m.Prices = *e.Prices
	}
	return m
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// ModelTable is an ordered list of models.
type ModelTable struct {
	models []Model
}

// The built-in table is models.yaml compiled to Go, so that a command
// starts without parsing YAML.
//go:generate go run ./internal/genmodels

var defaultTable = &ModelTable{models: builtinModels}

// DefaultTable returns the built-in model table (models.yaml). It is shared:
// do not modify it; Extend returns a new table.
func DefaultTable() *ModelTable { return defaultTable }

// LoadTable reads a YAML model table: {models: [{name, encoding,
// context_window, max_output, source, …}]}. Unknown keys, unknown encodings,
// entries without a name or encoding and numbers out of range (tableLimits)
// are errors, a *TableError placed at the value when it can be.
func LoadTable(r io.Reader) (*ModelTable, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var doc struct {
		Models []entry `yaml:"models"`
	}
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &TableError{Msg: "empty model table: expected {models: [...]}"}
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msg = strings.Join(te.Errors, "; ")
		}
		e := &TableError{Msg: strings.ReplaceAll(msg, " in type count.entry", "")}
		// yaml.v3 says "line N: …": the line is the place.
		if rest, ok := strings.CutPrefix(e.Msg, "line "); ok {
			if num, text, ok := strings.Cut(rest, ": "); ok {
				if line, err := strconv.Atoi(num); err == nil {
					e.Line, e.Col, e.Msg = line, 1, text
				}
			}
		}
		return nil, e
	}
	// The same text as nodes, for the place of each value.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &TableError{Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	items := yamlLookup(yamlLookup(&root, "models"), "")
	seen := map[string]bool{}
	models := make([]Model, len(doc.Models))
	for i, m := range doc.Models {
		var item *yaml.Node
		if items != nil && i < len(items.Content) {
			item = items.Content[i]
		}
		at := func(key, format string, args ...any) error {
			e := &TableError{Msg: fmt.Sprintf(format, args...)}
			n := item
			for _, k := range strings.Split(key, ".") {
				n = yamlLookup(n, k)
			}
			if n == nil {
				n = item
			}
			if n != nil {
				e.Line, e.Col = n.Line, n.Column
			}
			return e
		}
		switch {
		case m.Name == "":
			return nil, at("", "entry %d has no name", i+1)
		case m.Encoding == "":
			return nil, at("", "%s has no encoding", m.Name)
		case !knownEncoding(m.Encoding):
			return nil, at("encoding", "%s: unknown encoding %q (known: %s)", m.Name, m.Encoding, strings.Join(Encodings(), ", "))
		case m.Prices != nil && m.Prices.invalid():
			return nil, at("prices", "%s: a negative price, or one that is not a number", m.Name)
		case seen[m.Name]:
			return nil, at("name", "%s is listed twice", m.Name)
		}
		if err := m.checkRanges(at); err != nil {
			return nil, err
		}
		seen[m.Name] = true
		models[i] = m.model()
	}
	return &ModelTable{models: models}, nil
}

// Bounds of a model table's numbers: a window or an output limit, an
// overhead in tokens (the cookbook's are small, some negative), an image
// cost. Past them a count means nothing, or overflows.
const (
	maxWindow   = 1 << 40
	maxOverhead = 1 << 20
)

// rangedInt is an integer of an entry with its bounds.
type rangedInt struct {
	key      string // a key of the entry, or "tools.func_init"
	v        *int   // nil when the entry leaves it out
	min, max int
}

// checkRanges refuses numbers out of the table's bounds; at places the
// error at a key (or key.subkey) of the entry.
func (e *entry) checkRanges(at func(key, format string, args ...any) error) error {
	ints := []rangedInt{
		{"context_window", &e.ContextWindow, 0, maxWindow},
		{"max_output", &e.MaxOutput, 0, maxWindow},
		{"tokens_per_message", e.TokensPerMessage, -maxOverhead, maxOverhead},
		{"tokens_per_name", e.TokensPerName, -maxOverhead, maxOverhead},
		{"reply_priming", e.ReplyPriming, -maxOverhead, maxOverhead},
	}
	if t := e.Tools; t != nil {
		ints = append(ints, rangedInt{"tools.func_init", &t.FuncInit, -maxOverhead, maxOverhead},
			rangedInt{"tools.prop_init", &t.PropInit, -maxOverhead, maxOverhead},
			rangedInt{"tools.prop_key", &t.PropKey, -maxOverhead, maxOverhead},
			rangedInt{"tools.enum_init", &t.EnumInit, -maxOverhead, maxOverhead},
			rangedInt{"tools.enum_item", &t.EnumItem, -maxOverhead, maxOverhead},
			rangedInt{"tools.func_end", &t.FuncEnd, -maxOverhead, maxOverhead})
	}
	if im := e.Image; im != nil {
		ints = append(ints, rangedInt{"image.base", &im.Base, 0, maxOverhead}, rangedInt{"image.tile", &im.Tile, 0, maxOverhead})
		if p := im.PatchMultiplier; math.IsNaN(p) || p < 0 || p > maxOverhead {
			return at("image.patch_multiplier", "%s: patch_multiplier %v: must be a number from 0 to %d", e.Name, p, maxOverhead)
		}
	}
	for _, f := range ints {
		if f.v != nil && (*f.v < f.min || *f.v > f.max) {
			return at(f.key, "%s: %s %d: must be from %d to %d", e.Name, f.key, *f.v, f.min, f.max)
		}
	}
	return nil
}

// TableError is what is wrong with a model table, at a line and column
// when it has one.
type TableError struct {
	Line, Col int
	Msg       string
}

func (e *TableError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: model table: %s", e.Line, e.Col, e.Msg)
	}
	return "model table: " + e.Msg
}

// yamlLookup returns the value of key in the mapping n (or, for key "", n
// itself unwrapped from its document), or nil.
func yamlLookup(n *yaml.Node, key string) *yaml.Node {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n == nil || key == "" {
		return n
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// Extend returns a table with t's models, each replaced by the entry of the
// same name in more, followed by the models only more has.
func (t *ModelTable) Extend(more *ModelTable) *ModelTable {
	out := &ModelTable{models: append([]Model(nil), t.models...)}
	for _, m := range more.models {
		i := out.index(m.Entry)
		if i < 0 {
			out.models = append(out.models, m)
		} else {
			out.models[i] = m
		}
	}
	return out
}

func (t *ModelTable) index(name string) int {
	for i, m := range t.models {
		if m.Entry == name {
			return i
		}
	}
	return -1
}

// Models returns the table's entries in order.
func (t *ModelTable) Models() []Model { return append([]Model(nil), t.models...) }

// Lookup returns the model called name: the entry of that name, or else the
// entry with the longest name that name starts with followed by "-" (a dated
// snapshot). A fine-tuned model name (ft:gpt-4o-mini:org::id) is looked up by
// its base model. The model keeps the entry's prices only where they are
// its own (Prices.of).
func (t *ModelTable) Lookup(name string) (Model, error) {
	base := name
	if rest, ok := strings.CutPrefix(name, "ft:"); ok {
		base, _, _ = strings.Cut(rest, ":")
	}
	best := -1
	for i, m := range t.models {
		if base == m.Entry {
			best = i
			break
		}
		if strings.HasPrefix(base, m.Entry+"-") && (best < 0 || len(m.Entry) > len(t.models[best].Entry)) {
			best = i
		}
	}
	if best < 0 {
		return Model{}, &UnknownModelError{Name: name, Known: t.names()}
	}
	m := t.models[best]
	m.Name = name
	m.Prices = m.Prices.of(name, base, m.Entry)
	return m, nil
}

// of returns the part of an entry's prices that holds for the name looked
// up (base: name without "ft:" and the fine-tune's suffix). A name counts
// as its entry, but it is priced as one only when it is the entry or a
// dated snapshot of it (gpt-4o-2024-08-06, gpt-4-0613): o1-pro, gpt-5-pro
// or gpt-4o-realtime-preview count as o1, gpt-5 and gpt-4o yet cost
// several times more (testdata/prices/check.mjs lists them). A fine-tuned
// model (ft:…) keeps only the base's training price: its own tokens cost
// more than the base's.
func (p Prices) of(name, base, entry string) Prices {
	if !snapshotOf(base, entry) {
		return Prices{}
	}
	if name != base {
		if p.Training == 0 {
			return Prices{}
		}
		return Prices{Training: p.Training, Source: p.Source, AsOf: p.AsOf}
	}
	return p
}

// NoPrice says why the model has no price of a kind ("input",
// "fine-tuning"): the table lists none for its entry, or the entry's is not
// its own (Prices.of).
func (m Model) NoPrice(kind string) string {
	if m.Name == "" || snapshotOf(m.Name, m.Entry) {
		return fmt.Sprintf("%s has no %s price in the model table", m.Entry, kind)
	}
	return fmt.Sprintf("%s has no %s price in the model table: it counts as %s, whose prices are not its own", m.Name, kind, m.Entry)
}

// snapshotOf reports whether name is entry or a dated snapshot of it:
// entry followed by the date OpenAI appends, 2024-08-06 or (older) 0613.
func snapshotOf(name, entry string) bool {
	date, ok := strings.CutPrefix(name, entry+"-")
	return name == entry || ok && isSnapshotDate(date)
}

// isSnapshotDate reports whether s is NNNN-NN-NN or NNNN (by hand: a
// regular expression compiled in every process costs more than this).
func isSnapshotDate(s string) bool {
	for i := range len(s) {
		if (i == 4 || i == 7) && len(s) == 10 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 4 || len(s) == 10
}

func (t *ModelTable) names() []string {
	names := make([]string, len(t.models))
	for i, m := range t.models {
		names[i] = m.Entry
	}
	return names
}

// UnknownModelError is returned for a model the table does not know.
type UnknownModelError struct {
	Name  string
	Known []string
}

func (e *UnknownModelError) Error() string {
	return fmt.Sprintf("unknown model %q (known: %s)", e.Name, strings.Join(e.Known, ", "))
}

// UnknownEncodingError is returned for an encoding convkit does not have.
type UnknownEncodingError struct {
	Name string
}

func (e *UnknownEncodingError) Error() string {
	return fmt.Sprintf("unknown encoding %q (known: %s)", e.Name, strings.Join(Encodings(), ", "))
}

// invalid reports whether a price is negative, NaN or infinite.
func (p *Prices) invalid() bool {
	for _, x := range []float64{p.Input, p.CachedInput, p.Output, p.BatchInput, p.BatchOutput, p.Training} {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			return true
		}
	}
	return false
}
