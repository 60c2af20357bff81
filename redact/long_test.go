package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/redact/internal/gencorpus"
)

// memSpool is a long text as a spool gives it back.
type memSpool struct {
	kind chat.LongKind
	text string
}

func (s *memSpool) Write(p []byte) (int, error) { return len(p), nil }
func (s *memSpool) Close() error                { return nil }
func (s *memSpool) Abort()                      {}
func (s *memSpool) Kind() chat.LongKind         { return s.kind }
func (s *memSpool) Open() io.Reader             { return strings.NewReader(s.text) }
func (s *memSpool) Runes() int                  { return len([]rune(s.text)) }
func (s *memSpool) Tee() chat.Sink              { return nil }

// smallWindows makes the windows 32 KiB, and the longest reach scanned in
// them 8 KiB, for the test, so that texts of some hundred KiB cross
// many windows.
func smallWindows(t *testing.T) {
	size, limit := windowSize, reachLimit
	windowSize, reachLimit = 32<<10, 8<<10
	t.Cleanup(func() { windowSize, reachLimit = size, limit })
}

// filler is the mixed text between findings: no finding of its own.
const filler = "The quick brown fox — jumps “over” the lazy dog\n\t {\"k\": 1} é 漢字 😀 "

// plantedValues are a finding of each kind and what holds a placeholder.
var plantedValues = []string{
	"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", "mail.me.7@example-corp.org", "+44 20 7946 0958",
	"203.0.113.77", `api_key = "4f9c2d1e8b7a6c5d4e3f2a1b0c9d8e7f"`, "4111 1111 1111 1111", "GB82WEST12345698765432",
	"xoxb-1234567890-1234567890-abcdefghijkl0123456789", "[REDACTED:email-1]", "078-05-1121",
	"2001:db8:85a3::8a2e:370:7334",
}

// textWith is filler of size bytes with values written at the places
// given, in order (each after the one before it, at its place or just
// after).
func textWith(size int, at []int, values []string) string {
	var b strings.Builder
	for i, place := range at {
		for b.Len() < place {
			b.WriteString(filler[:min(len(filler), place-b.Len())])
		}
		b.WriteString(" " + values[i%len(values)] + " ")
	}
	for b.Len() < size {
		b.WriteString(filler)
	}
	return strings.ToValidUTF8(b.String(), "?") // filler cut inside a character
}

// longShapes hold a long text where a reader gives it: whole (long is
// nil) or in a spool.
var longShapes = []struct {
	name  string
	build func(text string, long chat.Sink) *chat.Conversation
	out   func(c *chat.Conversation) string // the redacted text
}{
	{"content", func(text string, long chat.Sink) *chat.Conversation {
		return conversationAfterEmail(chat.Message{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentString, Text: text, Long: long}})
	}, func(c *chat.Conversation) string {
		return textOf(c.Messages[1].Content.Text, c.Messages[1].Content.Long)
	}},
	{"text part", func(text string, long chat.Sink) *chat.Conversation {
		p := chat.TextPart(text)
		if long != nil {
			p.Long, p.LongAt = long, len(p.Raw)-len(`""}`)
		}
		return conversationAfterEmail(chat.Message{Role: chat.User, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{p}}})
	}, func(c *chat.Conversation) string {
		p := c.Messages[1].Content.Parts[0]
		return rawString(p.Raw, p.Long, p.LongAt, "text")
	}},
	{"tool call", func(text string, long chat.Sink) *chat.Conversation {
		tc := chat.NewToolCall("call_1", "save", text)
		if long != nil {
			tc.Long, tc.LongAt = long, bytes.Index(tc.Raw, []byte(`"arguments":""`))+len(`"arguments":`)
		}
		return conversationAfterEmail(chat.Message{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull}, ToolCalls: []chat.ToolCall{tc}})
	}, func(c *chat.Conversation) string {
		tc := c.Messages[1].ToolCalls[0]
		return rawString(tc.Raw, tc.Long, tc.LongAt, "arguments")
	}},
}

// conversationAfterEmail is m after a message that gives email-1, so
// that a long text holding [REDACTED:email-1] holds a placeholder given.
func conversationAfterEmail(m chat.Message) *chat.Conversation {
	return &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent("write to ann@example.org")}, m}}
}

func textOf(text string, long chat.Sink) string {
	if sp, ok := long.(chat.Spool); ok {
		b, _ := io.ReadAll(sp.Open())
		return string(b)
	}
	return text
}

