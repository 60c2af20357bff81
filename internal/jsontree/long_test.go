package jsontree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/convkit/convkit/chat"
)

// testSink keeps what a long string gave it.
type testSink struct {
	path            string
	text            bytes.Buffer
	closed, aborted int
}

func (s *testSink) Write(b []byte) (int, error) { return s.text.Write(b) }
func (s *testSink) Close() error                { s.closed++; return nil }
func (s *testSink) Abort()                      { s.aborted++ }

// describeTree writes v as a line per value: its path in the element, its
// position and kind, and for a string its text, which for one that went
// to a sink is what the sink got, under the path the sink was given.
func describeTree(b *strings.Builder, v *Value, path string) {
	fmt.Fprintf(b, "%s %v %v", path, v.Pos, v.Kind)
	switch v.Kind {
	case String:
		if s, ok := v.Sink.(*testSink); ok {
			fmt.Fprintf(b, " %q", s.text.String())
			if v.Str != "" {
				b.WriteString(" and Str too")
			}
			path = s.path
		} else {
			fmt.Fprintf(b, " %q", v.Str)
		}
		fmt.Fprintf(b, " at %s", path)
	case Number, Bool:
		fmt.Fprintf(b, " %s %v", v.Str, v.Bool)
	}
	b.WriteByte('\n')
	for i, item := range v.Items {
		describeTree(b, item, path+"/"+strconv.Itoa(i))
	}
	for _, m := range v.Members {
		fmt.Fprintf(b, "%q@%v\n", m.Key, m.KeyPos)
		describeTree(b, m.Value, path+"/"+m.Key)
	}
}

// pointer writes a path as a JSON Pointer, as describeTree does.
func pointer(path []Step) string {
	var b strings.Builder
	for _, s := range path {
		if s.Index >= 0 {
			fmt.Fprintf(&b, "/%d", s.Index)
		} else {
			b.WriteString("/" + s.Key)
		}
	}
	return b.String()
}

// sunkStreamed streams data's array, or its "messages", giving every long
// string whose path want accepts to a testSink, and describes what it gave.
func sunkStreamed(r io.Reader, want func(string) bool) (elems []string, sinks []*testSink, err error) {
	s := NewMemberStream(r, "messages", Options{FirstLine: 3})
	s.SinkStrings(func(steps []Step) chat.Sink {
		path := pointer(steps)
		if !want(path) {
			return nil
		}
		sinks = append(sinks, &testSink{path: path})
		return sinks[len(sinks)-1]
	})
	for {
		v, err := s.Next()
		if err != nil {
			return elems, sinks, err
		}
		var b strings.Builder
		describeTree(&b, v, "")
		elems = append(elems, b.String())
	}
}

// checkSunk fails t unless streaming data with every string going to a
// sink as soon as it is open at the end of a read gives the elements and
// the error Parse gives, each sink's text being its string's, and every
// sink closed or aborted once.
func checkSunk(t *testing.T, data []byte) {
	t.Helper()
	defer func(e, s int) { longElement, longString = e, s }(longElement, longString)
	longElement, longString = 0, 0
	v, perr := Parse(data, Options{FirstLine: 3})
	var want []string
	if perr == nil {
		if m := v.Get("messages"); m != nil {
			v = m
		}
		for _, item := range v.Items {
			var b strings.Builder
			describeTree(&b, item, "")
			want = append(want, b.String())
		}
	}
	accept := []func(string) bool{
		func(string) bool { return true },
		func(p string) bool { return strings.HasSuffix(p, "/text") || p == "/content" },
	}
	for k, r := range []io.Reader{iotest.OneByteReader(bytes.NewReader(data)), iotest.HalfReader(bytes.NewReader(data)), iotest.DataErrReader(iotest.OneByteReader(bytes.NewReader(data)))} {
		for j, a := range accept {
			elems, sinks, err := sunkStreamed(r, a)
			r = iotest.OneByteReader(bytes.NewReader(data))
			// Read a byte at a time, every string value inside an element
			// is open at the end of a read, and goes to a sink.
			if k+j == 0 && perr == nil && len(sinks) != stringsInside(v.Items) {
				t.Fatalf("%.80q: %d sinks, for %d strings inside elements", data, len(sinks), stringsInside(v.Items))
			}
			if agreesWithParse(t, string(data), strings.Join(elems, ""), strings.Join(want, ""), len(sinks), err, perr) {
				continue // not an array
			}
			for _, s := range sinks {
				if s.closed+s.aborted != 1 || perr == nil && s.aborted > 0 {
					t.Fatalf("%.80q: sink of %s closed %d and aborted %d times", data, s.path, s.closed, s.aborted)
				}
			}
		}
	}
}

