package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/longtest"
	"github.com/convkit/convkit/internal/spool"
)

// TestSpoolsPassThrough reads conversations with long strings in every
// place a message holds one, with spools and without, and writes them in
// the formats that pass long strings through: the outputs must be the
// same bytes, and the spools' file gone once their Set is closed.
func TestSpoolsPassThrough(t *testing.T) {
	long := func(seed string) string {
		line := seed + ` "quoted" \ é 漢字 😀 tab	end` + "\n"
		b, _ := json.Marshal(strings.Repeat(line, (1<<20+1000)/len(line)))
		return string(b)
	}
	messages := `[{"role":"system","content":"be brief"},` +
		`{"role":"user","content":` + long("content") + `,"name":"ann"},` +
		`{"role":"user","content":[{"type":"text","text":` + long("part") + `},{"type":"text","text":"short"},` +
		`{"type":"image_url","image_url":{"url":"data:image/png;base64,` + strings.Repeat("QUFB", 300<<10) + `","detail":"low"}},` +
		`{"type":"input_audio","input_audio":{"data":"` + strings.Repeat("QUFB", 300<<10) + `","format":"wav"}}]},` +
		`{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":` + long("args") + `}}]},` +
		`{"role":"tool","tool_call_id":"c1","content":` + long("") + `}]`
	inputs := map[string]string{
		"api":   messages,
		"meta":  `{"conversation_id":"x","messages":` + messages + `,"model":"gpt-4o"}`,
		"jsonl": `{"messages":` + messages + "}\n" + `{"messages":` + messages + `,"tools":[]}` + "\n",
	}
	pairs := [][2]string{{"api", "api"}, {"api", "meta"}, {"meta", "jsonl"}, {"jsonl", "api"}, {"jsonl", "jsonl"}}
	for _, f := range Formats() {
		if f.PassesLong && f.Name != "api" && f.Name != "meta" && f.Name != "jsonl" {
			pairs = append(pairs, [2]string{"jsonl", f.Name})
			if longtest.Enabled { // go test reads each writer's input from JSONL only
				pairs = append(pairs, [2]string{"api", f.Name})
			}
		}
	}
	for _, pair := range pairs {
		from, to, in := pair[0], pair[1], inputs[pair[0]]
		if to == "trl-unpaired" { // it writes only labelled examples
			if from != "jsonl" {
				continue
			}
			in = strings.ReplaceAll(in, `{"messages":`, `{"label":true,"messages":`)
		}
		dir := t.TempDir()
		set := spool.New(dir, nil)
		held := convertWith(t, from, to, in, DecodeOptions{})
		opened := 0
		spooled := convertWith(t, from, to, in, DecodeOptions{Long: func(kind chat.LongKind) chat.Sink {
			opened++
			return set.Open(kind)
		}})
		if want := 6 * strings.Count(in, `"role":"system"`); opened != want {
			t.Errorf("%s: %d strings through spools, want %d", from, opened, want)
		}
		if !bytes.Equal(held, spooled) {
			t.Errorf("%s to %s: %d bytes held, %d through spools, not the same", from, to, len(held), len(spooled))
		}
		if err := set.Close(); err != nil {
			t.Fatal(err)
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("%s to %s: %d files left behind", from, to, len(left))
		}
	}
}

// convertWith reads in as from, with opts, and writes it as to (a
// preference shape: each conversation made a pair, asPair).
func convertWith(t *testing.T, from, to, in string, opts DecodeOptions) []byte {
	t.Helper()
	var out bytes.Buffer
	convertTo(t, &out, from, to, in, opts)
	return out.Bytes()
}