// rawString is the string at key in raw, or in the spool that fills raw.
func rawString(raw []byte, long chat.Sink, at int, key string) string {
	if long != nil {
		return textOf("", long)
	}
	var v struct {
		Text     string `json:"text"`
		Function struct {
			Arguments string `json:"arguments"`
		} `json:"function"`
	}
	json.Unmarshal(raw, &v)
	if key == "text" {
		return v.Text
	}
	return v.Function.Arguments
}

// sameAsHeld redacts text held whole and in a spool, in each shape (go
// test: in one, by turns), and fails unless the redacted texts and the
// findings are the same; the spooled one is scanned on its own, then
// redacted (Scan, Redact), as the command does. It returns whether the
// windows decided (else the text was read whole).
func sameAsHeld(t *testing.T, opts Options, text string) (windowed bool) {
	t.Helper()
	shapes := longShapes
	if !longTests {
		sameAsHeldTurn++
		shapes = shapes[sameAsHeldTurn%len(shapes):][:1]
	}
	for _, shape := range shapes {
		held, _ := New(opts)
		want := shape.build(text, nil)
		wantFound, err := held.Conversation(want, 1)
		if err != nil {
			t.Fatal(err)
		}
		spooled, _ := New(opts)
		sp := &memSpool{text: text}
		got := shape.build("", sp)
		gotFound, err := spooled.Redact(spooled.Scan(got), 1)
		if err != nil {
			t.Fatal(err)
		}
		if w, g := shape.out(want), shape.out(got); w != g {
			at := 0
			for at < min(len(w), len(g)) && w[at] == g[at] {
				at++
			}
			t.Fatalf("%s: the spooled text differs from the held one at byte %d: %q, held %q", shape.name, at, g[at:min(len(g), at+80)], w[at:min(len(w), at+80)])
		}
		if !reflect.DeepEqual(gotFound, wantFound) {
			t.Fatalf("%s: %d findings spooled, %d held; first difference:\n%s", shape.name, len(gotFound), len(wantFound), firstDifference(gotFound, wantFound))
		}
		if long, ok := longOf(got).(chat.Spool); ok && long.Runes() != len([]rune(shape.out(got))) {
			t.Errorf("%s: Runes says %d, the text has %d", shape.name, long.Runes(), len([]rune(shape.out(got))))
		}
		sv, literal, _ := spooled.det.surveyLong(sp)
		ls, _ := spooled.det.scanWindows(sp, sv, literal)
		windowed = ls != nil
	}
	return windowed
}

// sameAsHeldTurn is the shape sameAsHeld takes next under go test.
var sameAsHeldTurn int

func longOf(c *chat.Conversation) chat.Sink {
	m := c.Messages[1]
	switch {
	case m.Content.Long != nil:
		return m.Content.Long
	case len(m.Content.Parts) > 0:
		return m.Content.Parts[0].Long
	}
	return m.ToolCalls[0].Long
}

func firstDifference(got, want []Finding) string {
	for i := range max(len(got), len(want)) {
		var g, w Finding
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("%d: spooled %+v\n   held %+v", i, g, w)
		}
	}
	return ""
}

// TestLongTextSameAsHeld places findings of every kind where windows
// meet (at and around each multiple of the window's size, at the reach
// before it, across the overlap), at the start and the end of the text,
// and many in a row, and checks that a text redacted in its spool, a
// window at a time, is redacted as the same text held whole is.
func TestLongTextSameAsHeld(t *testing.T) {
	smallWindows(t)
	size := 4 * windowSize
	var edges []int
	for w := windowSize; w < size; w += windowSize {
		for _, d := range []int{-5000, -4200, -300, -100, -70, -40, -20, -9, -3, -1, 0, 2, 30} {
			edges = append(edges, w+d)
		}
	}
	many := make([]int, 0, 3000)
	for at := 0; at < size; at += 97 {
		many = append(many, at)
	}
	cases := []struct {
		name string
		text string
	}{
		{"at the windows' edges", textWith(size, edges, plantedValues)},
		{"at the start and the end", strings.TrimSuffix(textWith(size-200, []int{0, size - 200}, plantedValues[:1]), " ")},
		{"one at the very end", textWith(size, nil, nil) + plantedValues[1]},
		{"many in a row", textWith(size, many, plantedValues)},
		{"one letter", strings.Repeat("a", size)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !sameAsHeld(t, Options{}, c.text) {
				t.Errorf("read whole: the windows should decide")
			}
		})
	}
}

