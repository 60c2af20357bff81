package dedupe

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// readSpool is a chat.Spool whose reader gives its text as read does
// (a byte at a time, half of what is asked…), so that characters, NFKC's
// segments and runs of white space fall across the parts that SumKey
// reads.
type readSpool struct {
	text string
	read func(io.Reader) io.Reader
}

func (s *readSpool) Write(p []byte) (int, error) { return len(p), nil }
func (s *readSpool) Close() error                { return nil }
func (s *readSpool) Abort()                      {}
func (s *readSpool) Kind() chat.LongKind         { return chat.LongText }
func (s *readSpool) Runes() int                  { return utf8.RuneCountInString(s.text) }
func (s *readSpool) Tee() chat.Sink              { return nil }
func (s *readSpool) Open() io.Reader             { return s.read(strings.NewReader(s.text)) }

// TestSumKeyStreamsTheSame hashes conversations whose texts are held by
// spools read in small parts, and checks that the digests are those of
// the same conversations held whole: what dedupe, sample, split and
// shard decided before texts were spooled.
func TestSumKeyStreamsTheSame(t *testing.T) {
	texts := []string{
		"  Say\t\thello.\n",
		"ｆｕｌｌ　ｗｉｄｔｈ and ﬁne ligatures",
		"cafe\u0301 and \u1100\u1161\u11a8 jamo that compose",
		"a" + strings.Repeat("\u0301", 70) + " many marks on one letter",
		"trailing white space \u3000\u00a0\u2028\u0085 ",
		"\u00a0\u00a0leading",
		"bad bytes \xff\xfe and a cut one \xe2\x82",
		"ends in a cut character \xe2\x82",
		strings.Repeat("word  \t", 8000) + "é",
		"",
		"   ",
	}
	readers := map[string]func(io.Reader) io.Reader{
		"a byte at a time": iotest.OneByteReader, "in halves": iotest.HalfReader, "whole": func(r io.Reader) io.Reader { return r },
	}
	for how, read := range readers {
		for i, text := range texts {
			other := texts[(i+1)%len(texts)]
			held := &chat.Conversation{Messages: []chat.Message{
				{Role: chat.System, Content: chat.TextContent("be brief")},
				{Role: chat.User, Name: "ann", Content: chat.TextContent(text)},
				{Role: chat.User, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{
					chat.ImagePart("data:image/png;base64,QUFB", ""), chat.TextPart(other), chat.TextPart(""), chat.TextPart(text), chat.TextPart(" x "),
				}}},
				{Role: chat.Assistant, ToolCalls: []chat.ToolCall{chat.NewToolCall("c1", "save", text), chat.NewToolCall("c2", "load", other)}},
			}}
			spooled := &chat.Conversation{Messages: append([]chat.Message(nil), held.Messages...)}
			spool := func(s string) chat.Sink { return &readSpool{s, read} }
			spooled.Messages[1].Content = chat.Content{Form: chat.ContentString, Long: spool(text)}
			parts := append([]chat.Part(nil), held.Messages[2].Content.Parts...)
			parts[1].Text, parts[1].Long = "", spool(other)
			parts[3].Text, parts[3].Long = "", spool(text)
			spooled.Messages[2].Content.Parts = parts
			calls := append([]chat.ToolCall(nil), held.Messages[3].ToolCalls...)
			calls[0].Arguments, calls[0].Long = "", spool(text)
			spooled.Messages[3].ToolCalls = calls

			key, err := Key(held)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := SumKey(spooled); err != nil || got != Sum(key) {
				t.Errorf("text %d read %s: SumKey %x, %v; the held key's %x", i, how, got[:4], err, func() []byte { d := Sum(key); return d[:4] }())
			}
			if got, err := Key(spooled); err != nil || got != key {
				t.Errorf("text %d read %s: Key of the spooled conversation %q, want %q", i, how, got, key)
			}
			first, _ := FirstUser(held)
			if got, err := SumFirstUser(spooled); err != nil || got != Sum(first) {
				t.Errorf("text %d read %s: SumFirstUser differs from the held text's (%q), %v", i, how, first, err)
			}
		}
	}
}
