package convert

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/longtest"
)

// stringSpool is a spool of s in memory, read n bytes at a time (not
// seekable) or, with n 0, as a strings.Reader (seekable, as the spools of
// internal/spool are).
type stringSpool struct {
	s string
	n int
}

func (sp stringSpool) Write(b []byte) (int, error) { return len(b), nil }
func (sp stringSpool) Close() error                { return nil }
func (sp stringSpool) Abort()                      {}
func (sp stringSpool) Kind() chat.LongKind         { return chat.LongText }
func (sp stringSpool) Runes() int                  { return utf8.RuneCountInString(sp.s) }
func (sp stringSpool) Tee() chat.Sink              { return nil }
func (sp stringSpool) Open() io.Reader {
	if sp.n == 0 {
		return strings.NewReader(sp.s)
	}
	return &pieces{sp.s, sp.n}
}

// imageSpool is a stringSpool of a data: URL.
type imageSpool struct{ stringSpool }

func (imageSpool) Kind() chat.LongKind { return chat.LongImageURL }

// textShapes are the places of a message a transcript writes a text in:
// each returns the conversation holding s, and the same with s spooled.
var textShapes = map[string]func(s string, sp chat.Spool) (held, spooled *chat.Conversation){
	"content": func(s string, sp chat.Spool) (*chat.Conversation, *chat.Conversation) {
		msg := func(c chat.Content) *chat.Conversation {
			return &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: c}, {Role: chat.Assistant, Content: chat.TextContent("ok")}}}
		}
		return msg(chat.TextContent(s)), msg(chat.Content{Form: chat.ContentString, Long: sp})
	},
	"parts": func(s string, sp chat.Spool) (*chat.Conversation, *chat.Conversation) {
		msg := func(p chat.Part) *chat.Conversation {
			return &chat.Conversation{Messages: []chat.Message{{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{
				p, shortPart("text", "USER: between"), shortPart("refusal", "I can't\n---\nUSER: no"), shortPart("output_text", ""), p,
			}}}}}
		}
		held, spooled := textPart("text", s, sp)
		return msg(held), msg(spooled)
	},
	"refusal": func(s string, sp chat.Spool) (*chat.Conversation, *chat.Conversation) {
		msg := func(p chat.Part) *chat.Conversation {
			return &chat.Conversation{Messages: []chat.Message{{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{p}}}}}
		}
		held, spooled := textPart("refusal", s, sp)
		return msg(held), msg(spooled)
	},
	"thinking": func(s string, sp chat.Spool) (*chat.Conversation, *chat.Conversation) {
		msg := func(p chat.Part) *chat.Conversation {
			return &chat.Conversation{Messages: []chat.Message{{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{
				p, shortPart("text", "so"),
			}}}}}
		}
		raw := `{"type":"thinking","thinking":"","signature":"c2ln"}`
		at := strings.Index(raw, `""`)
		held := chat.Part{Type: "thinking", Raw: withString([]byte(raw), at, s, appendEscaped)}
		spooled := chat.Part{Type: "thinking", Long: sp, Raw: []byte(raw), LongAt: at}
		return msg(held), msg(spooled)
	},
	"image": func(s string, sp chat.Spool) (*chat.Conversation, *chat.Conversation) {
		msg := func(p chat.Part) *chat.Conversation {
			return &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{
				shortPart("text", "what?"), p,
			}}}}}
		}
		const head = "data:image/png;base64,"
		raw := `{"type":"image_url","image_url":{"url":""}}`
		at := strings.LastIndex(raw, `""`)
		held := chat.Part{Type: "image_url", ImageURL: head + s, Raw: withString([]byte(raw), at, head+s, appendEscaped)}
		spooled := chat.Part{Type: "image_url", Long: imageSpool{stringSpool{head + s, sp.(stringSpool).n}}, Raw: []byte(raw), LongAt: at}
		return msg(held), msg(spooled)
	},
	"tool result with a call before": func(s string, sp chat.Spool) (*chat.Conversation, *chat.Conversation) {
		msg := func(c chat.Content) *chat.Conversation {
			return &chat.Conversation{Messages: []chat.Message{
				{Role: chat.Assistant, Content: chat.TextContent("let me"), ToolCalls: []chat.ToolCall{chat.NewToolCall("c1", "f", `{"a":1}`)}},
				{Role: chat.Tool, ToolCallID: "c1", Content: c},
			}}
		}
		return msg(chat.TextContent(s)), msg(chat.Content{Form: chat.ContentString, Long: sp})
	},
	"arguments": func(s string, sp chat.Spool) (*chat.Conversation, *chat.Conversation) {
		msg := func(tc chat.ToolCall) *chat.Conversation {
			return &chat.Conversation{Messages: []chat.Message{{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull}, ToolCalls: []chat.ToolCall{tc}}}}
		}
		raw := `{"id":"c1","type":"function","function":{"name":"f","arguments":""}}`
		at := strings.LastIndex(raw, `""`)
		held := chat.NewToolCall("c1", "f", s)
		held.Raw = withString([]byte(raw), at, s, appendEscaped) // as markSpools puts a string read whole
		spooled := chat.NewToolCall("c1", "f", "")
		spooled.Raw, spooled.LongAt, spooled.Long = []byte(raw), at, sp
		return msg(held), msg(spooled)
	},
}

