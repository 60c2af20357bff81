package schema

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/convkit/convkit/internal/jsontree"
)

// Pos is a place in a file: 1-based line and byte column.
type Pos struct {
	Line, Col int
}

func (p Pos) less(q Pos) bool { return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col }

// Rule names say which check found a problem.
const (
	RuleSyntax             = "syntax"               // the file is not valid JSON
	RuleSchema             = "schema"               // the JSON Schema
	RuleUnknownRole        = "unknown-role"         // a role no API knows
	RuleToolResultNoCall   = "tool-result-no-call"  // a tool message answers no earlier call
	RuleToolCallNoResult   = "tool-call-no-result"  // a tool call whose result never comes
	RuleLateSystem         = "late-system"          // a system/developer message after the first turn
	RuleSameRole           = "same-role"            // two consecutive messages of one role
	RuleEmptyContent       = "empty-content"        // a message with nothing in it
	RuleNullField          = "null-field"           // name, tool_calls or tool_call_id null, which the API's reference does not allow
	RuleNoAssistant        = "no-assistant"         // fine-tuning: an example without an assistant message
	RuleTooLong            = "too-long"             // fine-tuning: an example over the token limit
	RuleWeightNotAssistant = "weight-not-assistant" // fine-tuning: weight on a message that is not the assistant's
)

// Problem is one thing wrong in a file.
type Problem struct {
	Pos     Pos
	Pointer string // JSON pointer of the value within its document (line, for JSONL)
	Msg     string
	Rule    string
	Warning bool // a conversation rule's finding, not an error unless strict
}

// String formats the problem as "LINE:COL: /pointer: message".
func (p Problem) String() string {
	if p.Pointer == "" {
		return fmt.Sprintf("%d:%d: %s", p.Pos.Line, p.Pos.Col, p.Msg)
	}
	return fmt.Sprintf("%d:%d: %s: %s", p.Pos.Line, p.Pos.Col, p.Pointer, p.Msg)
}

// lookup walks a JSON pointer from root; it also returns the member whose
// value it ends at, if any, and whether the pointer led all the way (else
// v is the last value it reached). Of two members of one name, the last
// counts, as for encoding/json.
func lookup(root *jsontree.Value, ptr string) (v *jsontree.Value, mem *jsontree.Member, found bool) {
	v = root
	if ptr == "" {
		return v, nil, true
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		mem = nil
		switch v.Kind {
		case jsontree.Object:
			for _, m := range v.Members {
				if m.Key == tok {
					mem = m
				}
			}
			if mem == nil {
				return v, nil, false
			}
			v = mem.Value
		case jsontree.Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v.Items) {
				return v, nil, false
			}
			v = v.Items[i]
		default:
			return v, nil, false
		}
	}
	return v, mem, true
}

var (
	typeMsg    = lazyRegexp(`^expected (.*), but got (\w+)$`)
	limitMsg   = lazyRegexp(`^(?:must be|length must be|valid must be) ([<>]=?) ([^\s,]+),? but (?:found|got) (\S+)$`)
	itemsMsg   = lazyRegexp(`^(minimum|maximum) (\d+) items required, but found (\d+) items$`)
	unknownMsg = lazyRegexp(`^additionalProperties (.*) not allowed$`)
)

