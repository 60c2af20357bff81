package convert

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
)

// Shape is what Detect learns from the first bytes of an input, for the
// formats' Sniff functions to score.
type Shape struct {
	Head []byte // the first bytes, without a byte order mark
	Ext  string // the file name's extension, lower case, with the dot
	// JSON is true when the input starts like a JSON object or array.
	JSON bool
	// Lines is true when the first line holds a whole JSON value and another
	// JSON value starts on a later line, or when the input is one JSON object
	// on one line, or a .jsonl file's first line is longer than the head:
	// JSON Lines.
	Lines bool
	// paths holds the key paths seen in the first JSON value (of JSON
	// Lines, in every line of the head), such as "messages.[].role" or
	// "[].content.[].type=text".
	paths map[string]bool
}

// Has reports whether the first JSON value (of JSON Lines, a line) has
// the key path p. Paths join keys with "."; "[]" stands for any array
// element; a path may end with "=VALUE" to require a string value.
func (s *Shape) Has(p string) bool { return s.paths[p] }

// HasSuffix reports whether some key path ends with suffix.
func (s *Shape) HasSuffix(suffix string) bool {
	for p := range s.paths {
		if strings.HasSuffix(p, suffix) {
			return true
		}
	}
	return false
}

// bodyScore is the score of a provider's request body that has a member
// or a block only that provider's API takes: above api's as a document
// and, as a line of JSON Lines or one compact body, above jsonl's, which
// would read it as an OpenAI chat. The formats that score it read JSON
// Lines too, a body a line.
func (s *Shape) bodyScore() int {
	if s.Lines {
		return 45
	}
	return 25
}

// sniffBytes is how much of an input Detect reads.
const sniffBytes = 64 << 10

func newShape(head []byte, filename string) *Shape {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	s := &Shape{Head: head, Ext: strings.ToLower(filepath.Ext(filename)), paths: map[string]bool{}}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return s
	}
	s.JSON = true
	s.Lines = linesHead(trimmed, s.Ext)
	d := json.NewDecoder(bytes.NewReader(trimmed))
	// Of JSON Lines, every line the head holds: the first call of a log
	// may be one any provider takes, and the next show whose it is.
	for s.walk(d, "", 0) && s.Lines {
	}
	return s
}

// IsJSONLines reports whether an input whose first bytes are head is JSON
// Lines, or one JSON object on one line, as Detect sees it (Shape.Lines):
// what a writer in the input's format should write back.
func IsJSONLines(head []byte, filename string) bool {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && linesHead(trimmed, strings.ToLower(filepath.Ext(filename)))
}

// WrapsConversation reports whether the first JSON value of an input whose
// first bytes are head (of JSON Lines, each line of the head) holds a
// conversation inside something else: an OpenAI chat.completion response,
// a {"request", "response"} record of one API call, or a batch API line.
// The api and jsonl readers read the conversation out of these; the api
// schema describes a request's messages, not them.
func WrapsConversation(head []byte, filename string) bool {
	s := newShape(head, filename)
	return !s.Has("messages") && (s.Has("choices") || s.Has("custom_id") || s.Has("request") && s.Has("response"))
}

// linesHead is Shape.Lines of a head that starts like JSON, white space
// and byte order mark trimmed, of a file whose extension is ext.
func linesHead(trimmed []byte, ext string) bool {
	switch i := bytes.IndexByte(trimmed, '\n'); {
	case i > 0 && json.Valid(trimmed[:i]):
		rest := bytes.TrimLeft(trimmed[i:], " \t\r\n")
		return len(rest) > 0 && (rest[0] == '{' || rest[0] == '[') || len(rest) == 0 && trimmed[0] == '{'
	case i < 0 && trimmed[0] == '{' && json.Valid(trimmed):
		return true // one object on one line, without its newline
	case i < 0:
		return ext == ".jsonl" || ext == ".ndjson" // a first line longer than the head, which the name says is one of several
	}
	return false
}

// walk records the key paths of one value, to a small depth; it stops quietly
// where the head was cut off.
func (s *Shape) walk(d *json.Decoder, path string, depth int) bool {
	tok, err := d.Token()
	if err != nil {
		return false
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		if str, isStr := tok.(string); isStr && (strings.HasSuffix(path, "type") || strings.HasSuffix(path, "role") || strings.HasSuffix(path, "from") || strings.HasSuffix(path, "object")) && len(str) < 40 {
			s.paths[path+"="+str] = true
		}
		return true
	}
	join := func(key string) string {
		if path == "" {
			return key
		}
		return path + "." + key
	}
	switch delim {
	case '{':
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return false
			}
			key, _ := k.(string)
			s.paths[join(key)] = true
			if depth >= 6 {
				if !skip(d) {
					return false
				}
				continue
			}
			if !s.walk(d, join(key), depth+1) {
				return false
			}
		}
	case '[':
		for i := 0; d.More(); i++ {
			// The first elements say enough; walk a few, skip the rest.
			if i >= 3 || depth >= 6 {
				if !skip(d) {
					return false
				}
				continue
			}
			if !s.walk(d, join("[]"), depth+1) {
				return false
			}
		}
	}
	_, err = d.Token() // closing delimiter
	return err == nil
}

func skip(d *json.Decoder) bool {
	var v json.RawMessage
	return d.Decode(&v) == nil
}
