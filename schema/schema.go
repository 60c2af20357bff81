package schema

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/convkit/convkit/internal/jsontree"
)

//go:embed *.schema.json targets/*.schema.json
var files embed.FS

// Names of the embedded schemas, in the order convkit schema --list shows them.
var names = slices.Concat([]string{"api", "meta", "jsonl-line"}, shapeNames, targetNames)

// targetNames are the schemas of the providers' request bodies that
// convkit export writes (targets/): validate --schema NAME checks a body
// against its provider's reference, which validate, reading it with its
// format's reader, does not.
var targetNames = []string{"anthropic", "gemini", "responses", "sharegpt"}

// IsTarget reports whether name is a provider's request body schema.
func IsTarget(name string) bool { return slices.Contains(targetNames, name) }

// Names returns the names of the embedded schemas.
func Names() []string { return append([]string(nil), names...) }

// Source returns the JSON text of the embedded schema called name.
func Source(name string) ([]byte, error) {
	for _, n := range names {
		if n == name && isShape(name) {
			return shapeSource(name)
		}
		if n == name && IsTarget(name) {
			return files.ReadFile("targets/" + name + ".schema.json")
		}
		if n == name {
			return files.ReadFile(name + ".schema.json")
		}
	}
	return nil, &UnknownSchemaError{Name: name}
}

// Error is a problem with a schema file, at a place in it.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

// UnknownSchemaError is returned for a name no embedded schema has.
type UnknownSchemaError struct{ Name string }

func (e *UnknownSchemaError) Error() string {
	return fmt.Sprintf("unknown schema %q (known: %s)", e.Name, strings.Join(names, ", "))
}

// Schema is a compiled JSON Schema.
type Schema struct {
	Name string
	s    *jsonschema.Schema
	fast *compiledSchema // an embedded schema, compiled for speed (compiled.go)
	// asksOfLongStrings says whether the schema may ask something of a
	// long string of a message beyond being a string (stringasks.go);
	// nil for the embedded schemas, which never do.
	asksOfLongStrings func() bool
}

// letsLongStringsStandIn reports whether every long string of a message
// may stand as "" when s checks it, as the streaming reader leaves it.
func (s *Schema) letsLongStringsStandIn() bool {
	return s.asksOfLongStrings == nil || !s.asksOfLongStrings()
}

// builtin is one embedded schema, compiled the first time it is needed.
type builtin struct {
	once   sync.Once
	schema *Schema
	err    error
}

// builtins holds the embedded schemas by name and strictness.
var builtins = func() map[string]*[2]builtin {
	m := map[string]*[2]builtin{}
	for _, n := range names {
		m[n] = &[2]builtin{}
	}
	return m
}()

// Builtin returns the embedded schema called name, compiled (once).
// Strict forbids fields the schema does not name (its $defs/extra becomes
// false).
func Builtin(name string, strict bool) (*Schema, error) {
	pair, ok := builtins[name]
	if !ok {
		return nil, &UnknownSchemaError{Name: name}
	}
	b := &pair[0]
	if strict {
		b = &pair[1]
	}
	b.once.Do(func() {
		src, err := Source(name)
		if err == nil && strict {
			src, err = closeExtra(src)
		}
		var fast *compiledSchema
		if err == nil {
			fast, err = compileFast(src)
		}
		if err != nil {
			// A keyword the compiled check lacks: the general engine
			// (TestCompiledCoversBuiltins says this never happens).
			var s *Schema
			if s, err = Compile(name, src); err != nil {
				b.err = fmt.Errorf("embedded schema %s: %w", name, err)
				return
			}
			b.schema = s
			return
		}
		b.schema = &Schema{Name: name, fast: fast}
	})
	return b.schema, b.err
}

// closeExtra sets a schema's $defs/extra, which every object's
// additionalProperties refers to, to false.
func closeExtra(src []byte) ([]byte, error) {
	doc, defs, err := decodeSchema(src)
	if err != nil {
		return nil, err
	}
	defs["extra"] = false
	return json.Marshal(doc)
}

// decodeSchema decodes an embedded schema, keeping numbers exact, and
// returns it with its $defs.
func decodeSchema(src []byte) (doc, defs map[string]any, err error) {
	d := json.NewDecoder(bytes.NewReader(src))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return nil, nil, err
	}
	defs, _ = doc["$defs"].(map[string]any)
	if defs == nil {
		return nil, nil, errors.New("no $defs")
	}
	return doc, defs, nil
}