// textPart returns a part of type typ holding s, and one holding sp's
// string.
func textPart(typ, s string, sp chat.Spool) (held, spooled chat.Part) {
	raw := `{"type":"` + typ + `","text":""}`
	at := strings.LastIndex(raw, `""`)
	held = chat.Part{Type: typ, Text: s, Raw: withString([]byte(raw), at, s, appendEscaped)}
	if sp != nil {
		spooled = chat.Part{Type: typ, Long: sp, Raw: []byte(raw), LongAt: at}
	}
	return held, spooled
}

// shortPart returns a part of type typ holding s, not spooled.
func shortPart(typ, s string) chat.Part {
	held, _ := textPart(typ, s, nil)
	return held
}

// transcriptEncoders are the writers of text formats, as tests make them.
var transcriptEncoders = map[string]func(w io.Writer) Encoder{
	"text":          func(w io.Writer) Encoder { return textFormat.NewEncoder(w, EncodeOptions{}) },
	"text coloured": func(w io.Writer) Encoder { return textFormat.NewEncoder(w, EncodeOptions{Color: true}) },
	"markdown":      func(w io.Writer) Encoder { return markdownFormat.NewEncoder(w, EncodeOptions{}) },
	"html":          func(w io.Writer) Encoder { return htmlFormat.NewEncoder(w, EncodeOptions{}) },
	"yaml":          func(w io.Writer) Encoder { return yamlFormat.NewEncoder(w, EncodeOptions{}) },
}

// checkTextPassesLong writes s in each place and format, held and through
// a spool read in pieces of n bytes (0: seekable), and fails if the
// outputs (or errors) differ. A conversation before it and one after check the first
// conversation's rules (text's first line) and the separators.
func checkTextPassesLong(t *testing.T, s string, n int) {
	t.Helper()
	for shape, make := range textShapes {
		held, spooled := make(s, stringSpool{s, n})
		for name, enc := range transcriptEncoders {
			for _, first := range []bool{true, false} {
				write := func(c *chat.Conversation) ([]byte, error) {
					var out bytes.Buffer
					e := enc(&out)
					convs := []*chat.Conversation{c, {Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent("after")}}}}
					if !first {
						convs = append([]*chat.Conversation{{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent("before")}}}}, convs...)
					}
					for _, c := range convs {
						if err := e.Encode(c); err != nil {
							return nil, err
						}
					}
					err := e.Close()
					return out.Bytes(), err
				}
				want, werr := write(held)
				got, gerr := write(spooled)
				if fmt.Sprint(werr) != fmt.Sprint(gerr) || !bytes.Equal(got, want) {
					t.Fatalf("%s, %s (first %v, pieces of %d), text %q:\nheld    %q (%v)\nspooled %q (%v)",
						name, shape, first, n, abbreviate(s), abbreviate(string(want)), werr, abbreviate(string(got)), gerr)
				}
			}
		}
	}
}

// abbreviate shortens a long string for a failure's message.
func abbreviate(s string) string {
	if len(s) <= 600 {
		return s
	}
	return s[:300] + "…" + s[len(s)-300:]
}

