package convert

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/longtest"
)

// lineGenerator is a reader of n conversations made on the fly, as JSONL
// or, when array is set, as one JSON array, so that a large input never
// exists in the test's memory.
type lineGenerator struct {
	n, i     int
	array    bool
	sharegpt bool // ShareGPT's {"conversations": [{from, value}, …]}
	buf      []byte
}

func (g *lineGenerator) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case g.i > g.n:
			return 0, io.EOF
		case g.i == g.n:
			if g.array {
				g.buf = []byte("]\n")
			}
			g.i++
			continue
		case !g.array:
		case g.i == 0:
			g.buf = append(g.buf, '[')
		default:
			g.buf = append(g.buf, ',')
		}
		format := `{"messages":[{"role":"user","content":"question %d %s"},{"role":"assistant","content":"answer %d"}]}` + "\n"
		if g.sharegpt {
			format = `{"conversations":[{"from":"human","value":"question %d %s"},{"from":"gpt","value":"answer %d"}]}` + "\n"
		}
		g.buf = fmt.Appendf(g.buf, format, g.i, bytes.Repeat([]byte("padding "), 100), g.i)
		g.i++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// TestMemoryIsFlat streams 100,000 conversations (about 85 MB) through the
// JSONL decoder and encoder, through the api and sharegpt decoders as one
// JSON array, and through the text and chatml decoders as one file (yaml,
// slower, 20,000), and checks that the heap never holds more than a few
// megabytes: memory does not grow with the number of conversations.
// Without -tags long, 20,000 of each.
func TestMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 85 MB five times")
	}
	for _, name := range []string{"jsonl", "api", "sharegpt", "text", "chatml", "yaml"} {
		from := mustFormat(t, name)
		want := longtest.Scale(20000, 100000) // go test: 17 MB, which held would exceed the bound
		if name == "yaml" {
			want = 20000 // 17 MB of YAML, several times that read whole
		}
		var in io.Reader = &lineGenerator{n: want, array: name != "jsonl", sharegpt: name == "sharegpt"}
		if name == "text" || name == "chatml" || name == "yaml" {
			in = written(t, name, &lineGenerator{n: want})
		}
		dec := from.NewDecoder(in, DecodeOptions{})
		enc := mustFormat(t, "jsonl").NewEncoder(io.Discard, EncodeOptions{})
		var peak uint64
		var ms runtime.MemStats
		n := 0
		for ; ; n++ {
			c, err := dec.Decode()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := enc.Encode(c); err != nil {
				t.Fatal(err)
			}
			if n%5000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
		if n != want || peak > 16<<20 {
			t.Errorf("%s: %d conversations, heap reached %d MB; want %d, flat (under 16 MB)", from.Name, n, peak>>20, want)
		}
	}
}

// written writes the conversations of the JSONL r in the format named, as
// it is read.
func written(t *testing.T, format string, r io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		dec := mustFormat(t, "jsonl").NewDecoder(r, DecodeOptions{})
		enc := mustFormat(t, format).NewEncoder(pw, EncodeOptions{})
		for {
			c, err := dec.Decode()
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = enc.Close()
				}
				pw.CloseWithError(err)
				return
			}
			if err := enc.Encode(c); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
	}()
	return pr
}

