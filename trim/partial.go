package trim

import (
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count/bpe"
)

// cutText returns a copy of m whose string content is cut to the longest
// run of whole pieces, from the end of the text when keepEnd is set and
// from its start otherwise, that makes the message cost at most avail
// tokens, with what it costs. The pieces fall between the offsets bounds
// gives (every character when bounds is nil). ok is false when not one
// piece fits.
//
// A token count is not monotone in the length of a text (a shorter text can
// split into more tokens), so the binary search may miss the very longest
// run; but every length it settles on has been counted exactly as the message
// will be sent, so the result never exceeds avail.
func cutText(m *chat.Message, c Counter, avail int, keepEnd bool, bounds func(string) []int) (cut chat.Message, tokens int, ok bool) {
	text := m.Content.Text
	var offs []int // where pieces start, then len(text)
	if bounds != nil {
		offs = bounds(text)
	} else {
		offs = make([]int, 0, len(text)+1)
		for i := range text {
			offs = append(offs, i)
		}
		offs = append(offs, len(text))
	}
	pieces := len(offs) - 1
	piece := func(k int) string { // the k pieces kept
		if keepEnd {
			return text[offs[pieces-k]:]
		}
		return text[:offs[k]]
	}
	cost := func(k int) int {
		cut = *m
		cut.Content = chat.TextContent(piece(k))
		return c.Message(&cut)
	}
	lo, hi := 0, pieces-1 // a cut keeps at least one piece and drops at least one
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

// TokenStarts returns, for the tiktoken encoding called name, the
// Options.Boundaries of its tokens (CutPoints).
func TokenStarts(name string) (func(string) []int, error) {
	enc, err := bpe.Get(name)
	if err != nil {
		return nil, err
	}
	return CutPoints(enc.TokenStarts), nil
}

// CutPoints turns starts, which gives the byte offsets at which the tokens
// of a text start, into Options.Boundaries: those offsets that fall on a
// character boundary, then the text's length. They are the places
// Options.AllowPartial may cut so that the kept text starts or ends on a
// token boundary of the whole text.
func CutPoints(starts func(string) []int) func(string) []int {
	return func(text string) []int {
		offs := starts(text)
		kept := offs[:0]
		for _, off := range offs {
			if off < len(text) && utf8.RuneStart(text[off]) { // text is UTF-8 when it comes from JSON
				kept = append(kept, off)
			}
		}
		return append(kept, len(text))
	}
}
