package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/convkit/convkit/internal/jsontree"
)

// The trainers' shapes (docs/formats.md): a schema each, named as the
// format that reads it. Their files hold the shape's own fields and refer
// to jsonl-line's definitions of a message, a tool…, which Source copies
// in, so that the schema convkit prints stands alone. They are compiled
// as the chat schemas are (compiled.go; they keep to its keywords), and
// what a schema cannot say — that TRL's fields are of one kind, OpenAI's
// one-message answers, Alpaca's two-item history turns — is checked in
// Go (shapeChecks).
var shapeNames = []string{"trl-completion", "trl-preference", "trl-unpaired", "openai-preference", "alpaca"}

// ForOpenAI says whether a dataset of examples of shape (Stats.Shape) is
// one OpenAI's fine-tuning takes: its chat examples or its preference
// pairs. Its prices and minimum number of examples mean nothing for the
// others, which open-model trainers read.
func ForOpenAI(shape string) bool { return shape == "" || shape == "openai-preference" }

func isShape(name string) bool {
	for _, n := range shapeNames {
		if n == name {
			return true
		}
	}
	return false
}

// shapeSource returns a shape's schema with the $defs of jsonl-line it
// lacks, members in the order the files have them.
func shapeSource(name string) ([]byte, error) {
	src, err := files.ReadFile(name + ".schema.json")
	if err != nil {
		return nil, err
	}
	line, err := files.ReadFile("jsonl-line.schema.json")
	if err != nil {
		return nil, err
	}
	doc, err := orderedMembers(src)
	if err != nil {
		return nil, err
	}
	lineDoc, err := orderedMembers(line)
	if err != nil {
		return nil, err
	}
	defs, err := orderedMembers(doc.get("$defs"))
	if err != nil {
		return nil, err
	}
	lineDefs, err := orderedMembers(lineDoc.get("$defs"))
	if err != nil {
		return nil, err
	}
	for _, m := range lineDefs {
		if defs.get(m.key) == nil {
			defs = append(defs, m)
		}
	}
	for i := range doc {
		if doc[i].key == "$defs" {
			doc[i].value = defs.json()
		}
	}
	var b bytes.Buffer
	if err := json.Indent(&b, doc.json(), "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// members are a JSON object's, in order.
type members []struct {
	key   string
	value json.RawMessage
}

// orderedMembers reads a JSON object's members in order.
func orderedMembers(data []byte) (members, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var out members
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, struct {
			key   string
			value json.RawMessage
		}{t.(string), v})
	}
	return out, nil
}

