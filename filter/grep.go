package filter

import (
	"bufio"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

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
// roles (any role when roles is empty), in order. With spans, each Match
// has its Text and Spans; without (grep -c and -l count matches), only
// its Index and Role, and a text that a spool holds (chat.Spool) is
// searched as it is read from it, in memory that does not grow with it.
// With spans such a text is searched so too, and read whole only if it
// matches.
func Grep(conv *chat.Conversation, re *regexp.Regexp, roles []string, spans bool) ([]Match, error) {
	var out []Match
	for i := range conv.Messages {
		m := &conv.Messages[i]
		if len(roles) > 0 && !slices.Contains(roles, string(m.Role)) {
			continue
		}
		var text string
		if m.Content.HasSpooledText() {
			ok, err := matchReader(re, m.Content.PlainTextReader())
			if err != nil {
				return out, err
			}
			if !ok {
				continue
			}
			if !spans {
				out = append(out, Match{Index: i, Role: m.Role})
				continue
			}
			b, err := io.ReadAll(m.Content.PlainTextReader())
			if err != nil {
				return out, err
			}
			text = string(b)
		} else {
			text = m.Content.PlainText()
		}
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

// searchBlock is how much of a streamed text matchReader looks at at a
// time.
const searchBlock = 64 << 10

// matchReader reports whether re matches the text r reads, holding a
// block of it at a time: a literal is looked for in blocks that overlap
// by its length less one, so that one across two blocks is found; any
// other expression runs on the text's runes as they come
// (regexp.MatchReader), slower but exact.
func matchReader(re *regexp.Regexp, r io.Reader) (bool, error) {
	// (U+FFFD in an expression matches any byte that is not UTF-8 too.)
	if lit, complete := re.LiteralPrefix(); complete && !strings.ContainsRune(lit, utf8.RuneError) {
		return containsReader(r, []byte(lit))
	}
	rr := &readErr{r: r}
	ok := re.MatchReader(bufio.NewReaderSize(rr, searchBlock))
	if rr.err != io.EOF && !ok {
		return false, rr.err
	}
	return ok, nil
}

// containsReader reports whether what r reads holds lit.
func containsReader(r io.Reader, lit []byte) (bool, error) {
	buf := make([]byte, 0, searchBlock+len(lit))
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if bytes.Contains(buf, lit) {
			return true, nil
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if keep := max(len(lit)-1, 0); len(buf) > keep {
			buf = buf[:copy(buf, buf[len(buf)-keep:])]
		}
	}
}

// readErr remembers the error that ends r, which regexp.MatchReader takes
// for the end of the text.
type readErr struct {
	r   io.Reader
	err error
}

func (e *readErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil {
		e.err = err
	}
	return n, err
}