// TestOddReaders checks that every reader gives the same conversations
// whether its input arrives whole, a byte at a time, or with the last
// read returning data and io.EOF together.
func TestOddReaders(t *testing.T) {
	api := mustFormat(t, "api")
	for _, s := range samples(t) {
		if len(s.data) > 64<<10 {
			continue
		}
		convs := decodeAll(t, api, s.data)
		for _, f := range Formats() {
			if !f.CanRead() || !f.CanWrite() {
				continue
			}
			data := encodeAll(t, f, writable(t, f, convs))
			want := encodeAll(t, f, decodeAll(t, f, data))
			for name, r := range map[string]io.Reader{
				"one byte":  iotest.OneByteReader(bytes.NewReader(data)),
				"data+EOF":  iotest.DataErrReader(bytes.NewReader(data)),
				"half read": iotest.HalfReader(bytes.NewReader(data)),
			} {
				dec := f.NewDecoder(r, DecodeOptions{})
				var got []byte
				var buf bytes.Buffer
				enc := f.NewEncoder(&buf, EncodeOptions{KeepVendor: true}) // as encodeAll writes
				for {
					c, err := dec.Decode()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						t.Fatalf("%s/%s/%s: %v", s.name, f.Name, name, err)
					}
					enc.Encode(c)
				}
				enc.Close()
				if got = buf.Bytes(); !bytes.Equal(got, want) {
					t.Errorf("%s/%s/%s: differs from a whole read\n%s", s.name, f.Name, name, firstDiff(got, want))
				}
			}
		}
	}
}

// TestReadError checks that an I/O error after a conversation, written in
// the format if it can be, reaches the caller.
func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, f := range Formats() {
		if !f.CanRead() {
			continue
		}
		doc := []byte(`{"messages":[{"role":"user","content":"x"}]}` + "\n")
		if f.CanWrite() {
			doc = encodeAll(t, f, writable(t, f, decodeAll(t, apiFormat, doc)))
		}
		r := io.MultiReader(bytes.NewReader(doc), iotest.ErrReader(boom))
		dec := f.NewDecoder(r, DecodeOptions{})
		var err error
		for err == nil {
			_, err = dec.Decode()
		}
		if !errors.Is(err, boom) {
			t.Errorf("%s: error %v, want the reader's", f.Name, err)
		}
	}
}

// TestJSONLLongLineReadError: an I/O error in the middle of a line read a
// message at a time reaches the caller, in parts and whole.
func TestJSONLLongLineReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, max := range []int{-1, 1} {
		line := `{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"},`
		r := io.MultiReader(strings.NewReader(line), iotest.ErrReader(boom))
		dec := &jsonlDecoder{r: bufio.NewReaderSize(r, 16), longLine: 0}
		var err error
		for err == nil {
			_, _, err = dec.decodePart(max)
		}
		if !errors.Is(err, boom) {
			t.Errorf("in parts of %d: error %v, want the reader's", max, err)
		}
	}
}

// BenchmarkJSONL measures reading and writing JSONL, in MB/s of input.
func BenchmarkJSONL(b *testing.B) {
	jsonl := mustFormat(b, "jsonl")
	data, _ := io.ReadAll(&lineGenerator{n: 2000})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		dec := jsonl.NewDecoder(bytes.NewReader(data), DecodeOptions{})
		enc := jsonl.NewEncoder(io.Discard, EncodeOptions{})
		for {
			c, err := dec.Decode()
			if err != nil {
				break
			}
			enc.Encode(c)
		}
	}
}

// decodeParts reads data with DecodePart, max bytes a part, and joins the
// parts of each conversation again.
func decodeParts(f *Format, data []byte, max int) ([]*chat.Conversation, error) {
	dec := f.NewDecoder(bytes.NewReader(data), DecodeOptions{})
	var convs []*chat.Conversation
	var msgs []chat.Message
	for {
		c, more, err := DecodePart(dec, max)
		if errors.Is(err, io.EOF) {
			if msgs != nil {
				return nil, errors.New("the last part said more would come")
			}
			return convs, nil
		}
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, c.Messages...)
		if more {
			if c.ID != "" || c.Extra != nil {
				return nil, errors.New("a part before the last carries the conversation's ID or fields")
			}
			continue
		}
		c.Messages, msgs = append([]chat.Message{}, msgs...), nil
		convs = append(convs, c)
	}
}

