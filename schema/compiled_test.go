package schema

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convkit/convkit/internal/jsontree"
	"github.com/convkit/convkit/internal/longtest"
)

// TestCompiledCoversBuiltins checks that every embedded schema, strict or
// not, compiles to the compiled check (a keyword it lacks would silently
// bring back the general engine's cost). The providers' body schemas are
// the general engine's: they check one request body, read whole, only
// when --schema names them.
func TestCompiledCoversBuiltins(t *testing.T) {
	for _, name := range compiledNames() {
		for _, strict := range []bool{false, true} {
			s, err := Builtin(name, strict)
			if err != nil {
				t.Fatal(err)
			}
			if s.fast == nil {
				src, _ := builtinSource(name, strict)
				_, err := compileFast(src)
				t.Errorf("%s (strict %v) is checked by the general engine: %v", name, strict, err)
			}
		}
	}
}

// TestCompiledRefusesUnknownKeywords checks that a schema using a keyword
// the compiled check does not know is refused, not half checked.
func TestCompiledRefusesUnknownKeywords(t *testing.T) {
	for _, src := range []string{
		`{"$defs": {}, "type": "object", "oneOf": [true]}`,
		`{"$defs": {}, "properties": {"a": {"maxLength": 3}}}`,
		`{"$defs": {}, "enum": [[1]]}`,
		`{"$defs": {}, "$ref": "other.json"}`,
	} {
		if _, err := compileFast([]byte(src)); err == nil {
			t.Errorf("%s: compiled", src)
		}
	}
}

// TestCompiledSameProblems checks that the compiled check finds exactly
// the problems the general engine finds with the schemas as written (same
// verdict, places, pointers and messages), on every JSON document of
// testdata and on mutations of them: each value replaced by values of
// every kind, each member removed, unknown members added, items removed
// and repeated.
func TestCompiledSameProblems(t *testing.T) {
	docs := testdataDocuments(t)
	d := newDifferential(t)
	for _, v := range docs {
		d.compare(v)
	}
	if d.problems < 100 {
		t.Errorf("only %d problems compared on testdata", d.problems)
	}
	before, invalid := d.problems, d.invalid
	// A sample of the documents and their mutations: a larger one under
	// -tags long (every one would take half an hour).
	mutated := 0
	for _, v := range every(docs, longtest.Scale(16, 6)) {
		for _, m := range every(mutations(v), longtest.Scale(23, 6)) {
			mv, err := jsontree.Parse(m, jsontree.Options{})
			if err != nil {
				t.Fatalf("mutation is not JSON: %s", m)
			}
			d.compare(mv)
			mutated++
		}
	}
	t.Logf("%d documents, %d mutations, %d problems compared, %d invalid verdicts", len(docs), mutated, d.problems, d.invalid)
	if mutated < 200 || d.problems-before < 1000 || d.invalid-invalid < 100 {
		t.Errorf("mutations: %d documents gave %d problems, %d invalid verdicts", mutated, d.problems-before, d.invalid-invalid)
	}
}

// TestCompiledSameProblemsRandom compares the two on random documents
// shaped like conversations: roles, part and call types, every field the
// schemas name and some they do not, values of every kind.
func TestCompiledSameProblemsRandom(t *testing.T) {
	d := newDifferential(t)
	g := &generator{r: rand.New(rand.NewPCG(22, 2)), keys: schemaKeys(t)}
	n := longtest.Scale(300, 10000)
	for range n {
		data := g.document()
		v, err := jsontree.Parse(data, jsontree.Options{})
		if err != nil {
			t.Fatalf("random document is not JSON: %s", data)
		}
		d.compare(v)
	}
	t.Logf("%d random documents, %d of %d verdicts invalid, %d problems compared", n, d.invalid, d.verdicts, d.problems)
	if d.invalid < d.verdicts/4 || d.invalid > d.verdicts*95/100 {
		t.Errorf("%d of %d verdicts on random documents are invalid: the generator tests too little", d.invalid, d.verdicts)
	}
}

// FuzzCompiledSameProblems compares the two on any JSON. Its seeds
// (testdata's documents) run in plain go test; go test -fuzz runs it on.
func FuzzCompiledSameProblems(f *testing.F) {
	for _, v := range testdataDocuments(f) {
		f.Add(compact(nil, v))
	}
	d := newDifferential(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := jsontree.Parse(data, jsontree.Options{})
		if err != nil {
			return
		}
		d.t = t
		d.compare(v)
	})
}

// every returns every nth element of s.
func every[T any](s []T, n int) []T {
	var out []T
	for i := 0; i < len(s); i += n {
		out = append(out, s[i])
	}
	return out
}