// convertTo is convertWith writing to out.
func convertTo(t *testing.T, out io.Writer, from, to, in string, opts DecodeOptions) {
	t.Helper()
	// Read in pieces, so that the parser does not hold a string whole.
	convs, err := readAllConversations(mustFormat(t, from).NewDecoder(&pieces{in, 64 << 10}, opts))
	if err != nil {
		t.Fatal(from, err)
	}
	f := mustFormat(t, to)
	enc := f.NewEncoder(out, EncodeOptions{TokenCount: func(m *chat.Message) int { return m.CharCount() }})
	for _, c := range convs {
		if f.pairs {
			c = asPair(c)
		}
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCopyEscaped escapes text read in pieces that split its characters
// as appendString escapes it whole.
func TestCopyEscaped(t *testing.T) {
	text := "a\"b\\c\n\x01 é 漢字 😀 \xff end"
	for size := 1; size <= 5; size++ {
		var out bytes.Buffer
		if err := copySplice(&out, &pieces{text, size}, splice{}); err != nil {
			t.Fatal(err)
		}
		want := appendString(nil, text)
		if got := `"` + out.String() + `"`; got != string(want) {
			t.Errorf("pieces of %d: %s, want %s", size, got, want)
		}
	}
}

// TestIndentedOffset finds a place of compact JSON in its indented form.
func TestIndentedOffset(t *testing.T) {
	compact := `{"a":"x \" y","b":[1,""],"c":{}}`
	var indented bytes.Buffer
	json.Indent(&indented, []byte(compact), "  ", "\t")
	at := strings.Index(compact, `""`)
	if got := indentedOffset(indented.Bytes(), at); !strings.HasPrefix(indented.String()[got:], `""`) {
		t.Errorf("offset %d points at %q", got, indented.String()[got:])
	}
}

// pieces reads s n bytes at a time.
type pieces struct {
	s string
	n int
}

func (p *pieces) Read(b []byte) (int, error) {
	if p.s == "" {
		return 0, io.EOF
	}
	k := copy(b[:min(len(b), p.n)], p.s)
	p.s = p.s[k:]
	return k, nil
}

// TestWritersPassLong writes a conversation holding one 2 MiB string, in
// each place a message holds one, in every format that passes long
// strings, read with spools: the string must reach the output in parts
// (no write as long as it) except where the writer is known to hold it,
// and the output must be what it is when read whole. The preference
// writers are given it as a pair whose rejected completion is a copy of
// its completion.
func TestWritersPassLong(t *testing.T) {
	text := strings.Repeat("a \"b\" \\ é 漢字 😀\n", (2<<20)/24)
	b64 := strings.Repeat("QUFB", (2<<20)/4)
	js := func(s string) string {
		// Not escaped for HTML: a spooled string is written with the
		// writer's escapes, not the input's (\u003c for <).
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		return strings.TrimSuffix(b.String(), "\n")
	}
	// Arguments that are a JSON object, with space around it and in it;
	// and one that is not quite.
	object := "\u00a0\n{\"text\": " + js(text) + `, "html": "<a href=\"x\">&amp;</a>", "list": [1, -2.5e+3, true, null, {"k": "v\u00e9, x: y"}, [], {}],` + "\n\t\"n\": {}}\u3000"
	call := func(args string) string {
		return `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":` + js(args) +
			`}}]},{"role":"tool","tool_call_id":"call_1","content":"ok"}]}`
	}
	shapes := map[string]string{
		"object":    call(object),
		"notobject": call(strings.Replace(object, "}}", "},}", 1)),
		"objectresult": `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":` + js(object) + `}]}`,
		"message": `{"messages":[{"role":"user","content":` + js(text) + `},{"role":"assistant","content":"ok"}]}`,
		"part":    `{"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":` + js(text) + `}]},{"role":"assistant","content":"ok"}]}`,
		"toolcall": `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":` + js(text) +
			`}}]},{"role":"tool","tool_call_id":"call_1","content":"ok"}]}`,
		"result": `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":` + js(text) + `}]}`,
		"image": `{"messages":[{"role":"user","content":[{"type":"text","text":"what?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,` + b64 + `","detail":"high"}}]},{"role":"assistant","content":"a cat"}]}`,
		"audio": `{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"` + b64 + `","format":"wav"}}]},{"role":"assistant","content":"a cat"}]}`,
		"file":  `{"messages":[{"role":"user","content":[{"type":"text","text":"read this"},{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,` + b64 + `"}}]},{"role":"assistant","content":"done"}]}`,
	}
	// What each writer still holds whole, and why.
	held := map[string]string{
		"anthropic":         "",
		"gemini":            "",
		"responses":         "",
		"sharegpt":          "",
		"alpaca":            "",
		"chatml":            "",
		"trl-completion":    "",
		"trl-unpaired":      "",
		"trl-preference":    "",
		"openai-preference": "",
		"parquet":           "",
		"text":              "",
		"markdown":          "",
		"html":              "",
		"yaml":              "",
	}
	names := slices.Sorted(maps.Keys(shapes))
	for i, f := range Formats() {
		if !f.PassesLong || f.Name == "api" || f.Name == "meta" || f.Name == "jsonl" {
			continue
		}
		holds, ok := held[f.Name]
		if !ok {
			t.Errorf("%s passes long strings: say here what it holds", f.Name)
			continue
		}
		for j, name := range names {
			if !longtest.Enabled && (i+j)%2 == 1 {
				continue // go test checks half the pairs, each writer on every other shape; -tags long, all
			}
			line := shapes[name]
			if f.Name == "trl-unpaired" {
				line = strings.Replace(line, `{"messages":`, `{"label":true,"messages":`, 1)
			}
			set := spool.New(t.TempDir(), nil)
			whole := 0
			open := func(kind chat.LongKind) chat.Sink { return wholeCounted{set.Open(kind).(chat.Spool), &whole} }
			var want bytes.Buffer
			var out largestWrite
			for _, write := range []struct {
				to   io.Writer
				long func(chat.LongKind) chat.Sink
			}{{&want, nil}, {&out, open}} {
				convs, err := readAllConversations(mustFormat(t, "jsonl").NewDecoder(&pieces{line + "\n", 64 << 10}, DecodeOptions{Long: write.long}))
				if err != nil {
					t.Fatal(err)
				}
				enc := f.NewEncoder(write.to, EncodeOptions{})
				for _, c := range convs {
					if f.pairs {
						c = asPair(c)
					}
					if err := enc.Encode(c); err != nil {
						t.Fatal(f.Name, name, err)
					}
				}
				if err := enc.Close(); err != nil {
					t.Fatal(err)
				}
			}
			set.Close()
			if !bytes.Equal(out.Bytes(), want.Bytes()) {
				t.Errorf("%s, a long %s: %d bytes through spools, %d held, not the same", f.Name, name, out.Len(), want.Len())
			}
			passes := out.largest < 1<<20 && whole == 0
			if wantHeld := slices.Contains(strings.Fields(holds), name); passes == wantHeld {
				t.Errorf("%s, a long %s: largest write %d bytes, read whole %d times: held is %v, want %v", f.Name, name, out.largest, whole, !passes, wantHeld)
			}
		}
	}
}

// asPair makes c a preference pair whose rejected completion is a copy
// of its completion, spools and all.
func asPair(c *chat.Conversation) *chat.Conversation {
	n := c.PromptLen()
	pair := *c
	pair.Example = &chat.Example{Prompt: n, Rejected: slices.Clone(c.Messages[n:])}
	return &pair
}

// largestWrite keeps what is written and the length of the longest write.
type largestWrite struct {
	bytes.Buffer
	largest int
}

func (w *largestWrite) Write(b []byte) (int, error) {
	w.largest = max(w.largest, len(b))
	return w.Buffer.Write(b)
}

// wholeCounted is a spool that counts the times its string is read whole
// into memory: readSpool copies it with io.Copy, which hands the copy to
// the reader's WriteTo; copying through (copySplice) calls Read.
type wholeCounted struct {
	chat.Spool
	n *int
}

func (s wholeCounted) Open() io.Reader { return wholeReader{s.Spool.Open(), s.n} }

type wholeReader struct {
	io.Reader
	n *int
}

func (r wholeReader) WriteTo(w io.Writer) (int64, error) {
	*r.n++
	return io.Copy(w, r.Reader)
}

// TestRenderMarkedFallsBack renders with writers that do not write a
// spooled text as a JSON string's inside: one puts it outside a string,
// one cuts it; each must get the text whole instead of a marker, and the
// output be what the text gives.
func TestRenderMarkedFallsBack(t *testing.T) {
	set := spool.New(t.TempDir(), nil)
	defer set.Close()
	long := strings.Repeat("7", 2<<20)
	convs, err := readAllConversations(mustFormat(t, "api").NewDecoder(&pieces{`[{"role":"user","content":"` + long + `"}]`, 64 << 10}, DecodeOptions{Long: set.Open}))
	if err != nil {
		t.Fatal(err)
	}
	if spoolOf(convs[0].Messages[0].Content.Long) == nil {
		t.Fatal("the text is not in a spool")
	}
	renders := map[string]func(*chat.Conversation) ([]byte, error){
		"outside a string": func(c *chat.Conversation) ([]byte, error) {
			return []byte(`{"n":` + c.Messages[0].Content.Text + `}`), nil
		},
		"cut": func(c *chat.Conversation) ([]byte, error) {
			return appendString(nil, c.Messages[0].Content.Text[:10]), nil
		},
	}
	for name, render := range renders {
		held, err := render(&chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent(long)}}})
		if err != nil {
			t.Fatal(err)
		}
		b, splices, err := renderMarked(convs[0], flatTexts, render)
		if err != nil {
			t.Fatal(name, err)
		}
		var out bytes.Buffer
		if err := writeSpliced(&out, b, splices); err != nil {
			t.Fatal(err)
		}
		if len(splices) != 0 || !bytes.Equal(out.Bytes(), held) {
			t.Errorf("%s: %d splices, %d bytes, want none and the %d bytes of the text", name, len(splices), out.Len(), len(held))
		}
	}
}