// errOffline refuses every schema reference that was not given to the
// compiler: convkit never goes to the network, nor reads files a schema
// names behind the user's back.
func errOffline(url string) (io.ReadCloser, error) {
	return nil, fmt.Errorf("%s: convkit loads no schema from a URL or another file (offline); put the definition in $defs", url)
}

// Compile compiles a JSON Schema (draft 2020-12 unless its $schema names
// another draft). References to anything outside src are refused.
func Compile(name string, src []byte) (s *Schema, err error) {
	root, err := jsontree.Parse(src, jsontree.Options{})
	if err != nil {
		p := syntaxProblem(err)
		return nil, &Error{Pos: p.Pos, Msg: p.Msg}
	}
	if huge := hugeNumber(root); huge != nil {
		return nil, &Error{Pos: Pos(huge.Pos), Msg: numberTooBig(huge.Str)}
	}
	if cost := schemaCost(root, MaxSchemaCost); cost > MaxSchemaCost {
		return nil, &Error{Pos: Pos(root.Pos), Msg: fmt.Sprintf("schema too costly: a value may be checked against more than %d subschemas (anyOf, oneOf, allOf and $ref branches that nest multiply); simplify it", MaxSchemaCost)}
	}
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, &Error{Pos: Pos(root.Pos), Msg: fmt.Sprintf("the schema library failed on this schema: %v", r)}
		}
	}()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = errOffline
	url := "convkit:///" + name
	if err := c.AddResource(url, bytes.NewReader(src)); err != nil {
		return nil, cleanError(root, err)
	}
	compiled, err := c.Compile(url)
	if err != nil {
		return nil, cleanError(root, err)
	}
	return &Schema{Name: name, s: compiled, asksOfLongStrings: sync.OnceValue(func() bool { return asksOfLongStrings(root) })}, nil
}

// cleanError turns the compiler's errors into one readable line, located
// in the schema's source when the metaschema refused it.
func cleanError(root *jsontree.Value, err error) error {
	var se *jsonschema.SchemaError
	if errors.As(err, &se) && se.Err != nil {
		err = se.Err
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		p := dedupe(root, "", leaves(ve))[0]
		msg := "not a valid JSON Schema: " + p.Msg
		if p.Pointer != "" {
			msg = "not a valid JSON Schema: " + p.Pointer + ": " + p.Msg
		}
		return &Error{Pos: p.Pos, Msg: msg}
	}
	return errors.New(strings.TrimPrefix(err.Error(), "jsonschema: "))
}

// Validate checks v against the schema and returns its problems, each
// placed at the value it concerns; ptr is v's own pointer in its document.
// A number out of bounds is the one problem reported (the library is not
// run), and a panic inside the library is a problem at v, never a crash.
func (s *Schema) Validate(v *jsontree.Value, ptr string) (probs []Problem) {
	if huge := hugeNumber(v); huge != nil {
		at, _ := pointerTo(v, huge)
		return []Problem{{Pos: Pos(huge.Pos), Pointer: ptr + at, Msg: numberTooBig(huge.Str), Rule: RuleSchema}}
	}
	defer func() {
		if r := recover(); r != nil {
			probs = []Problem{{Pos: Pos(v.Pos), Pointer: ptr, Msg: fmt.Sprintf("the schema library failed on this value: %v", r), Rule: RuleSchema}}
		}
	}()
	var errs []*jsonschema.ValidationError
	var err error
	if s.fast != nil {
		errs = s.fast.validate(v)
	} else {
		var c converter
		errs, err = leafErrors(s.s.Validate(c.toAny(v)), "", "")
	}
	if err != nil {
		return []Problem{{Pos: Pos(v.Pos), Pointer: ptr, Msg: err.Error(), Rule: RuleSchema}}
	}
	return dedupe(v, ptr, errs)
}

// leafErrors returns the leaves of a validation error, their instance
// locations prefixed with ptr and their keyword locations with kw.
func leafErrors(err error, ptr, kw string) ([]*jsonschema.ValidationError, error) {
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	ls := leaves(ve)
	for _, l := range ls {
		l.InstanceLocation = ptr + l.InstanceLocation
		l.KeywordLocation = kw + l.KeywordLocation
	}
	return ls, nil
}

