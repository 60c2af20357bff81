package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/convkit/convkit/internal/jsontree"
)

// The embedded schemas state per-role (and per-type) rules as if/then
// pairs: "if role is tool, then tool_call_id is required". Evaluated as
// written, every message runs every pair, and each failing "if" costs an
// error value: ten times the cost of the rest of the schema. A dispatch
// compiles the same schema with those pairs taken out, plus one small
// schema per role holding the pairs that apply to it, and picks it by the
// message's role. The problems found are the same (a test holds the two
// ways to it); the schema printed is the one written.

// dispatched names the definitions whose allOf is dispatched, the member
// that picks the branch, and where the schema lists its possible values.
var dispatched = []struct {
	def, key string
	values   []string // path to the enum, from $defs
}{
	{"message", "role", []string{"role", "enum"}},
	{"part", "type", []string{"part", "properties", "type", "enum"}},
	{"toolCall", "type", []string{"toolCall", "properties", "type", "enum"}},
}

// dispatch is an embedded schema compiled for speed and for memory: the
// messages are checked one at a time (against message), not as items of
// the whole document, so that what the schema library allocates for one
// message is garbage before the next.
type dispatch struct {
	shallow *jsonschema.Schema               // the document, its messages' items unchecked
	message *jsonschema.Schema               // one message
	byValue [3]map[string]*jsonschema.Schema // per entry of dispatched
	// Where the schema expects messages: a top-level array's items, the
	// top-level object's "messages" items.
	arrayItems, objectMessages bool
}

// compileDispatch compiles src, an embedded schema, as a dispatch.
func compileDispatch(name string, src []byte) (*dispatch, error) {
	doc, defs, err := decodeSchema(src)
	if err != nil {
		return nil, err
	}
	d := &dispatch{
		arrayItems:     dig(doc, "items", "$ref") == "#/$defs/message",
		objectMessages: dig(doc, "properties", "messages", "items", "$ref") == "#/$defs/message",
	}
	var branches [3][]string
	for i, dd := range dispatched {
		def, _ := defs[dd.def].(map[string]any)
		values, _ := dig(defs, dd.values...).([]any)
		if def == nil || values == nil {
			return nil, fmt.Errorf("no $defs/%s with its %s values", dd.def, dd.key)
		}
		entries, _ := def["allOf"].([]any)
		delete(def, "allOf")
		if len(entries) == 1 { // message: allOf [{"$ref": "#/$defs/roleRules"}]
			if ref, _ := dig(entries[0], "$ref").(string); ref != "" {
				entries, _ = dig(defs, ref[len("#/$defs/"):], "allOf").([]any)
			}
		}
		for _, v := range values {
			val, _ := v.(string)
			var apply []any
			for _, e := range entries {
				if match, plain := matches(e, dd.key, val); match && plain {
					apply = append(apply, dig(e, "then"))
				} else if match {
					apply = append(apply, e)
				}
			}
			var branch any = true
			if len(apply) > 0 {
				branch = map[string]any{"allOf": apply}
			}
			defs[dd.def+"@"+val] = branch
			branches[i] = append(branches[i], val)
		}
	}
	if d.arrayItems {
		delete(doc, "items")
	}
	if d.objectMessages {
		delete(dig(doc, "properties", "messages").(map[string]any), "items")
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = errOffline
	url := "convkit:///" + name
	if err := c.AddResource(url, bytes.NewReader(out)); err != nil {
		return nil, err
	}
	if d.shallow, err = c.Compile(url); err != nil {
		return nil, err
	}
	if d.message, err = c.Compile(url + "#/$defs/message"); err != nil {
		return nil, err
	}
	for i, vals := range branches {
		d.byValue[i] = map[string]*jsonschema.Schema{}
		for _, val := range vals {
			s, err := c.Compile(url + "#/$defs/" + dispatched[i].def + "@" + val)
			if err != nil {
				return nil, err
			}
			d.byValue[i][val] = s
		}
	}
	return d, nil
}

// dig follows keys through nested objects.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// matches reports whether an if/then entry applies when key has value val,
// and whether its "if" tests nothing else (so its "then" applies as is).
func matches(entry any, key, val string) (match, plain bool) {
	cond, _ := dig(entry, "if").(map[string]any)
	props, _ := cond["properties"].(map[string]any)
	test, _ := props[key].(map[string]any)
	switch {
	case test["const"] != nil:
		match = test["const"] == val
	case test["enum"] != nil:
		list, _ := test["enum"].([]any)
		for _, x := range list {
			match = match || x == val
		}
	}
	plain = len(props) == 1 && len(cond) == 2 && cond["required"] != nil
	return match, plain
}

// validate returns the leaf errors of root against the whole schema.
func (d *dispatch) validate(root *jsontree.Value) ([]*jsonschema.ValidationError, error) {
	msgs, mptr := messagesOf(root, "")
	itemsKw := ""
	switch {
	case msgs == root && d.arrayItems:
		itemsKw = "/items/$ref"
	case msgs != nil && msgs != root && d.objectMessages:
		itemsKw = "/properties/messages/items/$ref"
	default:
		msgs = nil // the schema expects no messages there
	}
	// The document with its messages left out (null), then each message.
	c := converter{elide: msgs}
	errs, err := leafErrors(d.shallow.Validate(c.toAny(root)), "", "")
	if err != nil || msgs == nil {
		return errs, err
	}
	more := func(which int, v *jsontree.Value, a any, ptr string) {
		if err != nil {
			return
		}
		k := v.Get(dispatched[which].key)
		if k == nil || k.Kind != jsontree.String || d.byValue[which][k.Str] == nil {
			return
		}
		var found []*jsonschema.ValidationError
		found, err = leafErrors(d.byValue[which][k.Str].Validate(a), ptr, "/then/$defs/"+dispatched[which].def+"@"+k.Str)
		errs = append(errs, found...)
	}
	for i, m := range msgs.Items {
		p := mptr + "/" + strconv.Itoa(i)
		var mc converter
		mAny := mc.toAny(m)
		var found []*jsonschema.ValidationError
		if found, err = leafErrors(d.message.Validate(mAny), p, itemsKw); err != nil {
			return nil, err
		}
		errs = append(errs, found...)
		more(0, m, mAny, p)
		mMap, _ := mAny.(map[string]any)
		for j, list := range []string{"content", "tool_calls"} {
			items := m.Get(list)
			itemsAny, _ := mMap[list].([]any)
			if items == nil || items.Kind != jsontree.Array || len(itemsAny) != len(items.Items) {
				continue
			}
			for k, item := range items.Items {
				more(j+1, item, itemsAny[k], p+"/"+list+"/"+strconv.Itoa(k))
			}
		}
	}
	return errs, err
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
