package convert

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
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
	for _, pair := range [][2]string{{"api", "api"}, {"api", "meta"}, {"meta", "jsonl"}, {"jsonl", "api"}, {"jsonl", "jsonl"}} {
		from, to, in := pair[0], pair[1], inputs[pair[0]]
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

// convertWith reads in as from, with opts, and writes it as to.
func convertWith(t *testing.T, from, to, in string, opts DecodeOptions) []byte {
	t.Helper()
	// Read in pieces, so that the parser does not hold a string whole.
	convs, err := readAllConversations(mustFormat(t, from).NewDecoder(&pieces{in, 64 << 10}, opts))
	if err != nil {
		t.Fatal(from, err)
	}
	var out bytes.Buffer
	enc := mustFormat(t, to).NewEncoder(&out, EncodeOptions{TokenCount: func(m *chat.Message) int { return m.CharCount() }})
	for _, c := range convs {
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestCopyEscaped escapes text read in pieces that split its characters
// as appendString escapes it whole.
func TestCopyEscaped(t *testing.T) {
	text := "a\"b\\c\n\x01 é 漢字 😀 \xff end"
	for size := 1; size <= 5; size++ {
		var out bytes.Buffer
		if err := copyEscaped(&out, &pieces{text, size}); err != nil {
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