// agreesWithParse fails t unless a stream of doc gave the elements
// described as elems, then err, as Parse gives want or perr; it reports
// whether doc is no array (ErrNotArray), which must have opened no sinks.
func agreesWithParse(t *testing.T, doc, elems, want string, sinks int, err, perr error) bool {
	t.Helper()
	switch {
	case errors.Is(err, ErrNotArray):
		if sinks > 0 {
			t.Fatalf("%.80q: ErrNotArray after %d sinks", doc, sinks)
		}
		return true
	case perr != nil:
		if err == nil || err.Error() != perr.Error() {
			t.Fatalf("%.80q: stream error %v, Parse gives %v", doc, err, perr)
		}
	case err != io.EOF || elems != want:
		t.Fatalf("%.80q: stream gave\n%s\nthen %v; Parse gives\n%s", doc, elems, err, want)
	}
	return false
}

// sunkCases are documents with strings long enough to go to sinks when
// read a byte at a time: every escape, strings across lines and cut more
// than once on a line, and every error inside and around them.
var sunkCases = []string{
	`[{"role":"user","content":"hello there, a long string"}]`,
	"[\n {\"content\": \"first long string\", \"x\": \"second long string\"},\n {\"content\": [{\"type\": \"text\", \"text\": \"a part that is long\"}, 7, \"a string that is an element\"]}\n]",
	`{"model":"a model name","messages":[{"content":"one"},{"content":"two strings"}],"tools":"a long string after"}`,
	`[{"content":"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud83d \ude00 \ud83dx \u0041 end"}]`,
	`[{"content":"abcdefghijklmnop\ud83d\ude00"}, {"content":"abcdefghijklmnopq\ud83d\ude00qrstuvwxyz"}]`,
	`[{"content":"abcdefghijklmnopqrstuvwxyz\q and on"}]`, `[{"content":"abcdefghijklmnopqrstuvwxyz\u12"}]`,
	`[{"content":"abcdefghijklmnopqrstuvwxyz\u12x4 and on"}]`, "[{\"content\":\"abcdefghijklmnopqrstuvwxyz\xff and on\"}]",
	"[{\"content\":\"abcdefghijklmnopqrstuvwxyz\x01 and on\"}]", "[{\"content\":\"abcdefghijklmnopqrstuvwxyz\nand on\"}]",
	`[{"content":"abcdefghijklmnopqrstuvwxyz`, `[{"content":"abcdefghijklmnopqrstuvwxyz and on" "x":1}]`,
	`[{"content" "abcdefghijklmnopqrstuvwxyz and on"}]`, `[{"a":tru, "content":"abcdefghijklmnopqrstuvwxyz and on"}]`,
	`[{"a":1,"a":2,"content":"abcdefghijklmnopqrstuvwxyz and on"}]`, `[{"content":"abcdefghijklmnopqrstuvwxyz and on","content":1}]`,
	`[{"con\u0074ent":"abcdefghijklmnopqrstuvwxyz and on"}]`, `[["abcdefghijklmnopqrstuvwxyz", {"text":"abcdefghijklmnopqrstuvwxyz"}]]`,
	`[{"content":"abcdefghijklmnopqrstuvwxyz and on"}, x]`, `[{"content":"abcdefghijklmnopqrstuvwxyz and on"}]]`,
	`[{"content":"abcdefghijklmnopqrstuvwxyz and on"}] {"content":"abcdefghijklmnopqrstuvwxyz and on"}`,
	`[{"content":"abcdefghijklmnopqrstuvwxyz and on"}, {"content":"abcdefghijklmnopqrstuvwxyz and on", "n": 1.e5}]`,
	`[{"content":"` + strings.Repeat("中文 and é ", 40) + `"}, {"content":"` + strings.Repeat(`\u4e2d\n`, 40) + `"}]`,
}

