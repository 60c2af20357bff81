package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/convkit/convkit/internal/jsontree"
)

// The embedded schemas are checked by a compiled check, not by the general
// engine: each (sub)schema becomes a node that tests a parsed value
// directly, allocating nothing while the value is valid. The general engine
// converts every message to maps first and, for each role rule whose "if"
// fails, builds an error value: most of validate's time went there.
//
// A node knows only the keywords the embedded schemas use (compileNode
// refuses any other, and Builtin then falls back to the general engine, which
// TestCompiledCoversBuiltins forbids). It finds exactly the leaf errors the
// general engine finds, with the same keyword and instance locations and
// messages, so that dedupe and describe turn them into the same problems:
// TestCompiledSameProblems and FuzzCompiledSameProblems hold it to that.
// Only the order of errors at different places may differ (the engine's
// follows Go's map order), which problems do not show: they are sorted.
//
// jsonschema stays the engine of --schema FILE.

// node is one compiled (sub)schema.
type node struct {
	always   int8   // 1: the schema true, -1: false, 0: a schema object
	types    uint16 // bit 1<<Kind of each type allowed; 0: any
	integer  bool   // "integer" is among the types
	typeMsg  string // "expected string or array"
	constant *literal
	constMsg string
	enum     []literal
	enumMsg  string
	required []string
	props    []prop
	addl     *node // additionalProperties, or nil
	minItems int   // -1: none
	items    *node
	pattern  *regexp.Regexp
	patMsg   string
	minimum  *bound
	maximum  *bound
	ref      *node
	not      *node
	allOf    []*node
	anyOf    []*node
	ifNode   *node
	then     *node
	els      *node
}

// prop is one entry of properties.
type prop struct {
	name string
	kw   string // "properties/NAME", escaped as the engine escapes it
	n    *node
}

// literal is an enum or const value: a string, a number, a boolean or null.
type literal struct {
	kind jsontree.Kind
	str  string   // a string's value, a number's literal
	b    bool     // a boolean's value
	rat  *big.Rat // a number's value
}

// bound is a minimum or a maximum.
type bound struct {
	rat *big.Rat
	msg string // "must be >= 0 but found "
}

// compiledSchema is an embedded schema compiled into nodes.
type compiledSchema struct {
	root *node
}

// compileFast compiles an embedded schema's source, or says which keyword
// or value it cannot compile.
func compileFast(src []byte) (*compiledSchema, error) {
	doc, defs, err := decodeSchema(src)
	if err != nil {
		return nil, err
	}
	c := &compiler{defs: defs, done: map[string]*node{}}
	root, err := c.node(doc, "#")
	if err != nil {
		return nil, err
	}
	return &compiledSchema{root: root}, nil
}

type compiler struct {
	defs map[string]any
	done map[string]*node // compiled $defs entries, by reference
}

// annotations are keywords that check nothing.
var annotations = map[string]bool{"$schema": true, "$id": true, "$defs": true, "$comment": true, "title": true, "description": true, "examples": true, "default": true}

