package schema

import (
	"strconv"
	"strings"

	"github.com/convkit/convkit/internal/jsontree"
)

// MaxSchemaCost bounds how much work a user's schema may ask per value:
// the number of subschemas one value can be checked against, with anyOf,
// oneOf and allOf branches and $ref targets counted each time they are
// reached. Branches that nest (an anyOf of $refs to anyOfs …) multiply:
// thirty levels of two make a billion checks per value, hours of
// validate (16 levels took 4 s and 285 MB per value, 20 over a minute
// and 1.5 GB). At this bound a value takes well under a second. The
// embedded schemas cost a few hundred.
const MaxSchemaCost = 20000

// Keywords whose value is a subschema, an array of them, or an object of
// them (by name).
var (
	schemaKeywords      = []string{"not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems"}
	schemaListKeywords  = []string{"anyOf", "oneOf", "allOf", "prefixItems"}
	schemaTableKeywords = []string{"properties", "patternProperties", "dependentSchemas"}
)

// schemaCost returns an upper bound of the subschemas a value may be
// checked against, stopping once it passes limit.
func schemaCost(root *jsontree.Value, limit int) int {
	c := coster{root: root, memo: map[*jsontree.Value]int{}, limit: limit}
	return c.cost(root)
}

type coster struct {
	root  *jsontree.Value
	memo  map[*jsontree.Value]int // -1 while being computed: a cycle
	limit int
}

func (c *coster) cost(v *jsontree.Value) int {
	if v == nil || v.Kind != jsontree.Object {
		return 1
	}
	switch n, ok := c.memo[v]; {
	case ok && n < 0:
		return 1 // recursion: each round uses a level of the value
	case ok:
		return n
	}
	c.memo[v] = -1
	total := 1
	add := func(n int) { total = min(total+n, c.limit+1) }
	if ref := v.Get("$ref"); ref != nil && ref.Kind == jsontree.String {
		add(c.cost(c.resolve(ref.Str)))
	}
	for _, k := range schemaKeywords {
		if s := v.Get(k); s != nil {
			add(c.cost(s))
		}
	}
	for _, k := range schemaListKeywords {
		if list := v.Get(k); list != nil && list.Kind == jsontree.Array {
			for _, s := range list.Items {
				add(c.cost(s))
			}
		}
	}
	for _, k := range schemaTableKeywords {
		if table := v.Get(k); table != nil && table.Kind == jsontree.Object {
			for _, m := range table.Members {
				add(c.cost(m.Value))
			}
		}
	}
	c.memo[v] = total
	return total
}

// resolve follows a local reference, "#/$defs/name"; nil for any other.
func (c *coster) resolve(ref string) *jsontree.Value {
	ptr, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	v := c.root
	for _, tok := range strings.Split(ptr, "/")[1:] {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch {
		case v == nil:
			return nil
		case v.Kind == jsontree.Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v.Items) {
				return nil
			}
			v = v.Items[i]
		default:
			v = v.Get(tok)
		}
	}
	return v
}
