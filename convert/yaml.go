package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// yamlFormat is for hand editing: the api shape as YAML, one document per
// conversation, multi-line content as block scalars.
var yamlFormat = &Format{
	Name:        "yaml",
	Aliases:     []string{"yml"},
	Description: "YAML for hand editing; multi-line content as block scalars",
	Extensions:  []string{".yaml", ".yml"},
	PassesLong:  true,
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return newYAMLDecoder(r, jsonReader{warn: opts.Warn})
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
	signatures: true,
}

var yamlStart = lazyRegexp(`^(?:\s*#[^\n]*\n|---\s*\n|\s*\n)*(?:- role:|messages:|[a-z_]+:)`)

type yamlEncoder struct {
	w io.Writer
	n int
}

func (e *yamlEncoder) Encode(c *chat.Conversation) error {
	scalars := map[chat.Spool]*yamlScalar{}
	copying := func(_ *chat.Message, at place, sp chat.Spool) copier {
		if at == imagePlace {
			if head, err := dataURLHead(sp); err != nil || strings.Trim(head, yamlPlainHead) != "" {
				return nil
			}
		}
		y, err := readYAMLScalar(sp)
		if err != nil || y.held {
			return nil // read whole, and an error met there
		}
		scalars[sp] = y
		return copyPlain // until its place is known: placeYAMLScalars
	}
	first := e.n == 0
	e.n++
	b, splices, err := renderText(c, copying, func(c *chat.Conversation) ([]byte, error) { return renderYAML(c, first) })
	if err != nil {
		return err
	}
	b, splices = placeYAMLScalars(b, splices, scalars)
	return writeSpliced(e.w, b, splices)
}

// yamlPlainHead holds the bytes of a data: URL's head that yaml.v3 writes
// plain, a marker after them: the head of a string it writes otherwise
// would not stand as it is before the marker.
const yamlPlainHead = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789;:/+.,=-"