// leaves returns the errors that have no causes: the actual problems.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// dedupe turns leaf errors into problems, keeping one complaint about a
// value's type or allowed values per place (the outermost schema's: a
// role-specific rule repeats what the general one said) and merging the
// missing fields of an object.
func dedupe(root *jsontree.Value, ptr string, errs []*jsonschema.ValidationError) []Problem {
	type key struct{ loc, kind string }
	best := map[key]*jsonschema.ValidationError{}
	missing := map[string][]string{}
	var order []key
	for _, e := range errs {
		// The engine escapes keys in instance locations for a URL ("a b"
		// becomes a%20b); a JSON pointer holds them as they are.
		if loc, err := url.PathUnescape(e.InstanceLocation); err == nil {
			e.InstanceLocation = loc
		}
		kind := keyword(e.KeywordLocation)
		switch kind {
		case "type", "enum", "const":
			kind = "value"
		case "required":
			for _, f := range missingFields(e.Message) {
				if !contains(missing[e.InstanceLocation], f) {
					missing[e.InstanceLocation] = append(missing[e.InstanceLocation], f)
				}
			}
		default:
			kind += "\x00" + e.Message
		}
		k := key{e.InstanceLocation, kind}
		if old, ok := best[k]; ok {
			if better(e, old) {
				best[k] = e
			}
			continue
		}
		best[k] = e
		order = append(order, k)
	}
	probs := make([]Problem, 0, len(order))
	for _, k := range order {
		e := best[k]
		p := describe(root, e, missing[e.InstanceLocation])
		p.Pointer = ptr + p.Pointer
		probs = append(probs, p)
	}
	sortProblems(probs)
	return probs
}

// sortProblems puts problems in file order (the schema's own order
// follows Go's map order), the same every time. (slices, not sort: sort
// boxes the slice, an allocation for every line checked.)
func sortProblems(probs []Problem) {
	slices.SortStableFunc(probs, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col),
			strings.Compare(a.Pointer, b.Pointer), strings.Compare(a.Msg, b.Msg))
	})
}

// better prefers, of two complaints about one value, the general rule's
// over a conditional one's (a role's "then"), the one that names allowed
// values over the one that names a type (a branch of anyOf wanted another
// type), then the outermost.
func better(e, old *jsonschema.ValidationError) bool {
	thenE, thenOld := strings.Contains(e.KeywordLocation, "/then/"), strings.Contains(old.KeywordLocation, "/then/")
	if thenE != thenOld {
		return thenOld
	}
	typeE, typeOld := keyword(e.KeywordLocation) == "type", keyword(old.KeywordLocation) == "type"
	if typeE != typeOld {
		return typeOld
	}
	return len(e.KeywordLocation) < len(old.KeywordLocation)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// keyword returns the last keyword of a keyword location, skipping $ref.
func keyword(loc string) string {
	parts := strings.Split(loc, "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if parts[i] != "$ref" {
			return parts[i]
		}
	}
	return ""
}

// missingFields reads the names out of "missing properties: 'a', 'b'".
func missingFields(msg string) []string {
	list, ok := strings.CutPrefix(msg, "missing properties: ")
	if !ok {
		return nil
	}
	var out []string
	for _, f := range strings.Split(list, ", ") {
		out = append(out, strings.Trim(f, "'"))
	}
	return out
}

// converter turns parsed values into what jsonschema validates.
type converter struct{}

// toAny converts a parsed value to what jsonschema validates, keeping
// numbers exact.
func (c *converter) toAny(v *jsontree.Value) any {
	switch v.Kind {
	case jsontree.Null:
		return nil
	case jsontree.Bool:
		return v.Bool
	case jsontree.Number:
		return json.Number(v.Str)
	case jsontree.String:
		return v.Str
	case jsontree.Array:
		a := make([]any, len(v.Items))
		for i, item := range v.Items {
			a[i] = c.toAny(item)
		}
		return a
	}
	m := make(map[string]any, len(v.Members))
	for _, mem := range v.Members {
		m[mem.Key] = c.toAny(mem.Value)
	}
	return m
}

// Title returns the title of the embedded schema called name.
func Title(name string) string {
	src, err := Source(name)
	if err != nil {
		return ""
	}
	var doc struct {
		Title string `json:"title"`
	}
	if json.Unmarshal(src, &doc) != nil {
		return ""
	}
	return doc.Title
}