// TestChatMLMarkupInLongText gives the ChatML writer a long text that
// holds ChatML markup across a read's end: through spools as held, it
// must refuse it with the same error, and with AllowSpecialText write the
// same bytes.
func TestChatMLMarkupInLongText(t *testing.T) {
	text := strings.Repeat("x", 64<<10-5) + imEnd + strings.Repeat("y", 2<<20)
	line := `{"messages":[{"role":"user","content":"` + text + `"}]}` + "\n"
	write := func(opts EncodeOptions, long func(chat.LongKind) chat.Sink) ([]byte, error) {
		convs, err := readAllConversations(mustFormat(t, "jsonl").NewDecoder(&pieces{line, 64 << 10}, DecodeOptions{Long: long}))
		if err != nil {
			t.Fatal(err)
		}
		if long != nil && spoolOf(convs[0].Messages[0].Content.Long) == nil {
			t.Fatal("the text is not in a spool")
		}
		var out bytes.Buffer
		enc := mustFormat(t, "chatml").NewEncoder(&out, opts)
		err = enc.Encode(convs[0])
		return out.Bytes(), err
	}
	set := spool.New(t.TempDir(), nil)
	defer set.Close()
	for _, allow := range []bool{false, true} {
		opts := EncodeOptions{AllowSpecialText: allow}
		held, herr := write(opts, nil)
		spooled, serr := write(opts, set.Open)
		if fmt.Sprint(herr) != fmt.Sprint(serr) || !bytes.Equal(held, spooled) {
			t.Errorf("allow %v: held %d bytes, %v; spooled %d bytes, %v", allow, len(held), herr, len(spooled), serr)
		}
		if (herr == nil) != allow {
			t.Errorf("allow %v: error %v", allow, herr)
		}
	}
}

