package filter

import (
	"regexp"
	"slices"

	"github.com/convkit/convkit/chat"
)

// Match is a message whose text matches a search.
type Match struct {
	Index int // the message's place in its conversation, from 0
	Role  chat.Role
	Text  string  // the message's text (see chat.Content.PlainText)
	Spans [][]int // byte offsets [start, end] of each match in Text
}

// Grep returns the messages of conv whose text matches re, of one of
// roles (any role when roles is empty), in order.
func Grep(conv *chat.Conversation, re *regexp.Regexp, roles []string) []Match {
	var out []Match
	for i := range conv.Messages {
		m := &conv.Messages[i]
		if len(roles) > 0 && !slices.Contains(roles, string(m.Role)) {
			continue
		}
		text := m.Content.PlainText()
		if spans := re.FindAllStringIndex(text, -1); spans != nil {
			out = append(out, Match{Index: i, Role: m.Role, Text: text, Spans: spans})
		}
	}
	return out
}
