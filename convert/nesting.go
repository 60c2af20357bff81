package convert

import "github.com/convkit/convkit/internal/jsontree"

// OpenAI's two APIs give the same typed objects (a url_citation, a custom
// tool's grammar format) in two shapes: Chat Completions nests the fields
// under the type's name, {"type":"grammar","grammar":{"syntax":…}};
// Responses gives them flat, {"type":"grammar","syntax":…}. An object of
// a type alone ({"type":"text"}) is the same in both.

// nestedByType returns v, a flat object, in the nested shape, or false
// unless v is an object with a type.
func nestedByType(v *jsontree.Value) ([]byte, bool) {
	typ := v.Get("type")
	if v.Kind != jsontree.Object || typ == nil || typ.Kind != jsontree.String {
		return nil, false
	}
	o := (&object{}).str("type", typ.Str)
	if fields := extras(v, "type"); len(fields) > 0 {
		o.raw(typ.Str, (&object{}).fields(fields).bytes())
	}
	return o.bytes(), true
}

// flatByType returns v, a nested object, in the flat shape, or false
// unless v is an object of a type and, at most, the object its type names.
func flatByType(v *jsontree.Value) ([]byte, bool) {
	typ := v.Get("type")
	if v.Kind != jsontree.Object || typ == nil || typ.Kind != jsontree.String || !hasOnly(v, "type", typ.Str) {
		return nil, false
	}
	o := (&object{}).str("type", typ.Str)
	if fields := v.Get(typ.Str); fields != nil {
		if fields.Kind != jsontree.Object {
			return nil, false
		}
		o.fields(extras(fields))
	}
	return o.bytes(), true
}
