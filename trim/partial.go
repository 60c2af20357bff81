package trim

import (
	"bytes"
	"fmt"
	"io"
	"strings"
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
	return cutPieces(m, c, avail, pieces, func(k int) (string, bool) {
		if keepEnd {
			return text[offs[pieces-k]:], true
		}
		return text[:offs[k]], true
	})
}

// cutPieces keeps of m's text the most of its pieces it can in avail
// tokens: piece(k) gives the text of k pieces, or false when it is known
// to cost more than avail.
//
// A token count is not monotone in the length of a text (a shorter text can
// split into more tokens), so the binary search may miss the very longest
// run; but every length it settles on has been counted exactly as the message
// will be sent, so the result never exceeds avail.
func cutPieces(m *chat.Message, c Counter, avail, pieces int, piece func(k int) (string, bool)) (cut chat.Message, tokens int, ok bool) {
	cost := func(k int) int {
		text, ok := piece(k)
		if !ok {
			return avail + 1
		}
		cut = *m
		cut.Content = chat.TextContent(text)
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
	text, _ := piece(lo)
	cut = *m
	cut.Content = chat.TextContent(text)
	if cut.Meta != nil {
		// The seeds' counts describe the whole text; writers fill them anew.
		cut.Meta = append(chat.Fields(nil), m.Meta...)
		cut.Meta.Delete("character_count")
		cut.Meta.Delete("token_count")
	}
	return cut, tokens, true
}

// A LongCutter finds where a text held in a spool (chat.Spool, in
// Content.Long) may be cut, reading it through: the Boundaries of
// TokenStarts of its encoding, for a Counter that counts a message as
// count's Counter does, at least its text's tokens.
type LongCutter interface {
	// CutPoints returns how many places Boundaries gives in the text r
	// holds, its length excepted, and those at or after from.
	CutPoints(r io.Reader, from int64) (n int, tail []int64, err error)
	// CutPointsBefore returns how many places Boundaries gives in the
	// text r holds, its length excepted, and those before to.
	CutPointsBefore(r io.Reader, to int64) (n int, head []int64, err error)
	// MaxTokenLen is the length in bytes of the longest token: a text of
	// n bytes has at least n/MaxTokenLen tokens.
	MaxTokenLen() int
}

// cutSpooled is cutText, keeping the end of a text held in a spool, with
// what long gives of it. It keeps what cutText keeps of the same text
// whole, reading only its last avail×MaxTokenLen bytes into memory: a text
// longer than that has more than avail tokens, so cutPieces needs only the
// cut points in those bytes and their number.
func cutSpooled(m *chat.Message, c Counter, avail int, long LongCutter, sp chat.Spool) (cut chat.Message, tokens int, ok bool, err error) {
	size, err := chat.SpoolSize(sp)
	if err != nil {
		return chat.Message{}, 0, false, err
	}
	from := max(size-int64(avail)*int64(long.MaxTokenLen()), 0)
	pieces, tail, err := long.CutPoints(sp.Open(), from)
	if err != nil || len(tail) == 0 {
		return chat.Message{}, 0, false, err
	}
	r, err := chat.SpoolFrom(sp, tail[0])
	if err != nil {
		return chat.Message{}, 0, false, err
	}
	var end bytes.Buffer
	if _, err := end.ReadFrom(r); err != nil {
		return chat.Message{}, 0, false, err
	}
	text := end.String() // from tail[0] on
	if int64(len(text)) != size-tail[0] {
		return chat.Message{}, 0, false, fmt.Errorf("trim: a spooled text of %d bytes read back as %d", size, tail[0]+int64(len(text)))
	}
	cut, tokens, ok = cutPieces(m, c, avail, pieces, func(k int) (string, bool) {
		if k > len(tail) {
			return "", false // it starts before from
		}
		return text[tail[len(tail)-k]-tail[0]:], true
	})
	return cut, tokens, ok, nil
}

// cutSpooledStart is cutSpooled keeping the start of the text: a start
// longer than avail×MaxTokenLen bytes has more than avail tokens, so it
// reads only the cut points before that and the text up to the last of
// them into memory.
func cutSpooledStart(m *chat.Message, c Counter, avail int, long LongCutter, sp chat.Spool) (cut chat.Message, tokens int, ok bool, err error) {
	pieces, head, err := long.CutPointsBefore(sp.Open(), int64(avail)*int64(long.MaxTokenLen())+1)
	if err != nil || len(head) == 0 {
		return chat.Message{}, 0, false, err
	}
	end := head[len(head)-1]
	var start strings.Builder
	start.Grow(int(end))
	if n, err := io.CopyN(&start, sp.Open(), end); err != nil {
		return chat.Message{}, 0, false, fmt.Errorf("trim: a spooled text read back ends at byte %d, before its cut point at %d: %w", n, end, err)
	}
	text := start.String() // up to head's last
	cut, tokens, ok = cutPieces(m, c, avail, pieces, func(k int) (string, bool) {
		if k >= len(head) {
			return "", false // it ends after avail×MaxTokenLen bytes
		}
		return text[:head[k]], true
	})
	return cut, tokens, ok, nil
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