// stringsInside returns how many strings the values hold, not counting
// the values themselves.
func stringsInside(vs []*Value) int {
	n := 0
	for _, v := range vs {
		for _, item := range v.Items {
			n += stringsInside([]*Value{item})
			if item.Kind == String {
				n++
			}
		}
		for _, m := range v.Members {
			n += stringsInside([]*Value{m.Value})
			if m.Value.Kind == String {
				n++
			}
		}
	}
	return n
}

func TestSinkStringsAgreesWithParse(t *testing.T) {
	for _, c := range append(sunkCases, streamCases...) {
		checkSunk(t, []byte(c))
	}
}

// FuzzSinkStrings: for any document, streaming with long strings going to
// sinks agrees with Parse.
func FuzzSinkStrings(f *testing.F) {
	for _, c := range append(sunkCases, streamCases...) {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSunk(t, data)
	})
}

// loneCases are documents of one value that is not an array, well formed
// or not, and JSON Lines.
var loneCases = []string{
	`{"system":"a long system prompt","messages":[{"role":"user","content":"hello there, a long string"}]}`,
	"\ufeff {\"a\": [\"one long string\", {\"b\": \"another long one\"}],\n \"c\": \"on the second line\"}\n",
	`{"a":"abcdefghijklmnopqrstuvwxyz and on"`, `{"a":"abcdefghijklmnopqrstuvwxyz\q and on"}`,
	`{"a":"abcdefghijklmnopqrstuvwxyz and on","a":1}`, `{"a":"abcdefghijklmnopqrstuvwxyz and on"} x`,
	"{\"a\":\"abcdefghijklmnopqrstuvwxyz and on\"}\n\n{\"b\":\"the second line\"}\n",
	"{\"a\":\"abcdefghijklmnopqrstuvwxyz\n and on\"}\n{\"b\":1}", `"a string alone"`, `12`, ``, `  `,
}

// TestLoneValueAgreesWithParse streams documents of one value with
// LoneValue, every string inside it going to a sink: Next gives the value
// Parse gives, or its error, or, for JSON Lines, the first line's value
// and the lines after it; ErrNotArray only when no string went to a sink.
func TestLoneValueAgreesWithParse(t *testing.T) {
	defer func(e, s int) { longElement, longString = e, s }(longElement, longString)
	longElement, longString = 0, 0
	for _, c := range loneCases {
		var sinks []*testSink
		s := NewMemberStream(iotest.OneByteReader(strings.NewReader(c)), "", Options{})
		s.SinkStrings(func(steps []Step) chat.Sink {
			sinks = append(sinks, &testSink{path: pointer(steps)})
			return sinks[len(sinks)-1]
		})
		s.LoneValue()
		v, err := s.Next()
		want, perr := Parse([]byte(c), Options{})
		if rest, line, ok := s.LinesAfter(); ok {
			// The first line parsed alone, and the document from the line after.
			first, _, _ := strings.Cut(c, "\n")
			want, perr = Parse([]byte(first), Options{})
			after, _ := io.ReadAll(rest)
			if wantAfter := strings.Join(strings.Split(c, "\n")[line-1:], "\n"); string(after) != wantAfter || perr != nil {
				t.Fatalf("%.80q: lines from %d: %q, want %q (%v)", c, line, after, wantAfter, perr)
			}
		}
		switch {
		case errors.Is(err, ErrNotArray):
			if len(sinks) > 0 {
				t.Fatalf("%.80q: ErrNotArray after %d sinks", c, len(sinks))
			}
			if rest, _ := io.ReadAll(s.Rest()); string(rest) != c {
				t.Fatalf("%.80q: Rest gives %q", c, rest)
			}
			continue
		case perr != nil:
			if err == nil || err.Error() != perr.Error() {
				t.Fatalf("%.80q: stream error %v, Parse gives %v", c, err, perr)
			}
			continue
		case err != nil:
			t.Fatalf("%.80q: %v", c, err)
		}
		var got, wantTree strings.Builder
		describeTree(&got, v, "")
		describeTree(&wantTree, want, "")
		if got.String() != wantTree.String() || len(sinks) != stringsInside([]*Value{want}) {
			t.Fatalf("%.80q: stream gave\n%s(%d sinks); Parse gives\n%s", c, got.String(), len(sinks), wantTree.String())
		}
		if !s.Lone() {
			t.Fatalf("%.80q: Lone is false once the value is given", c)
		}
		if _, err := s.Next(); err != io.EOF {
			t.Fatalf("%.80q: after the value, %v", c, err)
		}
	}
}