// TestLongTextCorpus redacts seeded corpus messages (every kind planted,
// and decoys) joined into one long text, at random places, held and
// spooled.
func TestLongTextCorpus(t *testing.T) {
	smallWindows(t)
	rounds, messages := 1, 60
	if longTests {
		rounds, messages = 6, 400
	}
	for seed := range rounds {
		corpus := gencorpus.Generate(uint64(100+seed), messages)
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		var b strings.Builder
		for _, m := range corpus {
			b.WriteString(m.Text)
			b.WriteString(filler[:r.IntN(len(filler)/2)])
			if r.IntN(4) == 0 {
				b.WriteString(strings.Repeat(filler, r.IntN(messages)))
			}
		}
		text := strings.ToValidUTF8(b.String(), "?")
		sameAsHeld(t, Options{}, text)
		sameAsHeld(t, Options{Kinds: []string{KindEmail, KindIP, "generic-api-key"}}, text)
	}
}

// TestLongTextReadWhole checks the texts the windows cannot decide: an
// expression whose match can be longer than the longest reach scanned (a
// key of 40 KiB after api_key =; a private key, whose body may be of any
// length), and a judgment that needs more than a window (a version after
// "to", the "upgrade" that says so at the start of a line longer than a
// window): they are read whole, and redacted as held.
func TestLongTextReadWhole(t *testing.T) {
	smallWindows(t)
	long := strings.Repeat("q", 40<<10)
	for name, text := range map[string]string{
		"a long key":    textWith(150<<10, []int{100 << 10}, []string{`api_key = "` + long + `"`}),
		"a private key": textWith(150<<10, []int{1000, 100 << 10}, []string{"-----BEGIN RSA PRIVATE KEY-----\n" + strings.Repeat("MIIEpAIBAAKCAQEA7bq\n", 5) + "-----END RSA PRIVATE KEY-----"}),
		"a long line":   "upgrade the box" + strings.Repeat(" kept", 10<<10) + " to 10.20.30.40 and 10.20.30.41" + textWith(50<<10, nil, nil),
	} {
		t.Run(name, func(t *testing.T) {
			if sameAsHeld(t, Options{}, text) {
				t.Errorf("the windows decided: the text should be read whole")
			}
		})
	}
}

// TestLongMedia checks that a long data: image is replaced as a held one
// is, and that a long https: URL is redacted as text.
func TestLongMedia(t *testing.T) {
	image := "data:image/png;base64," + strings.Repeat("iVBORw0KGgo", 10<<10)
	url := "https://example.org/?u=ann@example.org&pad=" + strings.Repeat("x", 100<<10)
	for _, s := range []string{image, url} {
		held, _ := New(Options{})
		want := &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{chat.ImagePart(s, "high")}}}}}
		wantFound, err := held.Conversation(want, 1)
		if err != nil {
			t.Fatal(err)
		}
		spooled, _ := New(Options{})
		p := chat.ImagePart("", "high")
		p.Long, p.LongAt = &memSpool{kind: chat.LongImageURL, text: s}, bytes.Index(p.Raw, []byte(`""`))
		got := &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{p}}}}}
		gotFound, err := spooled.Redact(spooled.Scan(got), 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(gotFound) != len(wantFound) || len(gotFound) == 0 || gotFound[0].Placeholder != wantFound[0].Placeholder || gotFound[0].Context != wantFound[0].Context {
			t.Fatalf("%.30s…: findings %+v, held %+v", s, gotFound, wantFound)
		}
		// The same image held, then long: one placeholder, as for two held.
		if err == nil && s == image {
			again := &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{p}}}}}
			againFound, err := held.Conversation(again, 2)
			if err != nil || len(againFound) != 1 || againFound[0].Placeholder != wantFound[0].Placeholder {
				t.Errorf("the same image long after held: %+v, %v; held %s", againFound, err, wantFound[0].Placeholder)
			}
		}
		gp, wp := got.Messages[0].Content.Parts[0], want.Messages[0].Content.Parts[0]
		if wp.Long == nil && (gp.Type != wp.Type || rawURL(gp) != rawURL(wp)) {
			t.Errorf("%.30s…: part %s %q, held %s %q", s, gp.Type, rawURL(gp), wp.Type, rawURL(wp))
		}
	}
}

// rawURL is an image part's URL, or its text once replaced.
func rawURL(p chat.Part) string {
	if p.Long != nil {
		return textOf("", p.Long)
	}
	var v struct {
		Text     string `json:"text"`
		ImageURL struct {
			URL string `json:"url"`
		} `json:"image_url"`
	}
	json.Unmarshal(p.Raw, &v)
	return v.Text + v.ImageURL.URL
}