// differential compares the compiled check with the general engine.
type differential struct {
	t                 testing.TB
	engine, compiled  []*Schema
	labels            []string
	problems, invalid int
	verdicts          int
}

func newDifferential(t testing.TB) *differential {
	d := &differential{t: t}
	for _, name := range compiledNames() {
		for _, strict := range []bool{false, true} {
			src, err := builtinSource(name, strict)
			if err != nil {
				t.Fatal(err)
			}
			engine, err := Compile(name, src)
			if err != nil {
				t.Fatal(err)
			}
			compiled, err := Builtin(name, strict)
			if err != nil {
				t.Fatal(err)
			}
			if compiled.fast == nil {
				t.Fatalf("%s (strict %v) is not compiled", name, strict)
			}
			d.engine = append(d.engine, engine)
			d.compiled = append(d.compiled, compiled)
			d.labels = append(d.labels, fmt.Sprintf("%s (strict %v)", name, strict))
		}
	}
	return d
}

func (d *differential) compare(v *jsontree.Value) {
	d.t.Helper()
	for i := range d.engine {
		want, got := d.engine[i].Validate(v, "/7"), d.compiled[i].Validate(v, "/7")
		if !reflect.DeepEqual(got, want) {
			d.t.Errorf("%s on %s:\ngot  %v\nwant %v", d.labels[i], compact(nil, v), got, want)
		}
		d.problems += len(want)
		d.verdicts++
		if len(want) > 0 {
			d.invalid++
		}
	}
}

// builtinSource is an embedded schema's source as Builtin compiles it.
func builtinSource(name string, strict bool) ([]byte, error) {
	src, err := Source(name)
	if err == nil && strict {
		src, err = closeExtra(src)
	}
	return src, err
}

// testdataDocuments returns every JSON document of testdata (the bad files,
// the good ones, the scripts'), and every line that is an object.
func testdataDocuments(t testing.TB) []*jsontree.Value {
	var paths []string
	for _, pattern := range []string{"../testdata/bad/*.json*", "../testdata/validate/*", "../testdata/script/*.txtar", "../testdata/formats/*/*.json*"} {
		p, _ := filepath.Glob(pattern)
		paths = append(paths, p...)
	}
	var values []*jsontree.Value
	add := func(data []byte) {
		if v, err := jsontree.Parse(data, jsontree.Options{}); err == nil {
			values = append(values, v)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if v, err := jsontree.Parse(line, jsontree.Options{}); err == nil && v.Kind == jsontree.Object {
				values = append(values, v)
			}
		}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(p) != ".txtar" {
			add(data)
			continue
		}
		for _, f := range txtar.Parse(data).Files {
			add(f.Data)
		}
	}
	if len(values) < 100 {
		t.Fatalf("only %d documents", len(values))
	}
	return values
}

// replacements are the values a mutation puts in place of another.
var replacements = []string{
	`null`, `true`, `false`, `0`, `1`, `1.0`, `2.5`, `-1`, `3`, `1e2`, `1e400`,
	`""`, `" "`, `"x"`, `"a b"`, `"User"`, `"user"`, `"assistant"`, `"tool"`, `"function"`, `"system"`, `"developer"`,
	`"text"`, `"image_url"`, `"input_audio"`, `"refusal"`, `"file"`, `"custom"`, `"wav"`, `"high"`, `"get_weather"`, `"bad name!"`,
	`[]`, `{}`, `[{}]`, `[1]`, `{"type":"text"}`, `[{"type":"text","text":"hi"}]`, `{"name":"f","arguments":"{}"}`,
}

// mutations returns v's document mutated at each place, one change each.
func mutations(v *jsontree.Value) [][]byte {
	var out [][]byte
	var walk func(at *jsontree.Value)
	walk = func(at *jsontree.Value) {
		for _, r := range replacements {
			out = append(out, compact(nil, replaced(v, at, &jsontree.Value{Kind: jsontree.Number, Src: []byte(r)})))
		}
		switch at.Kind {
		case jsontree.Object:
			for i := range at.Members {
				out = append(out, renderObject(v, at, func(ms []*jsontree.Member) []*jsontree.Member { return slices.Delete(slices.Clone(ms), i, i+1) }))
			}
			for _, key := range []string{"zz", "", "a b", "a/b~", "content", "role", "type", "tool_calls", "name", "audio", "function_call", "weight", "metadata"} {
				if at.Get(key) == nil {
					out = append(out, renderObject(v, at, func(ms []*jsontree.Member) []*jsontree.Member {
						return append(slices.Clone(ms), &jsontree.Member{Key: key, Value: &jsontree.Value{Kind: jsontree.String, Src: []byte(`"x"`)}})
					}))
				}
			}
			for _, m := range at.Members {
				walk(m.Value)
			}
		case jsontree.Array:
			for i := range at.Items {
				out = append(out, renderArray(v, at, slices.Delete(slices.Clone(at.Items), i, i+1)))
			}
			if len(at.Items) > 0 {
				out = append(out, renderArray(v, at, append(slices.Clone(at.Items), at.Items[0])))
			}
			for _, item := range at.Items {
				walk(item)
			}
		}
	}
	walk(v)
	return out
}