// describe turns one jsonschema error into a problem a person can read,
// placed at the value it concerns (at the key, for an unknown field).
func describe(root *jsontree.Value, e *jsonschema.ValidationError, missing []string) Problem {
	v, mem, _ := lookup(root, e.InstanceLocation)
	p := Problem{Pos: Pos(v.Pos), Pointer: e.InstanceLocation, Rule: RuleSchema, Msg: e.Message}
	kw := keyword(e.KeywordLocation)
	switch {
	case kw == "type":
		if m := typeMsg().FindStringSubmatch(e.Message); m != nil {
			kinds := strings.Split(m[1], " or ")
			for i, k := range kinds {
				kinds[i] = aKind(k)
			}
			p.Msg = fmt.Sprintf("expected %s, got %s", orList(kinds), aKind(v.Kind.String()))
		}
	case kw == "enum":
		if list, ok := strings.CutPrefix(e.Message, "value must be one of "); ok {
			p.Msg = fmt.Sprintf("%s is not one of %s", show(v), unquoteList(list)) + caseHint(v, list)
		} else if one, ok := strings.CutPrefix(e.Message, "value must be "); ok {
			p.Msg = fmt.Sprintf("expected %s, got %s", one, show(v))
		}
	case kw == "const":
		if one, ok := strings.CutPrefix(e.Message, "value must be "); ok {
			p.Msg = fmt.Sprintf("expected %s here, got %s", one, show(v))
		}
	case kw == "required":
		quoted := make([]string, len(missing))
		for i, f := range missing {
			quoted[i] = strconv.Quote(f)
		}
		p.Msg = "missing required field " + strings.Join(quoted, ", ")
		if len(missing) > 1 {
			p.Msg = "missing required fields " + strings.Join(quoted, ", ")
		}
	case e.Message == "not allowed" && mem != nil:
		p.Pos, p.Msg = Pos(mem.KeyPos), fmt.Sprintf("unknown field %q", mem.Key)
	case kw == "additionalProperties":
		if m := unknownMsg().FindStringSubmatch(e.Message); m != nil {
			p.Msg = "unknown fields " + inSourceOrder(v, m[1])
			if !strings.Contains(m[1], ",") {
				p.Msg = "unknown field " + strings.ReplaceAll(m[1], "'", `"`)
				// One field: point at its key.
				key := strings.Trim(m[1], "'")
				for _, mem := range v.Members {
					if mem.Key == key {
						p.Pos, p.Pointer = Pos(mem.KeyPos), e.InstanceLocation+"/"+escapePointer(key)
					}
				}
			}
		}
	case kw == "minItems" || kw == "maxItems":
		if m := itemsMsg().FindStringSubmatch(e.Message); m != nil {
			least := "at least"
			if m[1] == "maximum" {
				least = "at most"
			}
			p.Msg = fmt.Sprintf("expected %s %s %s, got %s", least, m[2], plural(m[2], "item"), m[3])
		}
	case kw == "pattern":
		p.Msg = fmt.Sprintf("%s does not match the pattern %s", show(v), strings.TrimPrefix(strings.Trim(e.Message, "'"), "does not match pattern '"))
	default:
		if m := limitMsg().FindStringSubmatch(e.Message); m != nil {
			what := "must be"
			if strings.HasSuffix(kw, "Length") {
				what = "length must be"
			}
			p.Msg = fmt.Sprintf("%s %s %s, got %s", what, m[1], m[2], m[3])
		}
	}
	return p
}

// inSourceOrder lists the fields the engine names ('a', 'b', in the order
// of its map) in the order the object v holds them, quoted.
func inSourceOrder(v *jsontree.Value, list string) string {
	named := map[string]bool{}
	for _, f := range strings.Split(list, ", ") {
		named[strings.Trim(f, "'")] = true
	}
	var quoted []string
	for _, mem := range v.Members {
		if named[mem.Key] {
			quoted = append(quoted, strconv.Quote(mem.Key))
			delete(named, mem.Key)
		}
	}
	if len(named) > 0 { // a name the split got wrong: the engine's list as it is
		return strings.ReplaceAll(list, "'", `"`)
	}
	return strings.Join(quoted, ", ")
}

func escapePointer(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func plural(n, word string) string {
	if n == "1" {
		return word
	}
	return word + "s"
}

// orList joins "a", "b", "c" as "a, b or c".
// aKind names a JSON type as the readers' errors do: "an array", "null".
func aKind(kind string) string {
	switch {
	case kind == "null":
		return kind
	case strings.ContainsRune("aeiou", rune(kind[0])):
		return "an " + kind
	}
	return "a " + kind
}

func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// unquoteList turns `"a", "b"` into `a, b` when every item is a plain word.
func unquoteList(list string) string {
	items := strings.Split(list, ", ")
	for i, it := range items {
		s, err := strconv.Unquote(it)
		if err != nil || s == "" || strings.ContainsAny(s, " ,\"") {
			return list
		}
		items[i] = s
	}
	return strings.Join(items, ", ")
}

// caseHint points out a value that differs from an allowed one by case.
func caseHint(v *jsontree.Value, list string) string {
	if v.Kind != jsontree.String {
		return ""
	}
	for _, it := range strings.Split(list, ", ") {
		if s, err := strconv.Unquote(it); err == nil && strings.EqualFold(s, v.Str) {
			return fmt.Sprintf(" (values are case-sensitive: %q)", s)
		}
	}
	return ""
}

// compact appends v's compact JSON to b: from its source, or rebuilt from
// what it holds when a stream left it none (see detach).
func compact(b []byte, v *jsontree.Value) []byte {
	switch {
	case v.Src != nil && (v.Kind == jsontree.Object || v.Kind == jsontree.Array):
		return append(b, v.Compact()...)
	case v.Kind == jsontree.Array:
		b = append(b, '[')
		for i, item := range v.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = compact(b, item)
		}
		return append(b, ']')
	case v.Kind == jsontree.Object:
		b = append(b, '{')
		for i, m := range v.Members {
			if i > 0 {
				b = append(b, ',')
			}
			key, _ := json.Marshal(m.Key)
			b = append(append(b, key...), ':')
			b = compact(b, m.Value)
		}
		return append(b, '}')
	}
	return append(b, v.Src...)
}

// show quotes a value for a message, shortened if long.
func show(v *jsontree.Value) string {
	const max = 40
	s := string(v.Src)
	if v.Kind == jsontree.Object || v.Kind == jsontree.Array {
		s = string(compact(nil, v))
	}
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// lazyRegexp compiles expr the first time it is used, so that commands other
// than validate do not pay for it at start-up.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
