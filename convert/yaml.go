package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// yamlFormat is for hand editing: the api shape as YAML, one document per
// conversation, multi-line content as block scalars.
var yamlFormat = &Format{
	Name:        "yaml",
	Description: "YAML for hand editing; multi-line content as block scalars",
	Extensions:  []string{".yaml", ".yml"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		jr := jsonReader{warn: opts.Warn}
		return &documentDecoder{r: r, parse: func(data []byte) ([]*chat.Conversation, error) {
			return parseYAML(data, &jr)
		}}
	},
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &yamlEncoder{w: w}
	},
	Sniff: func(s *Shape) int {
		switch {
		case s.JSON:
			return 0
		case s.Ext == ".yaml" || s.Ext == ".yml":
			return 50
		case yamlStart().Match(s.Head):
			return 20
		}
		return 0
	},
}

var yamlStart = lazyRegexp(`^(?:\s*#[^\n]*\n|---\s*\n|\s*\n)*(?:- role:|messages:|[a-z_]+:)`)

type yamlEncoder struct {
	w io.Writer
	n int
}

func (e *yamlEncoder) Encode(c *chat.Conversation) error {
	w := jsonWriter{style: jsonStyle{object: c.Object || len(c.Extra) > 0}}
	w.conversation(c, 0)
	var node yaml.Node
	if err := yaml.Unmarshal(w.b, &node); err != nil {
		return err
	}
	blockStyle(&node)
	var buf bytes.Buffer
	if e.n > 0 {
		buf.WriteString("---\n")
	}
	e.n++
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := e.w.Write(buf.Bytes())
	return err
}

// blockStyle turns the flow style that JSON parses into into block style,
// and writes multi-line strings as literal blocks.
func blockStyle(n *yaml.Node) {
	n.Style = 0 // JSON's flow mappings and quoted strings become plain block YAML
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.Contains(n.Value, "\n") {
		// Literal blocks cannot faithfully hold trailing spaces on a line, a
		// carriage return, or (in yaml.v3) a leading newline or space: such
		// strings stay double-quoted.
		v := n.Value
		n.Style = yaml.LiteralStyle
		if strings.Contains(v, "\r") || strings.Contains(v, " \n") || strings.HasSuffix(v, " ") ||
			strings.HasPrefix(v, "\n") || strings.HasPrefix(v, " ") {
			n.Style = yaml.DoubleQuotedStyle
		}
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}

func (e *yamlEncoder) Close() error { return nil }

// parseYAML reads every document of a YAML stream.
func parseYAML(data []byte, jr *jsonReader) ([]*chat.Conversation, error) {
	if err := checkUTF8(data); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var convs []*chat.Conversation
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(err)
		}
		v, err := yamlValue(&doc, 0)
		if err != nil {
			return nil, err
		}
		cs, err := jr.conversations(v)
		if err != nil {
			return nil, err
		}
		convs = append(convs, cs...)
	}
	if len(convs) == 0 {
		return nil, &Error{Pos{1, 1}, "empty input: no YAML document"}
	}
	return convs, nil
}

var yamlLine = lazyRegexp(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlError gives yaml.v3's messages convkit's line:col shape.
func yamlError(err error) error {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Pos{line, 1}, m[2]}
	}
	return &Error{Msg: strings.TrimPrefix(msg, "yaml: ")}
}

// yamlValue converts a YAML node to a located JSON value.
func yamlValue(n *yaml.Node, depth int) (*jsontree.Value, error) {
	if depth > jsontree.MaxDepth {
		return nil, &Error{Pos{n.Line, n.Column}, "nesting too deep"}
	}
	v := &jsontree.Value{Pos: jsontree.Pos{Line: n.Line, Col: n.Column}}
	bad := func(format string, args ...any) error {
		return &Error{Pos{n.Line, n.Column}, fmt.Sprintf(format, args...)}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, bad("empty YAML document")
		}
		return yamlValue(n.Content[0], depth)
	case yaml.AliasNode:
		return yamlValue(n.Alias, depth+1)
	case yaml.SequenceNode:
		v.Kind = jsontree.Array
		src := []byte{'['}
		for i, c := range n.Content {
			item, err := yamlValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			if i > 0 {
				src = append(src, ',')
			}
			src = append(src, item.Src...)
			v.Items = append(v.Items, item)
		}
		v.Src = append(src, ']')
	case yaml.MappingNode:
		v.Kind = jsontree.Object
		src := []byte{'{'}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{Pos{k.Line, k.Column}, "a mapping key must be a plain string"}
			}
			item, err := yamlValue(val, depth+1)
			if err != nil {
				return nil, err
			}
			if i > 0 {
				src = append(src, ',')
			}
			src = appendString(src, k.Value)
			src = append(src, ':')
			src = append(src, item.Src...)
			v.Members = append(v.Members, &jsontree.Member{Key: k.Value, KeyPos: jsontree.Pos{Line: k.Line, Col: k.Column}, Value: item})
		}
		v.Src = append(src, '}')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			v.Kind, v.Src = jsontree.Null, []byte("null")
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, bad("%v", err)
			}
			v.Kind, v.Bool, v.Src = jsontree.Bool, b, []byte(strconv.FormatBool(b))
		case "!!int", "!!float":
			lit := n.Value
			if !json.Valid([]byte(lit)) { // 0x1F, 1_000, +1, .5 …: rewrite as JSON
				var f float64
				if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
					return nil, bad("number %q has no JSON form", n.Value)
				}
				lit = strconv.FormatFloat(f, 'g', -1, 64)
			}
			v.Kind, v.Str, v.Src = jsontree.Number, lit, []byte(lit)
		default: // strings, timestamps, binary: their text
			v.Kind, v.Str, v.Src = jsontree.String, n.Value, appendString(nil, n.Value)
		}
	}
	return v, nil
}
