package filter

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

func TestContextShowsEachMessageOnce(t *testing.T) {
	conv := &chat.Conversation{}
	for i := range 10 {
		text := fmt.Sprintf("message %d", i)
		if i == 3 || i == 5 || i == 9 {
			text = "a match"
		}
		conv.Messages = append(conv.Messages, chat.Message{Role: chat.User, Content: chat.TextContent(text)})
	}
	matches, _ := Grep(conv, regexp.MustCompile("match"), nil, true)
	lines, _ := Context(conv, matches, 1, 1, false)
	var got []string
	for _, l := range lines {
		s := fmt.Sprint(l.Index)
		if l.Match {
			s += "*"
		}
		if l.Gap {
			s = "-- " + s
		}
		got = append(got, s)
	}
	// 3 and 5 share message 4; 9's group is apart.
	if want := "2 3* 4 5* 6 -- 8 9*"; strings.Join(got, " ") != want {
		t.Fatalf("lines %s, want %s", strings.Join(got, " "), want)
	}
	long, _ := Context(&chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent(strings.Repeat("é", 100))}, {Role: chat.User, Content: chat.TextContent("x")}}},
		[]Match{{Index: 1, Role: chat.User, Text: "x", Spans: [][]int{{0, 1}}}}, 1, 0, false)
	if len(long) != 2 || long[0].Text != strings.Repeat("é", 40)+"…" {
		t.Fatalf("a long context message shows as %q", long[0].Text)
	}
}