// TestStepSeesWhatCameBefore holds a sink chooser's view of the objects and
// arrays around a long string to what the parser has read of them: the
// members before the string's key, the elements before its index (the
// vendor readers choose a block's sink by its "type" read before).
func TestStepSeesWhatCameBefore(t *testing.T) {
	defer func(e, s int) { longElement, longString = e, s }(longElement, longString)
	longElement, longString = 0, 0
	doc := `[{"a": 1, "list": [true, {"type": "text", "text": "long"}], "b": "long too"}]`
	var seen []string
	s := NewMemberStream(iotest.OneByteReader(strings.NewReader(doc)), "", Options{})
	s.SinkStrings(func(steps []Step) chat.Sink {
		var b strings.Builder
		for _, st := range steps {
			fmt.Fprintf(&b, "%s:", st.Key)
			for _, m := range st.In.Members {
				b.WriteString(m.Key + ",")
			}
			fmt.Fprintf(&b, "%d;", len(st.In.Items))
		}
		seen = append(seen, b.String())
		return nil
	})
	if _, err := s.Next(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"list:a,0;:1;type:0;",      // "text": after "a"; after one element; first
		"list:a,0;:1;text:type,0;", // "long": after "type"
		"b:a,list,0;",              // "long too": after "a" and "list"
	}
	if !slices.Equal(seen, want) {
		t.Errorf("the chooser saw %q, want %q", seen, want)
	}
}

// describeJSONSunk writes v as describeTree does, but an object or array
// at a path take accepts as its compact text: what its sink got, if it
// went to one, else json.Compact of its source.
func describeJSONSunk(b *strings.Builder, v *Value, path string, take func(string) bool) {
	if (v.Kind == Object || v.Kind == Array) && take(path) {
		text := string(v.Compact())
		if s, ok := v.Sink.(*testSink); ok {
			text = s.text.String()
		}
		fmt.Fprintf(b, "%s %v %v %s\n", path, v.Pos, v.Kind, text)
		return
	}
	fmt.Fprintf(b, "%s %v %v %q\n", path, v.Pos, v.Kind, v.Str)
	for i, item := range v.Items {
		describeJSONSunk(b, item, path+"/"+strconv.Itoa(i), take)
	}
	for _, m := range v.Members {
		fmt.Fprintf(b, "%q@%v\n", m.Key, m.KeyPos)
		describeJSONSunk(b, m.Value, path+"/"+m.Key, take)
	}
}

// holdingStrings counts the outermost values in v at a path take accepts
// that hold strings.
func holdingStrings(v *Value, path string, take func(string) bool) int {
	if (v.Kind == Object || v.Kind == Array) && take(path) {
		return min(stringsInside([]*Value{v}), 1)
	}
	n := 0
	for i, item := range v.Items {
		n += holdingStrings(item, path+"/"+strconv.Itoa(i), take)
	}
	for _, m := range v.Members {
		n += holdingStrings(m.Value, path+"/"+m.Key, take)
	}
	return n
}