func (ms members) get(key string) json.RawMessage {
	for _, m := range ms {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// json writes the members as a compact object.
func (ms members) json() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		json.Compact(&b, m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// ShapeOf names the trainer's shape a record is in, by its keys, or
// returns "" for a chat (or anything else).
func ShapeOf(v *jsontree.Value) string {
	if v == nil || v.Kind != jsontree.Object || v.Get("messages") != nil {
		return ""
	}
	has := func(k string) bool { return v.Get(k) != nil }
	switch {
	case has("preferred_output") || has("non_preferred_output") || (has("input") && v.Get("input").Kind == jsontree.Object):
		return "openai-preference"
	case has("instruction"):
		return "alpaca"
	case has("chosen") || has("rejected"):
		return "trl-preference"
	case has("label"):
		return "trl-unpaired"
	case has("prompt") || has("completion"):
		return "trl-completion"
	}
	return ""
}

// ShapeOfJSON is ShapeOf for a JSON text; "" when it is not JSON.
func ShapeOfJSON(data []byte) string {
	root, err := jsontree.Parse(data, jsontree.Options{})
	if err != nil {
		return ""
	}
	return ShapeOf(root)
}

// LineSchemaOf names the embedded schema for a line of JSON Lines: its
// shape's, jsonl-line for another JSON object, "" when it is not one.
func LineSchemaOf(line []byte) string {
	root, err := jsontree.Parse(line, jsontree.Options{})
	if err != nil || root.Kind != jsontree.Object {
		return ""
	}
	if s := ShapeOf(root); s != "" {
		return s
	}
	return "jsonl-line"
}

// SetShape says which schema checks the lines of the next inputs: a
// shape's name, "jsonl-line", or "" to tell each line's shape by its keys
// (ShapeOf). A schema of the user's (Options.Schema) overrides it.
func (v *Validator) SetShape(name string) { v.shape = name }

// lineSchema names the embedded schema that checks a line.
func (v *Validator) lineSchema(ex *jsontree.Value) string {
	if s := v.opts.Schema; s != nil { // the user's, or one they named
		if isShape(s.Name) {
			return s.Name
		}
		return "jsonl-line"
	}
	if v.shape != "" {
		return v.shape
	}
	if s := ShapeOf(ex); s != "" {
		return s
	}
	return "jsonl-line"
}

// record checks one record of a trainer's shape: its schema, the rules on
// each of its message lists, what the schema cannot say, and with
// FineTune the trainer's needs. It returns the problems and the number of
// messages of prompt + chosen completion.
func (v *Validator) record(ex *jsontree.Value, ptr, name string) (probs []Problem, messages int) {
	s, err := v.shapeSchema(name)
	if err != nil {
		return []Problem{{Pos: Pos(ex.Pos), Pointer: ptr, Msg: err.Error(), Rule: RuleSchema}}, 0
	}
	probs = s.Validate(ex, ptr)
	if ex.Kind != jsontree.Object || s.Name != name { // another schema of the user's: no more to say
		return probs, 0
	}
	seen := map[string]bool{}
	for _, p := range probs {
		seen[p.Pointer] = true
	}
	add := func(p Problem) {
		if !seen[p.Pointer] {
			probs = append(probs, p)
		}
	}
	lists := shapeLists(ex, name)
	for _, l := range lists {
		if l.v.Kind != jsontree.Array {
			continue
		}
		for _, p := range checkRules(l.v, ptr+l.ptr) {
			// The rules that hold of a message by itself: a list is one
			// part of a conversation, whose calls may be answered in another.
			if p.Rule == RuleUnknownRole || p.Rule == RuleEmptyContent {
				add(p)
			}
		}
	}
	for _, l := range lists {
		switch {
		case !l.counted:
		case l.v.Kind == jsontree.Array:
			messages += len(l.v.Items)
		case l.v.Kind == jsontree.String: // TRL's standard form: one message
			messages++
		}
	}
	for _, p := range v.shapeChecks(ex, ptr, name, lists) {
		add(p)
	}
	return probs, messages
}

// shapeSchema returns the schema that checks a record of a shape: the
// user's, or the shape's own, closed to unknown fields with Strict, and
// with FineTune for OpenAI's, whose fine-tuning refuses them (TRL and
// LLaMA-Factory leave a dataset's other columns alone).
func (v *Validator) shapeSchema(name string) (*Schema, error) {
	if v.opts.Schema != nil {
		return v.opts.Schema, nil
	}
	return Builtin(name, v.opts.Strict || v.opts.FineTune && name == "openai-preference")
}

// list is one of a record's prompt and completions.
type list struct {
	key     string // as the record names it
	ptr     string // its pointer in the record
	v       *jsontree.Value
	counted bool // part of prompt + chosen
}

// shapeLists returns the prompt and completions a record of a shape has.
func shapeLists(ex *jsontree.Value, name string) []list {
	var keys []string
	switch name {
	case "trl-completion", "trl-unpaired":
		keys = []string{"prompt", "completion"}
	case "trl-preference":
		keys = []string{"prompt", "chosen", "rejected"}
	case "openai-preference":
		keys = []string{"input/messages", "preferred_output", "non_preferred_output"}
	}
	var out []list
	for _, k := range keys {
		var lv *jsontree.Value
		if k == "input/messages" {
			if in := ex.Get("input"); in != nil && in.Kind == jsontree.Object {
				lv = in.Get("messages")
			}
		} else {
			lv = ex.Get(k)
		}
		if lv != nil {
			out = append(out, list{k, "/" + k, lv, k != "rejected" && k != "non_preferred_output"})
		}
	}
	return out
}

// shapeChecks are what a shape's schema cannot say.
func (v *Validator) shapeChecks(ex *jsontree.Value, ptr, name string, lists []list) []Problem {
	var probs []Problem
	bad := func(at *jsontree.Value, p, rule, format string, args ...any) {
		probs = append(probs, Problem{Pos: Pos(at.Pos), Pointer: ptr + p, Rule: rule, Msg: fmt.Sprintf(format, args...)})
	}
	switch name {
	case "trl-completion", "trl-unpaired", "trl-preference":
		// TRL's is_conversational: all lists of messages, or all strings.
		var first *list
		for i := range lists {
			l := &lists[i]
			if l.v.Kind != jsontree.String && l.v.Kind != jsontree.Array {
				continue
			}
			if first == nil {
				first = l
				continue
			}
			if (l.v.Kind == jsontree.Array) != (first.v.Kind == jsontree.Array) {
				bad(l.v, l.ptr, RuleShapeMixed, "%s, while %s is %s: TRL wants %s all strings or all lists of messages",
					kindOf(l.v), first.key, kindOf(first.v), joinKeys(lists))
			}
		}
		if v.opts.FineTune {
			for _, l := range lists {
				if l.key != "prompt" && (l.v.Kind == jsontree.Array && len(l.v.Items) == 0 || l.v.Kind == jsontree.String && isBlank(l.v)) {
					bad(l.v, l.ptr, RuleEmptyCompletion, "%s is empty: nothing to train on", l.key)
				}
			}
		}
	case "alpaca":
		// A history turn is [instruction, response]: the compiled check
		// has no maxItems, so the schema says "at least two".
		if h := ex.Get("history"); h != nil && h.Kind == jsontree.Array {
			for i, turn := range h.Items {
				if turn.Kind == jsontree.Array && len(turn.Items) > 2 {
					bad(turn.Items[2], "/history/"+strconv.Itoa(i)+"/2", RuleSchema, "a history turn is [instruction, response]: %d items", len(turn.Items))
				}
			}
		}
	case "openai-preference":
		if !v.opts.FineTune {
			break
		}
		// The guide: "we only train on one-turn conversations for each
		// example, where the preferred and non-preferred messages need to
		// be the last assistant message".
		for _, l := range lists {
			if l.key == "input/messages" || l.v.Kind != jsontree.Array || len(l.v.Items) == 0 {
				continue
			}
			if len(l.v.Items) != 1 {
				bad(l.v, l.ptr, RulePreferenceOutput, "%d messages: preference fine-tuning takes one assistant message here", len(l.v.Items))
				continue
			}
			if r := l.v.Items[0].Get("role"); r != nil && r.Kind == jsontree.String && r.Str != "assistant" {
				bad(r, l.ptr+"/0/role", RulePreferenceOutput, "a %s message: preference fine-tuning takes one assistant message here", r.Str)
			}
		}
		if len(lists) > 0 && lists[0].key == "input/messages" && lists[0].v.Kind == jsontree.Array && len(lists[0].v.Items) > 0 {
			msgs := lists[0].v
			last := msgs.Items[len(msgs.Items)-1]
			if r := last.Get("role"); r != nil && r.Kind == jsontree.String && r.Str != "user" {
				probs = append(probs, Problem{Pos: Pos(r.Pos), Pointer: ptr + "/input/messages/" + strconv.Itoa(len(msgs.Items)-1) + "/role", Rule: RulePreferenceOutput, Warning: true,
					Msg: fmt.Sprintf("the prompt ends with a message of role %s: the preferred and non-preferred outputs answer its last user message", r.Str)})
			}
		}
	}
	return probs
}

// Rules of the trainers' shapes.
const (
	RuleShapeMixed       = "shape-mixed"       // TRL: a record's prompt and completions of different kinds
	RuleEmptyCompletion  = "empty-completion"  // fine-tuning: a completion with nothing in it
	RulePreferenceOutput = "preference-output" // fine-tuning: an OpenAI preference output that is not one assistant message
)

func kindOf(v *jsontree.Value) string {
	if v.Kind == jsontree.Array {
		return "a list of messages"
	}
	return "a string"
}

func joinKeys(lists []list) string {
	s := ""
	for i, l := range lists {
		switch {
		case i == 0:
		case i == len(lists)-1:
			s += " and "
		default:
			s += ", "
		}
		s += l.key
	}
	return s
}

// line checks one line of JSON Lines (not for FineTune).
func (v *Validator) line(ex *jsontree.Value, report func(Problem)) {
	name := v.lineSchema(ex)
	if !isShape(name) {
		v.conversation(ex, "", name, report)
		return
	}
	probs, _ := v.record(ex, "", name)
	emit(probs, v.opts.Strict, report)
}

// documentOfShape checks a JSON document of a trainer's shape — one
// record, or an array of them — and reports whether it was one.
func (v *Validator) documentOfShape(root *jsontree.Value, report func(Problem)) bool {
	first := root
	if root.Kind == jsontree.Array && len(root.Items) > 0 {
		first = root.Items[0]
	}
	name := ShapeOf(first)
	if s := v.opts.Schema; s != nil {
		name = ""
		if isShape(s.Name) {
			name = s.Name
		}
	}
	if name == "" {
		return false
	}
	if root.Kind != jsontree.Array {
		probs, _ := v.record(root, "", name)
		emit(probs, v.opts.Strict, report)
		return true
	}
	for i, item := range root.Items {
		probs, _ := v.record(item, "/"+strconv.Itoa(i), name)
		emit(probs, v.opts.Strict, report)
	}
	return true
}

// shapeExample checks one fine-tuning example of a trainer's shape and
// adds it to st.
func (v *Validator) shapeExample(ex *jsontree.Value, line []byte, name string, st *Stats, report func(Problem)) {
	probs, messages := v.record(ex, "", name)
	st.Examples++
	st.Shape = name
	if ex.Kind == jsontree.Object {
		st.Messages = append(st.Messages, messages)
		roles := map[string]bool{}
		for _, l := range shapeLists(ex, name) {
			if l.v.Kind == jsontree.String && l.key == "prompt" { // TRL's standard form: a user's text
				roles["user"] = true
			}
			if l.v.Kind == jsontree.Array && l.counted {
				for _, m := range l.v.Items {
					if r := m.Get("role"); r != nil && r.Kind == jsontree.String {
						roles[r.Str] = true
					}
				}
			}
		}
		if !roles["system"] && !roles["developer"] {
			st.MissingSystem++
		}
		if !roles["user"] {
			st.MissingUser++
		}
	}
	v.finishExample(ex, line, probs, st, report)
}
