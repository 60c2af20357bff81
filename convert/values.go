// Helpers the formats share for the values they read and write: parsed
// JSON values, tool call arguments, data: URLs, instruction messages.

package convert

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// str returns v's string, or "" when v is not a string.
func str(v *jsontree.Value) string {
	if v != nil && v.Kind == jsontree.String {
		return v.Str
	}
	return ""
}

// items returns v's elements if it is an array: none if it is missing.
func items(v *jsontree.Value) []*jsontree.Value {
	if v != nil && v.Kind == jsontree.Array {
		return v.Items
	}
	return nil
}

// extras returns the members of v other than the named keys, verbatim.
func extras(v *jsontree.Value, known ...string) chat.Fields {
	var fs chat.Fields
next:
	for _, m := range v.Members {
		for _, k := range known {
			if m.Key == k {
				continue next
			}
		}
		fs = append(fs, chat.Field{Key: m.Key, Value: m.Value.Compact()})
	}
	return fs
}

// hasOnly reports whether every key of object v is one of keys.
func hasOnly(v *jsontree.Value, keys ...string) bool {
	return len(extras(v, keys...)) == 0
}

// argumentsJSON returns a tool call's arguments as a JSON value: the
// arguments when they are a JSON object, else nil.
func argumentsJSON(args string) json.RawMessage {
	trimmed := strings.TrimSpace(args)
	if trimmed == "" {
		return json.RawMessage("{}")
	}
	if trimmed[0] == '{' && json.Valid([]byte(trimmed)) {
		var buf bytes.Buffer
		json.Compact(&buf, []byte(trimmed))
		return buf.Bytes()
	}
	return nil
}

// dataURL splits a data: URL into its media type and base64 data.
func dataURL(u string) (mediaType, data string, ok bool) {
	rest, found := strings.CutPrefix(u, "data:")
	if !found {
		return "", "", false
	}
	head, data, found := strings.Cut(rest, ",")
	mediaType, isB64 := strings.CutSuffix(head, ";base64")
	return mediaType, data, found && isB64
}

// leadingInstructions splits off the system and developer messages a
// format keeps apart from the turns, reporting instructions found later.
func leadingInstructions(msgs []chat.Message) (instr, rest []chat.Message, late bool) {
	for i := range msgs {
		if msgs[i].Role.Instruction() {
			if len(rest) > 0 {
				late = true
			}
			instr = append(instr, msgs[i])
		} else {
			rest = append(rest, msgs[i])
		}
	}
	return instr, rest, late
}

// pythonJSON spaces compact JSON the way Python's json.dumps does by
// default (", " and ": "), as datasets and chat templates write it.
func pythonJSON(compact []byte) string {
	var b strings.Builder
	var strs jsonStrings
	for _, c := range compact {
		b.WriteByte(c)
		if strs.outside(c) && (c == ',' || c == ':') {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// jsonStrings follows JSON text byte by byte to tell what is in strings.
type jsonStrings struct {
	in, escaped bool
}

// outside reports whether c, the next byte, is outside strings and no
// quote that starts or ends one.
func (s *jsonStrings) outside(c byte) bool {
	switch {
	case s.in && s.escaped:
		s.escaped = false
	case s.in && c == '\\':
		s.escaped = true
	case c == '"':
		s.in = !s.in
	default:
		return !s.in
	}
	return false
}

// compactJSON returns raw JSON without its spaces, or as it is when it is
// not valid JSON.
func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// jsonCall is a tool call as ShareGPT datasets and Hermes-style ChatML
// write it: {"name": …, "arguments": …}.
type jsonCall struct {
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}
