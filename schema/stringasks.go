package schema

import (
	"net/url"
	"slices"
	"strings"

	"github.com/convkit/convkit/internal/jsontree"
)

// What a user's schema asks of a long string. The general engine validates
// a Go value, so a string it checks is held whole. validate reads a JSON
// line too long to hold a message at a time instead, every long string of
// a message standing as "" (stream.go), when the schema cannot tell: when
// no subschema that can apply to such a string, wherever a message holds
// one, asks more of it than to be a string, and none that applies to it or
// to a value holding it compares values. "" then passes and fails every
// keyword as the string does, with the same messages. The schema is walked
// as its source stands, over-approximating what applies (every
// patternProperties, items and prefixItems schema, whatever the key or
// index), and a reference it cannot follow counts as asking.

// stringKeywords look into a string.
var stringKeywords = []string{"pattern", "minLength", "maxLength", "format", "contentEncoding", "contentMediaType", "contentSchema", "enum", "const"}

// comparingKeywords compare values, every string in them included; their
// messages show the value.
var comparingKeywords = []string{"enum", "const", "uniqueItems"}

// Keywords whose subschemas apply to the value their schema applies to.
var (
	inPlaceSchemas = []string{"not", "if", "then", "else"}
	inPlaceLists   = []string{"allOf", "anyOf", "oneOf"}
	inPlaceMaps    = []string{"dependentSchemas", "dependencies"}
)

// asksOfLongStrings reports whether the schema whose source is root may
// ask something of a message's long string, wherever a document holds
// one (an element of its "messages", or of it as an array), beyond being
// a string.
func asksOfLongStrings(root *jsontree.Value) bool {
	for _, element := range [][]jsontree.Step{{{Key: "messages", Index: -1}, {Index: 0}}, {{Index: 0}}} {
		for _, path := range jsontree.MessageLongPaths() {
			if mayAskOfString(root, append(slices.Clip(element), path...)) {
				return true
			}
		}
	}
	return false
}

// mayAskOfString reports whether the schema whose source is root may ask
// of the string at path (a message's long string in a document) more than
// that it is a string, or compare a value holding it; true too when it
// cannot tell.
func mayAskOfString(root *jsontree.Value, path []jsontree.Step) bool {
	level := []*jsontree.Value{root}
	for depth := 0; ; depth++ {
		schemas, ok := applying(root, level)
		if !ok {
			return true
		}
		last := depth == len(path)
		for _, s := range schemas {
			if hasKeyword(s, comparingKeywords) || last && hasKeyword(s, stringKeywords) {
				return true
			}
		}
		if last {
			return false
		}
		level = childSchemas(schemas, path[depth])
	}
}

// applying returns schemas and every subschema that applies in place to
// the value they apply to, references followed; ok is false when a
// reference cannot be (another resource's, a dynamic one).
func applying(root *jsontree.Value, schemas []*jsontree.Value) (out []*jsontree.Value, ok bool) {
	seen := map[*jsontree.Value]bool{}
	var add func(s *jsontree.Value) bool
	add = func(s *jsontree.Value) bool {
		if s == nil || s.Kind != jsontree.Object || seen[s] {
			return true // true and false ask nothing of a string
		}
		seen[s] = true
		if s != root && hasKeyword(s, []string{"$id", "id"}) || hasKeyword(s, []string{"$dynamicRef", "$recursiveRef"}) {
			return false // references that resolve elsewhere
		}
		out = append(out, s)
		for _, ref := range all(s, "$ref") {
			target, ok := resolvePointer(root, ref)
			if !ok || !add(target) {
				return false
			}
		}
		for _, k := range inPlaceSchemas {
			for _, sub := range all(s, k) {
				if !add(sub) {
					return false
				}
			}
		}
		for _, k := range inPlaceLists {
			for _, list := range all(s, k) {
				for _, sub := range list.Items {
					if !add(sub) {
						return false
					}
				}
			}
		}
		for _, k := range inPlaceMaps {
			for _, m := range all(s, k) {
				for _, mem := range m.Members {
					if !add(mem.Value) {
						return false
					}
				}
			}
		}
		return true
	}
	for _, s := range schemas {
		if !add(s) {
			return nil, false
		}
	}
	return out, true
}

// childSchemas returns the subschemas of schemas that may apply to the
// member or item step of the value they apply to.
func childSchemas(schemas []*jsontree.Value, step jsontree.Step) []*jsontree.Value {
	var out []*jsontree.Value
	for _, s := range schemas {
		if step.Index < 0 {
			named := false
			for _, props := range all(s, "properties") {
				for _, sub := range all(props, step.Key) {
					out, named = append(out, sub), true
				}
			}
			for _, patterns := range all(s, "patternProperties") {
				for _, mem := range patterns.Members {
					out = append(out, mem.Value)
				}
			}
			if !named {
				out = append(out, all(s, "additionalProperties")...)
			}
			out = append(out, all(s, "unevaluatedProperties")...)
			continue
		}
		for _, k := range []string{"items", "prefixItems", "additionalItems", "contains", "unevaluatedItems"} {
			for _, sub := range all(s, k) {
				if sub.Kind == jsontree.Array {
					out = append(out, sub.Items...)
				} else {
					out = append(out, sub)
				}
			}
		}
	}
	return out
}

// resolvePointer returns the schema a $ref of a JSON pointer in root's
// own document ("#/$defs/x") names; ok is false for any other reference.
func resolvePointer(root, ref *jsontree.Value) (*jsontree.Value, bool) {
	if ref.Kind != jsontree.String || !strings.HasPrefix(ref.Str, "#") {
		return nil, false
	}
	fragment, err := url.PathUnescape(ref.Str[1:])
	if err != nil {
		return nil, false
	}
	if fragment != "" && !strings.HasPrefix(fragment, "/") {
		return nil, false // an anchor
	}
	v, _, found := lookup(root, fragment)
	return v, found
}

// all returns the values of every member key of object s (a key may
// repeat).
func all(s *jsontree.Value, key string) []*jsontree.Value {
	var out []*jsontree.Value
	if s.Kind != jsontree.Object {
		return nil
	}
	for _, m := range s.Members {
		if m.Key == key {
			out = append(out, m.Value)
		}
	}
	return out
}

// hasKeyword reports whether object s has one of keys.
func hasKeyword(s *jsontree.Value, keys []string) bool {
	return slices.ContainsFunc(s.Members, func(m *jsontree.Member) bool { return slices.Contains(keys, m.Key) })
}