// singleDocs are documents of one conversation, good and bad, for the
// tests of reading its messages one at a time.
var singleDocs = []string{
	`[{"role":"user","content":"a"},{"role":"assistant","content":null,"tool_calls":[]}]`,
	`[{"role":"user","content":"a","conversation_id":"c1","x":1.50}]`,
	`[{"role":"user","content":"a"}, 3]`,
	`[{"role":"user"},{"content":"x"}]`,
	`[{"role":"user","content":"a"},]`,
	`[{"role":"user","content":"a"}] x`,
	`[{"role":"user","content":"a"}`,
	`[1]`,
	`[{"role":"user","content":"a"},{"messages":[]}]`,
	`{"messages":[{"role":"user","content":"a"}],"model":"m","tools":[{"type":"function","function":{"name":"f"}}]}`,
	`{"model":"m","conversation_id":"c0","messages":[{"role":"user","content":"a","metadata":{"conversation_id":"c1"}}]}`,
	`{"messages":[{"role":"user","content":"a","metadata":{"conversation_id":"c1"}}],"conversation_id":"c2"}`,
	`{"messages":[{"role":"user","content":"a","metadata":{"conversation_id":"c1"}}],"conversation_id":""}`,
	`{"messages":[{"role":"user","content":"a"}],"conversation_id":7}`,
	`{"messages":[],"model":"m"}`, `{"model":"m"}`, `{"messages":{}}`, `{"messages":[1]}`,
	`{"messages":[{"role":"user"},{"content":"x"}]}`, `{"messages":[{"role":"user"}],"x":tru}`,
	`{"messages":[{"role":"user"}],"messages":[]}`, `{"x":tru,"messages":[{"role":"user"}]}`,
}

// checkSingleStreams fails t unless reading doc's conversations one
// message at a time, whole or in parts of max bytes, gives what reading
// the document whole gives: the same conversations, or the same located
// error. A document that is not well formed must fail, but may fail first
// where a message is wrong, as reading goes.
func checkSingleStreams(t *testing.T, doc []byte, max int) (ok bool) {
	t.Helper()
	var want []*chat.Conversation
	v, err := parseJSON(doc, 1)
	wellFormed := err == nil
	if wellFormed {
		want, err = (&jsonReader{}).conversations(v)
	}
	for _, max := range []int{-1, max} {
		got, gotErr := decodeParts(apiFormat, doc, max)
		switch {
		case !wellFormed && gotErr == nil:
			t.Fatalf("%.60q… in parts of %d: read, but whole it is %v", doc, max, err)
		case wellFormed && (fmt.Sprint(gotErr) != fmt.Sprint(err) || err == nil && !reflect.DeepEqual(got, want)):
			t.Fatalf("%.60q… in parts of %d: %d conversations, %v; whole %d, %v", doc, max, len(got), gotErr, len(want), err)
		}
	}
	return err == nil && len(want) == 1
}

// TestSingleConversationStreams reads the messages of a single
// conversation, a bare array or an object's "messages", one message at a
// time, as Decode and in parts, and checks that this gives what reading
// the document whole gives.
func TestSingleConversationStreams(t *testing.T) {
	docs := slices.Clone(singleDocs)
	for _, dir := range []string{"../testdata/conversations", "../testdata/seeds"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, string(b))
		}
	}
	single := 0
	for _, doc := range docs {
		if checkSingleStreams(t, []byte(doc), 1) {
			single++
		}
	}
	if single < 10 {
		t.Errorf("only %d single conversations read without error: the test checks too little", single)
	}
}

func FuzzSingleConversationStreams(f *testing.F) {
	for _, doc := range singleDocs {
		f.Add([]byte(doc), uint16(1))
	}
	f.Fuzz(func(t *testing.T, doc []byte, max uint16) {
		checkSingleStreams(t, doc, int(max))
	})
}

// jsonlOutcome is what one call of Decode gave: a conversation, its parts
// joined, or an error.
type jsonlOutcome struct {
	conv *chat.Conversation
	err  error
}

