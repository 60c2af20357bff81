package trim

import "github.com/convkit/convkit/chat"

// cutText returns a copy of m whose string content is cut to the longest
// run of whole characters, from the end of the text when keepEnd is set and
// from its start otherwise, that makes the message cost at most avail
// tokens, with what it costs. ok is false when not one character fits.
//
// A token count is not monotone in the length of a text (a shorter text can
// split into more tokens), so the binary search may miss the very longest
// run; but every length it settles on has been counted exactly as the message
// will be sent, so the result never exceeds avail.
func cutText(m *chat.Message, c Counter, avail int, keepEnd bool) (cut chat.Message, tokens int, ok bool) {
	text := m.Content.Text
	offs := make([]int, 0, len(text)+1) // byte offset of each character, then len(text)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	runes := len(offs) - 1
	piece := func(k int) string { // the k characters kept
		if keepEnd {
			return text[offs[runes-k]:]
		}
		return text[:offs[k]]
	}
	cost := func(k int) int {
		cut = *m
		cut.Content = chat.TextContent(piece(k))
		return c.Message(&cut)
	}
	lo, hi := 0, runes-1 // a cut keeps at least one character and drops at least one
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if n := cost(mid); n <= avail {
			lo, tokens = mid, n
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return chat.Message{}, 0, false
	}
	cut = *m
	cut.Content = chat.TextContent(piece(lo))
	if cut.Meta != nil {
		// The seeds' counts describe the whole text; writers fill them anew.
		cut.Meta = append(chat.Fields(nil), m.Meta...)
		cut.Meta.Delete("character_count")
		cut.Meta.Delete("token_count")
	}
	return cut, tokens, true
}
