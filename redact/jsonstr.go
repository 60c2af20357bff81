package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// rewriteStrings returns the JSON document raw with each string value
// (never a key) replaced by fn(at, key, value), at being where its opening
// quote is and key the name of the member that holds it (in an array, the
// array's). Everything else, and
// every string fn leaves as it was, keeps its bytes, so the document keeps
// its structure and its layout.
func rewriteStrings(raw []byte, fn func(at int, key, value string) string) ([]byte, error) {
	type frame struct {
		object    bool
		expectKey bool
		key       string
	}
	stack := []frame{{key: ""}}
	var out []byte // nil until a string changes
	last := 0
	for i := 0; i < len(raw); i++ {
		top := &stack[len(stack)-1]
		switch c := raw[i]; c {
		case '{':
			stack = append(stack, frame{object: true, expectKey: true, key: top.key})
		case '[':
			stack = append(stack, frame{key: top.key})
		case '}', ']':
			if len(stack) == 1 {
				return nil, fmt.Errorf("unbalanced %q", c)
			}
			stack = stack[:len(stack)-1]
		case ',':
			if top.object {
				top.expectKey = true
			}
		case ':':
			top.expectKey = false
		case '"':
			end := stringEnd(raw, i)
			if end < 0 {
				return nil, fmt.Errorf("unterminated string")
			}
			var s string
			if err := json.Unmarshal(raw[i:end], &s); err != nil {
				return nil, err
			}
			if top.object && top.expectKey {
				top.key = s
			} else if t := fn(i, top.key, s); t != s {
				out = append(out, raw[last:i]...)
				out = appendJSONString(out, t)
				last = end
			}
			i = end - 1
		}
	}
	if out == nil {
		return raw, nil
	}
	return append(out, raw[last:]...), nil
}

// stringEnd returns the index just past the JSON string that opens at i,
// or -1.
func stringEnd(raw []byte, i int) int {
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// appendJSONString appends s as a JSON string, without escaping <, > and &
// as encoding/json does by default.
func appendJSONString(dst []byte, s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return append(dst, bytes.TrimRight(b.Bytes(), "\n")...)
}