// jsonSunkCases are documents with objects and arrays at an "input" key
// that go to sinks when read a byte at a time: across lines, with every
// escape in their strings, nested in one another, and with errors inside
// them and after them.
var jsonSunkCases = []string{
	`[{"type":"tool_use","input":{"path":"a.txt","text":"some text","n":[1, 2.5e3, true, null, {}]}}]`,
	"[\n {\"text\": \"a string before\",\n  \"input\": {\n   \"a\": \"spaces  inside \\\" \\\\ \\u00e9 \\ud83d\\ude00 \\n\",\n   \"b\" : [ \"x\" , { \"c\" : \"d\" } ]\n  },\n  \"after\": \"more\"}\n]\n",
	`[{"input":["a list", "of strings"]}, {"input":{"input":{"deep":"er"}}}, {"input":{"no":1,"strings":[]}}]`,
	"[{\"input\": {\n\"a\": \"b\",\n\"c\": tru}}]", "[{\"input\": {\n\"a\": \"b\",\n\"a\": 1}}]",
	"[{\"input\": {\n\"a\": \"b\"\n\"c\": 1}}]", "[{\"input\": {\n\"a\": \"b\\q\"}}]", "[{\"input\": {\n\"a\": \"b\n\"}}]",
	"[{\"input\": {\n\"a\": \"bcd\"}\n  , x}]", "[{\"input\": {\n\"a\": \"bcd\"}},\n{\"input\": {\"e\": \"f\"\n}}\n,]",
	"[{\"input\": {\n\"a\": \"bcd\"", "[{\"input\": {\n\"a\": \"bcd\"}}] x",
}

// TestSinkJSONAgreesWithParse streams documents whose values at "input"
// go to sinks, a byte at a time and in halves: each element is the one
// Parse gives, those values as their compact text, and each error is
// Parse's, at the same line and column; every sink is closed or aborted
// once.
func TestSinkJSONAgreesWithParse(t *testing.T) {
	for _, c := range jsonSunkCases {
		checkSinkJSON(t, c)
	}
}

// FuzzSinkJSON: for any document, streaming with the values at "input"
// going to sinks agrees with Parse.
func FuzzSinkJSON(f *testing.F) {
	for _, c := range append(jsonSunkCases, sunkCases...) {
		f.Add(c)
	}
	f.Fuzz(checkSinkJSON)
}

// checkSinkJSON holds the stream of c to TestSinkJSONAgreesWithParse.
func checkSinkJSON(t *testing.T, c string) {
	t.Helper()
	defer func(e, s int) { longElement, longString = e, s }(longElement, longString)
	longElement, longString = 0, 0
	take := func(path string) bool { return strings.HasSuffix(path, "/input") }
	want, perr := Parse([]byte(c), Options{FirstLine: 3})
	var wantElems strings.Builder
	if perr == nil {
		for _, item := range want.Items {
			describeJSONSunk(&wantElems, item, "", take)
		}
	}
	for k, r := range []io.Reader{iotest.OneByteReader(strings.NewReader(c)), iotest.HalfReader(strings.NewReader(c))} {
		var sinks []*testSink
		s := NewMemberStream(r, "", Options{FirstLine: 3})
		s.SinkStrings(func([]Step) chat.Sink { return nil })
		s.SinkJSON(func(steps []Step) chat.Sink {
			if !take(pointer(steps)) {
				return nil
			}
			sinks = append(sinks, &testSink{path: pointer(steps)})
			return sinks[len(sinks)-1]
		})
		var got strings.Builder
		var err error
		for {
			var v *Value
			if v, err = s.Next(); err != nil {
				break
			}
			describeJSONSunk(&got, v, "", take)
		}
		if agreesWithParse(t, c, got.String(), wantElems.String(), len(sinks), err, perr) {
			continue // not an array
		}
		if k == 0 && perr == nil && len(sinks) != holdingStrings(want, "", take) {
			// Read a byte at a time, every value at "input" that holds a string goes to a sink.
			t.Fatalf("%.80q: %d sinks", c, len(sinks))
		}
		for _, sk := range sinks {
			if sk.closed+sk.aborted != 1 || perr == nil && sk.aborted > 0 {
				t.Fatalf("%.80q: sink of %s closed %d and aborted %d times", c, sk.path, sk.closed, sk.aborted)
			}
		}
	}
}