// decodeJSONL reads data as JSONL to the end, going on after an error as
// a reader of datasets does. A line longer than longLine bytes, or than
// the 16-byte read buffer if longLine is 0, is read a message at a time,
// in parts of max bytes.
func decodeJSONL(data []byte, longLine, max int) []jsonlOutcome {
	dec := &jsonlDecoder{r: bufio.NewReaderSize(iotest.HalfReader(bytes.NewReader(data)), 16), longLine: longLine}
	var outcomes []jsonlOutcome
	var msgs []chat.Message
	for {
		c, more, err := dec.decodePart(max)
		switch {
		case err == io.EOF:
			return outcomes
		case err != nil:
			outcomes, msgs = append(outcomes, jsonlOutcome{err: err}), nil
		case more:
			msgs = append(msgs, c.Messages...)
		default:
			c.Messages, msgs = append(msgs, c.Messages...), nil
			outcomes = append(outcomes, jsonlOutcome{conv: c})
		}
	}
}

// checkJSONLStreams fails t unless reading JSONL with every line read a
// message at a time, whole or in parts of max bytes, gives what reading
// each line whole gives. A line that is not well formed must fail, but
// may fail first where a message is wrong.
func checkJSONLStreams(t *testing.T, data []byte, max int) {
	t.Helper()
	lines := bytes.Split(data, []byte("\n"))
	want := decodeJSONL(data, 1<<30, -1)
	for _, max := range []int{-1, max} {
		got := decodeJSONL(data, 0, max)
		if len(got) != len(want) {
			t.Fatalf("%.60q… in parts of %d: %d outcomes, whole lines give %d", data, max, len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			var located *Error
			if errors.As(w.err, &located) && located.Pos.Line <= len(lines) {
				if _, err := parseJSON(lines[located.Pos.Line-1], located.Pos.Line); err != nil && g.err != nil {
					continue // not well formed
				}
			}
			if fmt.Sprint(g.err) != fmt.Sprint(w.err) || !reflect.DeepEqual(g.conv, w.conv) {
				t.Fatalf("%.60q… in parts of %d: outcome %d is %v, %v; whole lines give %v, %v", data, max, i, g.conv, g.err, w.conv, w.err)
			}
		}
	}
}

// jsonlCases are JSONL files for the tests of reading long lines a
// message at a time: the single conversations above as lines, and the
// conversations in testdata as JSONL.
func jsonlCases(t testing.TB) [][]byte {
	cases := [][]byte{
		[]byte(strings.Join(singleDocs, "\n")),
		[]byte("\xef\xbb\xbf" + strings.Join(singleDocs[:3], "\r\n") + "\n\n  \n" + strings.Repeat(" ", 40) + "\n"),
		[]byte(`[[{"role":"user"}]]` + "\n" + `[{"messages":[]}]` + "\n[]\n{}\n3\n"),
	}
	var files []string
	for _, dir := range []string{"bad", "golden", "validate"} {
		more, _ := filepath.Glob(filepath.Join("../testdata", dir, "*.jsonl"))
		files = append(files, more...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, b)
	}
	return cases
}

// TestJSONLLongLinesStream reads JSONL with every line long, so read a
// message at a time, and checks that this gives what reading each line
// whole gives.
func TestJSONLLongLinesStream(t *testing.T) {
	convs := 0
	for _, data := range jsonlCases(t) {
		checkJSONLStreams(t, data, 1)
		for _, o := range decodeJSONL(data, 0, 1) {
			if o.err == nil && len(o.conv.Messages) > 1 {
				convs++
			}
		}
	}
	if convs < 20 {
		t.Errorf("only %d conversations of several messages read: the test checks too little", convs)
	}
}

func FuzzJSONLLongLinesStream(f *testing.F) {
	for _, data := range jsonlCases(f) {
		f.Add(data, uint16(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		checkJSONLStreams(t, data, int(max))
	})
}