func (c *compiler) node(s any, at string) (*node, error) {
	if b, ok := s.(bool); ok {
		if b {
			return &node{always: 1, minItems: -1}, nil
		}
		return &node{always: -1, minItems: -1}, nil
	}
	m, ok := s.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: not a schema", at)
	}
	n := &node{minItems: -1}
	sub := func(key string) (*node, error) { return c.node(m[key], at+"/"+key) }
	list := func(key string) ([]*node, error) {
		items, ok := m[key].([]any)
		if !ok || len(items) == 0 {
			return nil, fmt.Errorf("%s/%s: not a list of schemas", at, key)
		}
		out := make([]*node, len(items))
		for i, it := range items {
			var err error
			if out[i], err = c.node(it, at+"/"+key+"/"+strconv.Itoa(i)); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var err error
	for _, k := range keys {
		v := m[k]
		switch k {
		case "type":
			err = n.setTypes(v)
		case "const":
			var l literal
			if l, err = toLiteral(v); err == nil {
				n.constant, n.constMsg = &l, fmt.Sprintf("value must be %#v", v)
			}
		case "enum":
			err = n.setEnum(v)
		case "required":
			items, _ := v.([]any)
			for _, it := range items {
				name, ok := it.(string)
				if !ok {
					return nil, fmt.Errorf("%s/required: not a list of names", at)
				}
				n.required = append(n.required, name)
			}
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s/properties: not an object", at)
			}
			names := make([]string, 0, len(props))
			for name := range props {
				names = append(names, name)
			}
			slices.Sort(names)
			for _, name := range names {
				p, err := c.node(props[name], at+"/properties/"+name)
				if err != nil {
					return nil, err
				}
				n.props = append(n.props, prop{name, "properties/" + escapeInstance(name), p})
			}
		case "minItems":
			n.minItems, err = toCount(v)
		case "pattern":
			p, _ := v.(string)
			if n.pattern, err = regexp.Compile(p); err == nil {
				n.patMsg = "does not match pattern " + quoteEngine(n.pattern.String())
			}
		case "minimum":
			n.minimum, err = toBound(v, ">=")
		case "maximum":
			n.maximum, err = toBound(v, "<=")
		case "$ref":
			n.ref, err = c.ref(v, at)
		default:
			one := map[string]**node{"additionalProperties": &n.addl, "items": &n.items, "not": &n.not, "if": &n.ifNode, "then": &n.then, "else": &n.els}
			many := map[string]*[]*node{"allOf": &n.allOf, "anyOf": &n.anyOf}
			switch {
			case one[k] != nil:
				*one[k], err = sub(k)
			case many[k] != nil:
				*many[k], err = list(k)
			case !annotations[k]:
				return nil, fmt.Errorf("%s: keyword %s is not compiled", at, k)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", at, k, err)
		}
	}
	if n.ifNode == nil {
		n.then, n.els = nil, nil // the engine ignores them without "if"
	}
	return n, nil
}

// ref compiles a reference to $defs.
func (c *compiler) ref(v any, at string) (*node, error) {
	ref, _ := v.(string)
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok || strings.ContainsAny(name, "/~%") || c.defs[name] == nil {
		return nil, fmt.Errorf("reference %q: only #/$defs/NAME is compiled", ref)
	}
	if n, ok := c.done[name]; ok {
		if n == nil {
			return nil, fmt.Errorf("reference %q: a cycle", ref)
		}
		return n, nil
	}
	c.done[name] = nil
	n, err := c.node(c.defs[name], "#/$defs/"+name)
	if err != nil {
		return nil, err
	}
	c.done[name] = n
	return n, nil
}

var typeBits = map[string]uint16{
	"null": 1 << jsontree.Null, "boolean": 1 << jsontree.Bool, "number": 1 << jsontree.Number,
	"string": 1 << jsontree.String, "array": 1 << jsontree.Array, "object": 1 << jsontree.Object,
	"integer": 0,
}

func (n *node) setTypes(v any) error {
	var names []string
	switch v := v.(type) {
	case string:
		names = []string{v}
	case []any:
		for _, t := range v {
			s, _ := t.(string)
			names = append(names, s)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("no type")
	}
	for _, t := range names {
		bit, ok := typeBits[t]
		if !ok {
			return fmt.Errorf("unknown type %q", t)
		}
		n.types |= bit
		n.integer = n.integer || t == "integer"
	}
	if n.types == 0 {
		n.types = 1 << 15 // "integer" alone: no kind matches as such
	}
	n.typeMsg = "expected " + strings.Join(names, " or ") + ", but got "
	return nil
}

func (n *node) setEnum(v any) error {
	items, ok := v.([]any)
	if !ok || len(items) == 0 {
		return fmt.Errorf("not a list")
	}
	quoted := make([]string, len(items))
	for i, it := range items {
		l, err := toLiteral(it)
		if err != nil {
			return err
		}
		n.enum = append(n.enum, l)
		quoted[i] = fmt.Sprintf("%#v", it)
	}
	// As the engine words it.
	n.enumMsg = "value must be one of " + strings.Join(quoted, ", ")
	if len(items) == 1 {
		n.enumMsg = "value must be " + quoted[0]
	}
	return nil
}

// toLiteral reads an enum or const value (decoded with UseNumber).
func toLiteral(v any) (literal, error) {
	switch v := v.(type) {
	case nil:
		return literal{kind: jsontree.Null}, nil
	case bool:
		return literal{kind: jsontree.Bool, b: v}, nil
	case string:
		return literal{kind: jsontree.String, str: v}, nil
	case json.Number:
		r, ok := new(big.Rat).SetString(string(v))
		if !ok {
			return literal{}, fmt.Errorf("number %s", v)
		}
		return literal{kind: jsontree.Number, str: string(v), rat: r}, nil
	}
	return literal{}, fmt.Errorf("an object or array value is not compiled")
}

func toCount(v any) (int, error) {
	num, _ := v.(json.Number)
	i, err := strconv.Atoi(string(num))
	if err != nil || i < 0 {
		return 0, fmt.Errorf("not a count: %v", v)
	}
	return i, nil
}

func toBound(v any, op string) (*bound, error) {
	num, _ := v.(json.Number)
	r, ok := new(big.Rat).SetString(string(num))
	if !ok {
		return nil, fmt.Errorf("not a number: %v", v)
	}
	f, _ := r.Float64()
	return &bound{rat: r, msg: fmt.Sprintf("must be %s %v but found ", op, f)}, nil
}

// escapeInstance escapes an object key for an instance location as the
// engine does (a JSON pointer token, then URL path escaping).
func escapeInstance(key string) string {
	return url.PathEscape(strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1"))
}

// quoteEngine quotes as the engine's messages do.
func quoteEngine(s string) string {
	s = strconv.Quote(s)
	s = strings.ReplaceAll(s, `\"`, `"`)
	s = strings.ReplaceAll(s, `'`, `\'`)
	return "'" + s[1:len(s)-1] + "'"
}

// checker checks a value against nodes. The place being checked, its
// instance location and keyword location, are kept as stacks of steps, so
// that no string is built until an error is.
type checker struct {
	inst []instStep
	kw   []string
	out  []*jsonschema.ValidationError
}

// instStep is a step into an object (its key) or an array (its index).
type instStep struct {
	key   string
	index int // when key is ""…
	isKey bool
}

func (c *checker) add(keyword, msg string) {
	var b strings.Builder
	for _, seg := range c.kw {
		b.WriteByte('/')
		b.WriteString(seg)
	}
	if keyword != "" {
		b.WriteByte('/')
		b.WriteString(keyword)
	}
	kw := b.String()
	b.Reset()
	for _, st := range c.inst {
		if st.isKey && st.key == "" {
			continue // the engine adds no step for the key "" (its quirk, kept)
		}
		b.WriteByte('/')
		if st.isKey {
			b.WriteString(escapeInstance(st.key))
		} else {
			b.WriteString(strconv.Itoa(st.index))
		}
	}
	c.out = append(c.out, &jsonschema.ValidationError{KeywordLocation: kw, InstanceLocation: b.String(), Message: msg})
}

var checkers = sync.Pool{New: func() any { return new(checker) }}

// validate returns the leaf errors of v against the schema.
func (s *compiledSchema) validate(v *jsontree.Value) []*jsonschema.ValidationError {
	c := checkers.Get().(*checker)
	c.check(s.root, v, true)
	out := c.out
	c.inst, c.kw, c.out = c.inst[:0], c.kw[:0], nil
	checkers.Put(c)
	return out
}

// in checks v against n one keyword step further (and, with key or index,
// one instance step further).
func (c *checker) in(n *node, v *jsontree.Value, rec bool, kw string) bool {
	c.kw = append(c.kw, kw)
	ok := c.check(n, v, rec)
	c.kw = c.kw[:len(c.kw)-1]
	return ok
}

func (c *checker) at(n *node, v *jsontree.Value, rec bool, kw string, step instStep) bool {
	c.inst = append(c.inst, step)
	ok := c.in(n, v, rec, kw)
	c.inst = c.inst[:len(c.inst)-1]
	return ok
}

// check reports whether v is valid against n. With rec, it adds the leaf
// errors the engine would find to c.out; without, it stops at the first.
func (c *checker) check(n *node, v *jsontree.Value, rec bool) bool {
	if n.always != 0 {
		if n.always < 0 && rec {
			c.add("", "not allowed")
		}
		return n.always > 0
	}
	if n.types != 0 && n.types&(1<<v.Kind) == 0 && !(n.integer && v.Kind == jsontree.Number && isInteger(v.Str)) {
		if rec {
			c.add("type", n.typeMsg+v.Kind.String())
		}
		return false // the engine checks nothing more
	}
	ok := c.assertions(n, v, rec)
	if !ok && !rec {
		return false
	}
	return c.applicators(n, v, rec) && ok
}

// assertions checks what n says of v itself: const, enum, and the
// keywords of v's kind, in the engine's order.
func (c *checker) assertions(n *node, v *jsontree.Value, rec bool) bool {
	ok := true
	stop := func() bool { ok = false; return !rec } // a failure: stop unless recording
	failed := func(kw, msg string) bool {
		if rec {
			c.add(kw, msg)
		}
		return stop()
	}
	if n.constant != nil && !n.constant.equals(v) && failed("const", n.constMsg) {
		return false
	}
	if n.enum != nil && !n.inEnum(v) && failed("enum", n.enumMsg) {
		return false
	}
	if !c.ofKind(n, v, rec) {
		ok = false
	}
	return ok
}

// ofKind checks the keywords of v's kind: an object's members, an array's
// items, a string's pattern, a number's bounds.
func (c *checker) ofKind(n *node, v *jsontree.Value, rec bool) bool {
	switch v.Kind {
	case jsontree.Object:
		return c.object(n, v, rec)
	case jsontree.Array:
		return c.array(n, v, rec)
	case jsontree.String:
		if n.pattern != nil && !n.pattern.MatchString(v.Str) {
			c.addIf(rec, "pattern", n.patMsg)
			return false
		}
	case jsontree.Number:
		ok := true
		if n.minimum != nil && compareNumber(v.Str, n.minimum.rat) < 0 {
			if ok = false; !rec {
				return false
			}
			c.add("minimum", n.minimum.msg+v.Str)
		}
		if n.maximum != nil && compareNumber(v.Str, n.maximum.rat) > 0 {
			ok = false
			c.addIf(rec, "maximum", n.maximum.msg+v.Str)
		}
		return ok
	}
	return true
}

// array checks minItems and items.
func (c *checker) array(n *node, v *jsontree.Value, rec bool) bool {
	ok := true
	if n.minItems >= 0 && len(v.Items) < n.minItems {
		if ok = false; !rec {
			return false
		}
		c.add("minItems", fmt.Sprintf("minimum %d items required, but found %d items", n.minItems, len(v.Items)))
	}
	if n.items != nil {
		for i, item := range v.Items {
			if !c.at(n.items, item, rec, "items", instStep{index: i}) {
				if ok = false; !rec {
					return false
				}
			}
		}
	}
	return ok
}

// addIf adds an error when recording them.
func (c *checker) addIf(rec bool, kw, msg string) {
	if rec {
		c.add(kw, msg)
	}
}

// applicators checks v against n's subschemas: $ref, not, allOf, anyOf,
// if/then/else, in the engine's order.
func (c *checker) applicators(n *node, v *jsontree.Value, rec bool) bool {
	ok := true
	stop := func() bool { ok = false; return !rec } // a failure: stop unless recording
	if n.ref != nil && !c.in(n.ref, v, rec, "$ref") && stop() {
		return false
	}
	if n.not != nil && c.check(n.not, v, false) {
		if stop() {
			return false
		}
		c.add("not", "not failed")
	}
	for i, sub := range n.allOf {
		if !c.in(sub, v, rec, allOfSeg(i)) && stop() {
			return false
		}
	}
	if n.anyOf != nil && !c.anyOf(n, v, rec) && stop() {
		return false
	}
	if n.ifNode != nil {
		if c.check(n.ifNode, v, false) {
			if n.then != nil && !c.in(n.then, v, rec, "then") {
				ok = false
			}
		} else if n.els != nil && !c.in(n.els, v, rec, "else") {
			ok = false
		}
	}
	return ok
}

// object checks required, properties and additionalProperties.
func (c *checker) object(n *node, v *jsontree.Value, rec bool) bool {
	ok := true
	var missing []string
	for _, name := range n.required {
		if v.Get(name) == nil {
			if !rec {
				return false
			}
			missing = append(missing, quoteEngine(name))
		}
	}
	if missing != nil {
		ok = false
		c.add("required", "missing properties: "+strings.Join(missing, ", "))
	}
	if n.props == nil && n.addl == nil {
		return ok
	}
	for _, m := range v.Members {
		sub, seg := n.addl, "additionalProperties"
		for i := range n.props {
			if n.props[i].name == m.Key {
				sub, seg = n.props[i].n, n.props[i].kw
				break
			}
		}
		if sub != nil && !c.at(sub, m.Value, rec, seg, instStep{key: m.Key, isKey: true}) {
			if ok = false; !rec {
				return false
			}
		}
	}
	return ok
}

// anyOf checks anyOf; when no branch holds, every branch's errors are the
// problems.
func (c *checker) anyOf(n *node, v *jsontree.Value, rec bool) bool {
	for _, sub := range n.anyOf {
		if c.check(sub, v, false) {
			return true
		}
	}
	if rec {
		for i, sub := range n.anyOf {
			c.in(sub, v, true, "anyOf/"+strconv.Itoa(i))
		}
	}
	return false
}

var allOfSegs = [...]string{"allOf/0", "allOf/1", "allOf/2", "allOf/3", "allOf/4", "allOf/5", "allOf/6", "allOf/7"}

func allOfSeg(i int) string {
	if i < len(allOfSegs) {
		return allOfSegs[i]
	}
	return "allOf/" + strconv.Itoa(i)
}

func (n *node) inEnum(v *jsontree.Value) bool {
	for i := range n.enum {
		if n.enum[i].equals(v) {
			return true
		}
	}
	return false
}

// equals compares as the engine does: numbers by value.
func (l *literal) equals(v *jsontree.Value) bool {
	if l.kind != v.Kind {
		return false
	}
	switch l.kind {
	case jsontree.String:
		return l.str == v.Str
	case jsontree.Bool:
		return l.b == v.Bool
	case jsontree.Number:
		return l.str == v.Str || compareNumber(v.Str, l.rat) == 0
	}
	return true // null
}

// plainInt returns the value of a literal of at most 18 digits with no
// fraction or exponent.
func plainInt(lit string) (int64, bool) {
	if len(lit) == 0 || len(lit) > 18 {
		return 0, false
	}
	i, err := strconv.ParseInt(lit, 10, 64)
	return i, err == nil
}

// isInteger reports whether a number literal is a whole number (1.0 and
// 1e2 are).
func isInteger(lit string) bool {
	if _, ok := plainInt(lit); ok {
		return true
	}
	r, ok := new(big.Rat).SetString(lit)
	return ok && r.IsInt()
}

// compareNumber compares a number literal with r.
func compareNumber(lit string, r *big.Rat) int {
	if i, ok := plainInt(lit); ok && r.IsInt() && r.Num().IsInt64() {
		return cmpInt(i, r.Num().Int64())
	}
	x, ok := new(big.Rat).SetString(lit)
	if !ok {
		return 0
	}
	return x.Cmp(r)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