// TestLongStringsOutsideMessagesKept reads long strings the stream sinks
// by their path but no message holds (a conversation's own "content", a
// message's nested "messages"), without sinks, with spools and through
// counting sinks: jsonl writes them back whole, and a count reads on.
func TestLongStringsOutsideMessagesKept(t *testing.T) {
	long := strings.Repeat("long \"text\" é\n", (3<<20)/15)
	js, _ := json.Marshal(long)
	docs := map[string]string{ // read as api, or as jsonl when they end in a newline
		"conversation content": `[{"messages":[{"role":"user","content":"hi"}],"content":` + string(js) + `}]`,
		"conversation parts":   `{"messages":[{"role":"user","content":"hi"}],"content":[{"type":"text","text":` + string(js) + `}]}` + "\n",
		"nested messages":      `[{"role":"user","content":"hi","messages":[{"content":` + string(js) + `}]}]`,
		"long conversation_id": `{"conversation_id":` + string(js) + `,"messages":[{"role":"user","content":"hi"}]}` + "\n",
	}
	jsonl := mustFormat(t, "jsonl")
	for name, doc := range docs {
		set := spool.New(t.TempDir(), nil)
		counted := func(chat.LongKind) chat.Sink { return &heldText{} } // stands for count's sinks: not a Spool
		for how, long := range map[string]func(chat.LongKind) chat.Sink{"held": nil, "spooled": set.Open, "counted": counted} {
			from := mustFormat(t, "api")
			if strings.HasSuffix(doc, "\n") {
				from = jsonl
			}
			convs, err := readAllConversations(from.NewDecoder(strings.NewReader(doc), DecodeOptions{Long: long}))
			if err != nil {
				t.Fatalf("%s, %s: %v", name, how, err)
			}
			if how == "counted" {
				continue
			}
			var out bytes.Buffer
			enc := jsonl.NewEncoder(&out, EncodeOptions{})
			for _, c := range convs {
				if err := enc.Encode(c); err != nil {
					t.Fatal(err)
				}
			}
			enc.Close()
			if !bytes.Contains(out.Bytes(), js) {
				t.Errorf("%s, %s: the long string is not written whole (%d bytes written)", name, how, out.Len())
			}
		}
		set.Close()
	}
}
