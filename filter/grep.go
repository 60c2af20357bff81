package filter

import (
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/convkit/convkit/chat"
)

// Match is a message whose text matches a search.
type Match struct {
	Index int // the message's place in its conversation, from 0
	Role  chat.Role
	Text  string  // the message's text (see chat.Content.PlainText)
	Spans [][]int // byte offsets [start, end] of each match in Text
	// spooled, for a text that spools hold, reads it where it is: Text
	// is then "" and Spans has the first match only (see TextReader and
	// EachSpan).
	spooled *spanFinder
}

// Spooled reports whether the match's text is read from spools, not
// held in Text.
func (m Match) Spooled() bool { return m.spooled != nil }

// TextReader reads the message's text.
func (m Match) TextReader() io.Reader {
	if m.spooled != nil {
		return io.NewSectionReader(m.spooled.text, 0, m.spooled.text.Size())
	}
	return strings.NewReader(m.Text)
}

// EachSpan calls fn with each match in the text, as Spans has them,
// until fn returns false; a spooled text is searched again as it is read.
func (m Match) EachSpan(fn func(span []int) bool) error {
	if m.spooled != nil {
		return m.spooled.each(fn)
	}
	for _, s := range m.Spans {
		if !fn(s) {
			break
		}
	}
	return nil
}

// Grep returns the messages of conv whose text matches re, of one of
// roles (any role when roles is empty), in order. With spans, each Match
// has its Text and Spans; without (grep -c and -l count matches), only
// its Index and Role. A text that a spool holds (chat.Spool) is searched
// as it is read from it, in memory that does not grow with it, and not
// held: such a Match reads it where it is (Spooled).
func Grep(conv *chat.Conversation, re *regexp.Regexp, roles []string, spans bool) ([]Match, error) {
	var out []Match
	for i := range conv.Messages {
		m := &conv.Messages[i]
		if len(roles) > 0 && !slices.Contains(roles, string(m.Role)) {
			continue
		}
		if m.Content.HasSpooledText() {
			text, err := m.Content.PlainTextAt()
			if err != nil {
				return out, err
			}
			f := newSpanFinder(re, text)
			first, err := f.next(0)
			switch {
			case err != nil:
				return out, err
			case first == nil:
			case spans:
				out = append(out, Match{Index: i, Role: m.Role, Spans: [][]int{first}, spooled: f})
			default:
				out = append(out, Match{Index: i, Role: m.Role})
			}
			continue
		}
		text := m.Content.PlainText()
		if !spans {
			if re.MatchString(text) {
				out = append(out, Match{Index: i, Role: m.Role})
			}
		} else if spans := re.FindAllStringIndex(text, -1); spans != nil {
			out = append(out, Match{Index: i, Role: m.Role, Text: text, Spans: spans})
		}
	}
	return out, nil
}