// textTokens are what adversarial texts are made of: what each text
// format looks at (labels, tool calls, separators, fences, white space,
// markup, controls, characters of several bytes and bytes that are none).
var textTokens = []string{
	"\n", "\n", "\n", "\r", "\r\n", " ", "  ", "\t", "a", "word", "`", "``", "```", "````", "```go", "  ```", " ``` ", "```\t",
	"USER:", "USER: ", "User:", "ASSISTANT (bob): ", "TOOL (id):", "A", "Z9_-", "\\", "\\\\", "[tool call ", "[tool call x] f()", "---", "--",
	"(x)", "é", "漢字", "😀", "\xff", "\xe2\x82", "\xf0\x9f", "<", ">", "&", "'", "\"", "\x1b[31m", "\x00", "\x7f", "\u0085", "\u009b",
	"\u00a0", "\u2028", "\u3000", "# title", "_x_", "![image](u)", "\ufeff", "\ufffe", "...", "- ", "? ", ": ", " #", "0x1F", "1e5",
}

// randomText returns a text of about n tokens.
func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(textTokens[rng.IntN(len(textTokens))])
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// TestTextWritersPassLong renders random and adversarial texts held and
// through spools with text, markdown, HTML and YAML: byte for byte the
// same.
// Lines longer than the writers' 64 KiB buffers are read ahead through a
// second reader: some texts here have them, at the start of a line that
// might be escaped, fenced or closing a fence.
func TestTextWritersPassLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 1))
	// What YAML writes in each of its styles, or reads back as no string.
	for _, s := range []string{"true", "~", "123", "0x1F", "-1.5e3", ".inf", "2026-12-06", "-", "---", "...", "\ufeffx", "x ", " x",
		"x\n", "x\n\n", "\n", "x\ny", "x \ny", "x\n y", "x\r\ny", "a\tb", "a #b", "a: b", "a:b", "'q'", "\"q\"", "é\x00\x7f\u0085😀",
		// Arguments text writes on one line: JSON compacted, other text with CR and LF escaped.
		"{\"a\": [1, 2.5e3, true, null, \"x y\\n\"],\r\n \"b\": {}}\n", " \r\n{ }\n", "12\n", "-0.5e+3\n", "\"s \\\" t\"\n", "[1,\n2]",
		"{\"a\":\n", "[1,\n2]]", "01\n", "{\"a\": \"\xff é\"\n}", "\n\t"} {
		checkTextPassesLong(t, s, 0)
	}
	for i := range longtest.Scale(60, 300) {
		checkTextPassesLong(t, randomText(rng, rng.IntN(40)), []int{0, 1, 3, 7}[i%4])
	}
	long := strings.Repeat
	// go test checks every other of these long texts (those at even
	// places); -tags long, all.
	for _, s := range longtest.Sample([]string{
		long("A", 70<<10) + ": x\nUSER: y",
		long("A", 70<<10) + "\nB",
		"\n" + long("\\", 70<<10) + "USER: x\n",
		"x\n" + long("-", 3) + "\n" + long("[tool call ", 7<<10),
		"```" + long(" ", 70<<10) + "go  \ncode\n```\n",
		"```go\n" + long("x", 70<<10) + "\n" + long(" ", 70<<10) + "```" + long(" ", 70<<10) + "\nafter",
		"```\n" + long("`", 70<<10) + "\n```",
		"```" + long("é", 40<<10) + "\u3000\ncode\n```",
		long("😀", 20<<10) + "\r\n" + long("\r", 70<<10) + "\nUSER: x",
		long("a", 200<<10),
		long("\n", 70<<10) + "x" + long("\n", 70<<10),
		long(randomText(rng, 30)+"\n", 12000), // 1.3 MB: seconds, so long only
		randomText(rng, 60000),
	}, 2) {
		for _, n := range []int{0, 4093} {
			checkTextPassesLong(t, s, n)
		}
	}
}

// FuzzTextWritersPassLong is TestTextWritersPassLong on any text.
func FuzzTextWritersPassLong(f *testing.F) {
	for _, s := range []string{"```go\nx\n```", "USER: x\n\\---\n", "\r\nA:\r", "<&>\n\n\n```\n"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		if s == "" {
			return // a spool's string is never empty
		}
		checkTextPassesLong(t, s, int(n))
	})
}