// renderYAML renders c as a YAML document, the first of the output or one
// after.
func renderYAML(c *chat.Conversation, first bool) ([]byte, error) {
	w := jsonWriter{style: jsonStyle{object: c.Object || len(c.Extra) > 0}}
	w.conversation(c, 0)
	var node yaml.Node
	if err := yaml.Unmarshal(escapeNonPrintable(w.b), &node); err != nil {
		return nil, err
	}
	blockStyle(&node)
	var buf bytes.Buffer
	if !first {
		buf.WriteString("---\n")
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// placeYAMLScalars gives each splice of b, rendered with a marker that
// yaml.v3 wrote as a plain scalar, the copier of its string's scalar,
// which indents a literal block from the mapping key on the marker's line.
// A literal block that ends with a line break takes the place of the
// newline after the marker.
func placeYAMLScalars(b []byte, splices []splice, scalars map[chat.Spool]*yamlScalar) ([]byte, []splice) {
	out := make([]byte, 0, len(b))
	done := 0
	placed := make([]splice, len(splices))
	for i, s := range splices {
		y := scalars[s.spool]
		line := b[bytes.LastIndexByte(b[:s.at], '\n')+1 : s.at]
		key := 0
		for key < len(line) && (line[key] == ' ' || line[key] == '-' && key+1 < len(line) && line[key+1] == ' ') {
			key++
		}
		out = append(out, b[done:s.at]...)
		done = s.at
		if s.skip > 0 && len(out) >= s.skip {
			// A data: URL's head stands before its marker, written plain
			// (yamlCopying): the scalar is the whole URL.
			out, s.skip = out[:len(out)-s.skip], 0
		}
		if y.style == yamlLiteral && y.endsInBreak && done < len(b) && b[done] == '\n' {
			done++
		}
		s.at, s.copy = len(out), y.copier(key)
		placed[i] = s
	}
	return append(out, b[done:]...), placed
}

// escapeNonPrintable writes the characters YAML's reader refuses raw (DEL,
// the C1 controls, U+FFFE and U+FFFF) and those it reads as line breaks,
// folding them (NEL, LS, PS), as JSON escapes: they can stand only inside
// the JSON text's strings, and the YAML writer then quotes and escapes
// them itself.
func escapeNonPrintable(js []byte) []byte {
	var out []byte
	for i := 0; i < len(js); {
		r, size := utf8.DecodeRune(js[i:])
		if r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfffe || r == 0xffff {
			if out == nil {
				out = append(make([]byte, 0, len(js)+16), js[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, js[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return js
	}
	return out
}

// blockStyle turns the flow style that JSON parses into into block style,
// and writes multi-line strings as literal blocks. Every string reads
// back byte for byte, and every number as the JSON text it was.
func blockStyle(n *yaml.Node) {
	quoted := n.Style&yaml.DoubleQuotedStyle != 0 // a JSON string; else a number, true, false or null
	n.Style = 0                                   // JSON's flow mappings and quoted strings become plain block YAML
	switch {
	case n.Kind != yaml.ScalarNode:
	case !quoted:
		// Untagged, it is written plain: yaml.v3 tags a number it cannot
		// hold as a float64 (1e400) a string, and would quote it.
		n.Tag = ""
	case strings.ContainsAny(n.Value, "\u0085\u2028\u2029"):
		// yaml.v3 reads NEL, LS and PS as line breaks, folding them and the
		// spaces around them outside a double-quoted string's escapes.
		n.Style = yaml.DoubleQuotedStyle
	case strings.Contains(n.Value, "\n"):
		// Literal blocks cannot faithfully hold trailing spaces on a line, a
		// carriage return, or (in yaml.v3) a leading newline, space or tab
		// (taken for indentation): such strings stay double-quoted.
		v := n.Value
		n.Style = yaml.LiteralStyle
		if strings.Contains(v, "\r") || strings.Contains(v, " \n") || strings.HasSuffix(v, " ") ||
			strings.HasPrefix(v, "\n") || strings.HasPrefix(v, " ") || strings.HasPrefix(v, "\t") {
			n.Style = yaml.DoubleQuotedStyle
		}
	case yamlResolve(n.Value) != "!!str":
		// yaml.v3 quotes what it would read as another type, but convkit
		// reads by YAML 1.2's core schema (1e400, 0o17 are numbers).
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}

func (e *yamlEncoder) Close() error { return nil }

// yamlDecoder reads a YAML stream a document at a time, so that memory
// holds about one conversation however many documents there are.
type yamlDecoder struct {
	in    *textReader
	dec   *yaml.Decoder
	jr    jsonReader
	n     int // conversations read
	convs []*chat.Conversation
	err   error // once reading has failed or ended
}

func newYAMLDecoder(r io.Reader, jr jsonReader) *yamlDecoder {
	in := newTextReader(r)
	return &yamlDecoder{in: in, dec: yaml.NewDecoder(in), jr: jr}
}

func (d *yamlDecoder) Decode() (*chat.Conversation, error) {
	for len(d.convs) == 0 {
		if d.err != nil {
			return nil, d.err
		}
		if d.err = d.document(); d.err != nil {
			if d.err == io.EOF && d.n == 0 {
				d.err = &Error{Pos: Pos{1, 1}, Msg: "empty input: no YAML document", Err: ErrEmpty}
			}
			return nil, d.err
		}
	}
	c := d.convs[0]
	d.convs[0], d.convs = nil, d.convs[1:]
	d.n++
	return c, nil
}

// document reads the next document's conversations.
func (d *yamlDecoder) document() error {
	var doc yaml.Node
	err := d.dec.Decode(&doc)
	switch {
	case d.in.err != nil:
		return d.in.err // what the reader said, or the bad byte, not yaml's view of it
	case errors.Is(err, io.EOF):
		return io.EOF
	case err != nil:
		return yamlError(err)
	}
	v, err := newYAMLTree(&doc).value(&doc, 0)
	if err != nil {
		return err
	}
	d.convs, err = d.jr.conversations(v)
	return err
}

var yamlLine = lazyRegexp(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlParserProblems are the messages of yaml.v3's parser (not its
// scanner), whose line it gives counted from 0: that of the collection
// the problem is in, or of the problem when that starts the document.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>": true, "did not find expected <document start>": true,
	"did not find expected node content": true, "did not find expected key": true,
	"did not find expected '-' indicator": true, "did not find expected ',' or ']'": true,
	"did not find expected ',' or '}'": true, "found undefined tag handle": true,
	"found duplicate %YAML directive": true, "found incompatible YAML document": true,
	"found duplicate %TAG directive": true,
}

// yamlError gives yaml.v3's messages convkit's line:col shape. yaml.v3
// gives no column, nor the line of the character at fault.
func yamlError(err error) error {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if yamlParserProblems[m[2]] {
			line++
		}
		return syntaxError(Pos{line, 1}, "%s", m[2])
	}
	return &Error{Msg: strings.TrimPrefix(msg, "yaml: "), Err: ErrSyntax}
}

// YAML aliases let a few hundred bytes stand for gigabytes ("billion
// laughs"). What aliases add to a document is bounded: as many nodes and
// bytes of scalars as the document itself holds, or yamlAliasNodes and
// yamlAliasBytes when that is more.
const (
	yamlAliasNodes = 10000
	yamlAliasBytes = 1 << 20
)

// yamlTree converts one YAML document to a located JSON value, counting
// what its aliases expand to.
type yamlTree struct {
	inAlias            int        // depth of aliases being expanded
	outer              *yaml.Node // the outermost of them
	nodes, bytes       int        // added by aliases so far
	maxNodes, maxBytes int
}

func newYAMLTree(doc *yaml.Node) *yamlTree {
	t := &yamlTree{}
	t.maxNodes, t.maxBytes = yamlSize(doc, 0)
	t.maxNodes, t.maxBytes = max(t.maxNodes, yamlAliasNodes), max(t.maxBytes, yamlAliasBytes)
	return t
}

// yamlSize counts a document's own nodes and scalar bytes, not following
// aliases.
func yamlSize(n *yaml.Node, depth int) (nodes, bytes int) {
	nodes, bytes = 1, len(n.Value)
	if depth > jsontree.MaxDepth {
		return nodes, bytes // value refuses it
	}
	for _, c := range n.Content {
		cn, cb := yamlSize(c, depth+1)
		nodes, bytes = nodes+cn, bytes+cb
	}
	return nodes, bytes
}

// value converts a YAML node to a located JSON value.
func (t *yamlTree) value(n *yaml.Node, depth int) (*jsontree.Value, error) {
	if depth > jsontree.MaxDepth {
		return nil, syntaxError(Pos{n.Line, n.Column}, "nesting deeper than %d levels", jsontree.MaxDepth)
	}
	if t.inAlias > 0 {
		t.nodes++
		t.bytes += len(n.Value)
		if t.nodes > t.maxNodes || t.bytes > t.maxBytes {
			return nil, syntaxError(Pos{t.outer.Line, t.outer.Column}, "aliases expand to more than %d nodes or %d bytes: refused", t.maxNodes, t.maxBytes)
		}
	}
	v := &jsontree.Value{Pos: jsontree.Pos{Line: n.Line, Col: n.Column}}
	bad := func(format string, args ...any) error {
		return syntaxError(Pos{n.Line, n.Column}, format, args...)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, bad("empty YAML document")
		}
		return t.value(n.Content[0], depth)
	case yaml.AliasNode:
		if t.inAlias == 0 {
			t.outer = n
		}
		t.inAlias++
		defer func() { t.inAlias-- }()
		return t.value(n.Alias, depth+1)
	case yaml.SequenceNode:
		v.Kind = jsontree.Array
		src := []byte{'['}
		for i, c := range n.Content {
			item, err := t.value(c, depth+1)
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
		var seen map[string]*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, syntaxError(Pos{k.Line, k.Column}, "a mapping key must be a plain string")
			}
			// yaml.v3 keeps both of two equal keys in a node; the JSON
			// readers refuse them, and so does this one.
			if first := seen[k.Value]; first != nil {
				return nil, syntaxError(Pos{k.Line, k.Column}, "duplicate key %q (first at %d:%d)", k.Value, first.Line, first.Column)
			}
			if seen == nil {
				seen = make(map[string]*yaml.Node, len(n.Content)/2)
			}
			seen[k.Value] = k
			item, err := t.value(val, depth+1)
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
		tag := "!!str" // quoted strings and blocks
		switch {
		case n.Style&yaml.TaggedStyle != 0:
			tag = n.ShortTag()
		case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0:
			tag = yamlResolve(n.Value)
		}
		switch tag {
		case "!!null":
			v.Kind, v.Src = jsontree.Null, []byte("null")
		case "!!bool":
			b, ok := yamlBool(n.Value)
			if !ok {
				return nil, bad("%q is not a boolean", n.Value)
			}
			v.Kind, v.Bool, v.Src = jsontree.Bool, b, []byte(strconv.FormatBool(b))
		case "!!int", "!!float":
			lit, ok := yamlNumber(n.Value)
			if !ok {
				return nil, bad("number %q has no JSON form", n.Value)
			}
			v.Kind, v.Str, v.Src = jsontree.Number, lit, []byte(lit)
		default: // strings, timestamps, binary: their text
			v.Kind, v.Str, v.Src = jsontree.String, n.Value, appendString(nil, n.Value)
		}
	}
	return v, nil
}

// YAML 1.2's core schema: what a plain scalar is read as. YAML 1.1's
// yes/no/on/off, 0b101, 1_000, sexagesimals and timestamps are strings;
// 017 is 17, 0o17 is 15.
var (
	yamlInt   = lazyRegexp(`^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$`)
	yamlFloat = lazyRegexp(`^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
)

// yamlResolve gives the core schema's tag of a plain scalar.
func yamlResolve(s string) string {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return "!!null"
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	}
	switch {
	case yamlInt().MatchString(s):
		return "!!int"
	case yamlFloat().MatchString(s):
		return "!!float"
	}
	return "!!str"
}

func yamlBool(s string) (b, ok bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

// yamlNumber gives the JSON text of a core-schema number: as written when
// JSON can hold it so (1.50, -0, 1e400, integers of any size), else in
// JSON's spelling of the same number (+1 → 1, 017 → 17, .5 → 0.5,
// 0x1F → 31). Infinities and NaN have none.
func yamlNumber(s string) (string, bool) {
	if json.Valid([]byte(s)) {
		return s, true
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x') {
		base := 8
		if s[1] == 'x' {
			base = 16
		}
		n, ok := new(big.Int).SetString(s[2:], base)
		if !ok {
			return "", false
		}
		return n.String(), true
	}
	if !yamlFloat().MatchString(s) && !yamlInt().MatchString(s) || strings.ContainsAny(s, "iInN") {
		return "", false
	}
	sign, rest := "", s
	if rest[0] == '+' || rest[0] == '-' {
		if rest[0] == '-' {
			sign = "-"
		}
		rest = rest[1:]
	}
	mant, exp := rest, ""
	if i := strings.IndexAny(rest, "eE"); i >= 0 {
		mant, exp = rest[:i], rest[i:]
	}
	whole, frac, dot := strings.Cut(mant, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	out := sign + whole
	if dot && frac != "" {
		out += "." + frac
	}
	out += exp
	if !json.Valid([]byte(out)) {
		return "", false
	}
	return out, true
}