func renderObject(root, at *jsontree.Value, change func([]*jsontree.Member) []*jsontree.Member) []byte {
	return compact(nil, replaced(root, at, &jsontree.Value{Kind: jsontree.Object, Members: change(at.Members)}))
}

func renderArray(root, at *jsontree.Value, items []*jsontree.Value) []byte {
	return compact(nil, replaced(root, at, &jsontree.Value{Kind: jsontree.Array, Items: items}))
}

// replaced returns a copy of v with the value at replaced by with. The
// arrays and objects it copies hold no source: compact rebuilds them.
func replaced(v, at, with *jsontree.Value) *jsontree.Value {
	if v == at {
		return with
	}
	c := &jsontree.Value{Kind: v.Kind, Src: v.Src}
	switch v.Kind {
	case jsontree.Array:
		c.Src = nil
		for _, item := range v.Items {
			c.Items = append(c.Items, replaced(item, at, with))
		}
	case jsontree.Object:
		c.Src = nil
		for _, m := range v.Members {
			c.Members = append(c.Members, &jsontree.Member{Key: m.Key, Value: replaced(m.Value, at, with)})
		}
	}
	return c
}

// schemaKeys returns every property name the embedded schemas give, and
// some they do not.
func schemaKeys(t *testing.T) []string {
	set := map[string]bool{"zz": true, "a b": true}
	for _, name := range names {
		doc, defs, err := decodeSchema(mustSource(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, sub := range v {
					if k == "properties" {
						if props, ok := sub.(map[string]any); ok {
							for p := range props {
								set[p] = true
							}
						}
					}
					walk(sub)
				}
			case []any:
				for _, sub := range v {
					walk(sub)
				}
			}
		}
		walk(doc)
		walk(defs)
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func mustSource(t *testing.T, name string) []byte {
	src, err := Source(name)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// generator makes random documents shaped like conversations. A third of
// them hold only values of the kinds the schemas want; in the others one
// value in chaos is of any kind, or a field is left out.
type generator struct {
	r     *rand.Rand
	keys  []string
	chaos int // 0: none
}

func (g *generator) junk() bool { return g.chaos > 0 && g.r.IntN(g.chaos) == 0 }

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// document returns an object with messages (and other fields) or an array
// of messages.
func (g *generator) document() []byte {
	g.chaos = []int{0, 40, 8}[g.r.IntN(3)]
	msgs := make([]string, 1+g.r.IntN(4))
	meta := g.r.IntN(2) == 0
	for i := range msgs {
		msgs[i] = g.message(meta)
	}
	array := "[" + join(msgs) + "]"
	if g.r.IntN(4) == 0 {
		return []byte(array)
	}
	fields := []string{`"messages":` + array}
	seen := map[string]bool{"messages": true}
	for g.junk() {
		if k := g.pick(g.keys); !seen[k] {
			seen[k] = true
			fields = append(fields, strconv.Quote(k)+":"+g.value(k, 2, nil))
		}
	}
	g.r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	return []byte("{" + join(fields) + "}")
}

// partTypes are the part types each role may use.
var partTypes = map[string][]string{
	`"system"`: {`"text"`}, `"developer"`: {`"text"`}, `"tool"`: {`"text"`},
	`"user"`:      {`"text"`, `"image_url"`, `"input_audio"`, `"file"`},
	`"assistant"`: {`"text"`, `"refusal"`},
}

// message returns a message with the fields its role needs.
func (g *generator) message(meta bool) string {
	role := g.pick([]string{`"system"`, `"developer"`, `"user"`, `"user"`, `"assistant"`, `"assistant"`, `"tool"`, `"function"`})
	if g.junk() {
		role = g.pick([]string{`"User"`, `"bot"`, `1`, `null`})
	}
	fields := []string{"content"}
	if meta {
		fields = append(fields, "metadata")
	}
	switch role {
	case `"tool"`:
		fields = append(fields, "tool_call_id")
	case `"function"`:
		fields = append(fields, "name")
	case `"assistant"`:
		if g.r.IntN(3) == 0 {
			fields = append(fields, "tool_calls")
		}
	}
	o := g.object(3, partTypes[role], fields...)
	if g.junk() || strings.Contains(o, `"role":`) {
		return o // no role, or one among the other fields
	}
	return fixComma(`{"role":` + role + "," + o[1:])
}

// object returns an object of the keys of first (each but now and then)
// and now and then another; types are the part types content may hold.
func (g *generator) object(depth int, types []string, first ...string) string {
	seen := map[string]bool{}
	var fields []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			fields = append(fields, strconv.Quote(k)+":"+g.value(k, depth, types))
		}
	}
	for _, k := range first {
		if !g.junk() {
			add(k)
		}
	}
	for g.junk() {
		add(g.pick(g.keys))
	}
	return "{" + join(fields) + "}"
}

// usual are the values the schemas want for some keys.
var usual = map[string][]string{
	"type":            {`"function"`},
	"weight":          {`0`, `1`, `0.0`},
	"detail":          {`"auto"`, `"low"`, `"high"`},
	"format":          {`"wav"`, `"mp3"`},
	"name":            {`"get_weather"`, `"f"`},
	"text":            {`"hi"`, `""`, `" "`},
	"content":         {`"hi"`, `"hi"`, `""`},
	"tool_call_id":    {`"c1"`, `"c2"`},
	"id":              {`"c1"`, `"c2"`},
	"arguments":       {`"{}"`},
	"url":             {`"https://x/y.png"`},
	"data":            {`"AAAA"`},
	"refusal":         {`"no"`},
	"timestamp":       {`"2024-01-01T00:00:00Z"`},
	"message_index":   {`0`, `3`, `1.0`},
	"character_count": {`2`, `0`},
	"token_count":     {`5`, `1e2`},
	"conversation_id": {`"c"`},
}

// objects are the keys of the objects some keys hold.
var objects = map[string][]string{
	"tool_calls":  {"id", "type", "function"},
	"function":    {"name", "arguments"},
	"image_url":   {"url", "detail"},
	"input_audio": {"data", "format"},
	"file":        {"file_data"},
	"metadata":    {"timestamp", "message_index", "character_count", "conversation_id", "token_count"},
}

// value returns a value for key: one of its usual values, or now and then
// one of any kind.
func (g *generator) value(key string, depth int, types []string) string {
	if g.junk() || depth <= 0 {
		switch n := g.r.IntN(6); {
		case n < 4 || depth <= 0:
			return g.pick(replacements)
		case n < 5:
			return g.object(depth-1, nil)
		default:
			return "[" + g.value("", depth-1, nil) + "]"
		}
	}
	switch {
	case key == "content" && types != nil && g.r.IntN(2) == 0:
		parts := make([]string, 1+g.r.IntN(2))
		for i := range parts {
			typ := g.pick(types)
			field, _ := strconv.Unquote(typ)
			o := g.object(depth-1, nil, field)
			if strings.Contains(o, `"type":`) || g.junk() {
				parts[i] = o
			} else {
				parts[i] = fixComma(`{"type":` + typ + "," + o[1:])
			}
		}
		return "[" + join(parts) + "]"
	case key == "tool_calls":
		calls := make([]string, 1+g.r.IntN(2))
		for i := range calls {
			calls[i] = g.object(depth-1, nil, objects[key]...)
		}
		return "[" + join(calls) + "]"
	case objects[key] != nil:
		return g.object(depth-1, nil, objects[key]...)
	case usual[key] != nil:
		return g.pick(usual[key])
	}
	return g.pick(replacements)
}

// fixComma removes the comma left before the closing brace of "{…,}".
func fixComma(s string) string { return strings.Replace(s, ",}", "}", 1) }

func join(items []string) string {
	var b bytes.Buffer
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(it)
	}
	return b.String()
}

// TestKeysAsWritten checks that a key the engine would escape for a URL is
// told as written, at its place.
func TestKeysAsWritten(t *testing.T) {
	s, err := Builtin("jsonl-line", true)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsontree.Parse([]byte(`{"messages":[{"role":"user","content":"hi","a b%/~":1}]}`), jsontree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(s.Validate(v, ""))
	if want := `[1:44: /messages/0/a b%~1~0: unknown field "a b%/~"]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// compiledNames are the embedded schemas the compiled check covers: all
// but the providers' body schemas.
func compiledNames() []string {
	var out []string
	for _, n := range names {
		if !IsTarget(n) {
			out = append(out, n)
		}
	}
	return out
}
