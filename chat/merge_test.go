package chat

import (
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// textSpool is a Spool of a string, with or without a tee.
type textSpool struct {
	text string
	tee  Sink
}

func (s *textSpool) Write(p []byte) (int, error) { return len(p), nil }
func (s *textSpool) Close() error                { return nil }
func (s *textSpool) Abort()                      {}
func (s *textSpool) Kind() LongKind              { return LongText }
func (s *textSpool) Open() io.Reader             { return strings.NewReader(s.text) }
func (s *textSpool) Runes() int                  { return utf8.RuneCountInString(s.text) }
func (s *textSpool) Tee() Sink                   { return s.tee }

// countSink is a Sink that only counts, as count's do.
type countSink struct{ n int }

func (s *countSink) Write(p []byte) (int, error) { s.n += len(p); return len(p), nil }
func (s *countSink) Close() error                { return nil }
func (s *countSink) Abort()                      {}

// TestMergeRolesJoinsSpooledTexts joins runs of user messages whose texts
// spools hold and checks the joined text and its length; a text a count
// Sink stands for, or a spool that tees its string to one, is not joined.
func TestMergeRolesJoinsSpooledTexts(t *testing.T) {
	spooled := func(s string) Content { return Content{Form: ContentString, Long: &textSpool{text: s}} }
	conv := &Conversation{Messages: []Message{
		{Role: User, Content: spooled("long one")}, {Role: User, Content: TextContent("short")}, {Role: User, Content: spooled("long two é")},
		{Role: Assistant, Content: TextContent("ok")},
		{Role: User, Content: TextContent("look")}, {Role: User, Content: Content{Form: ContentParts, Parts: []Part{TextPart("at this")}}}, {Role: User, Content: spooled("long three")},
	}}
	merged, joined := MergeRoles(conv, " | ")
	if joined != 4 || len(merged.Messages) != 3 {
		t.Fatalf("joined %d into %d messages, want 4 into 3", joined, len(merged.Messages))
	}
	text, _ := io.ReadAll(merged.Messages[0].Content.PlainTextReader())
	if want := "long one | short | long two é"; string(text) != want || merged.Messages[0].CharCount() != utf8.RuneCountInString(want) {
		t.Errorf("joined text %q (%d characters), want %q", text, merged.Messages[0].CharCount(), want)
	}
	parts := merged.Messages[2].Content.Parts
	if len(parts) != 3 || string(parts[2].Raw[:parts[2].LongAt]) != `{"type":"text","text":` || string(parts[2].Raw[parts[2].LongAt:]) != `""}` {
		t.Errorf("a spooled string joined to parts: %d parts, the last %s at %d", len(parts), parts[len(parts)-1].Raw, parts[len(parts)-1].LongAt)
	}
	text, _ = io.ReadAll(merged.Messages[2].Content.PlainTextReader())
	if want := "look\nat this\nlong three"; string(text) != want {
		t.Errorf("joined parts read %q, want %q", text, want)
	}
	for _, long := range []Sink{&textSpool{text: "counted", tee: &countSink{}}, &countSink{}} {
		c := &Conversation{Messages: []Message{{Role: User, Content: TextContent("a")}, {Role: User, Content: Content{Form: ContentString, Long: long}}}}
		if _, joined := MergeRoles(c, " "); joined != 0 {
			t.Errorf("joined a text that %T stands for", long)
		}
	}
}
