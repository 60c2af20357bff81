package filter

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// around is how much text an excerpt shows on each side of a match, and
// contextLen how much of a context message, in bytes.
const (
	around     = 40
	contextLen = 80
)

// excerpt shows m's first match with up to 40 bytes of text on each
// side, on one line, the matches coloured when color is set; of a
// spooled text it reads only that part, and the matches in it.
func excerpt(m Match, color bool) (string, error) {
	first := m.Spans[0]
	if m.spooled == nil {
		from, to := runeStart(m.Text, max(0, first[0]-around)), runeEnd(m.Text, min(len(m.Text), first[1]+around))
		return showMatches(m.Text[from:to], from, from > 0, to < len(m.Text), m.Spans, color), nil
	}
	f := m.spooled
	size := int(f.text.Size())
	from, to := max(0, first[0]-around), min(size, first[1]+around)
	for from > 0 && from < size && !utf8.RuneStart(f.byteAt(from)) {
		from--
	}
	for to < size && !utf8.RuneStart(f.byteAt(to)) {
		to++
	}
	window := make([]byte, to-from)
	if _, err := f.text.ReadAt(window, int64(from)); err != nil && err != io.EOF {
		return "", err
	}
	spans := m.Spans
	if color { // the matches after the first that the window shows
		spans = nil
		err := f.each(func(span []int) bool {
			if span[1] > to {
				return false
			}
			spans = append(spans, span)
			return true
		})
		if err != nil {
			return "", err
		}
	}
	return showMatches(string(window), from, from > 0, to < size, spans, color), nil
}

// showMatches shows window, the text from offset from on, with the
// matches of spans (offsets in the text) that it holds coloured when
// color is set, "…" where the text was cut, on one line.
func showMatches(window string, from int, cutBefore, cutAfter bool, spans [][]int, color bool) string {
	to := from + len(window)
	var b strings.Builder
	if cutBefore {
		b.WriteString("…")
	}
	at := from
	for _, s := range spans {
		if s[0] < at || s[1] > to {
			continue
		}
		b.WriteString(window[at-from : s[0]-from])
		if color {
			b.WriteString("\x1b[1;31m" + window[s[0]-from:s[1]-from] + "\x1b[0m")
		} else {
			b.WriteString(window[s[0]-from : s[1]-from])
		}
		at = s[1]
	}
	b.WriteString(window[at-from:])
	if cutAfter {
		b.WriteString("…")
	}
	return oneLine(b.String())
}

// runeStart and runeEnd move a byte offset in s back, or on, to where a
// character starts.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

func runeEnd(s string, i int) int {
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

var oneLiner = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ")

func oneLine(s string) string { return oneLiner.Replace(s) }

// A GrepLine is a line of grep's output about one conversation: a
// matching message, or a message of context around one.
type GrepLine struct {
	Index int // the message's place in its conversation, from 0
	Role  chat.Role
	Text  string // the excerpt of a match, or the start of a context message, on one line
	Match bool
	// Gap says that messages were left out between the line before and
	// this one (grep's "--").
	Gap bool
}

// Context returns the lines that show matches of conv, found by Grep,
// each with up to before and after messages of context (of any role), in
// message order, each message once.
func Context(conv *chat.Conversation, matches []Match, before, after int, color bool) ([]GrepLine, error) {
	var out []GrepLine
	last := -1 // the last message shown
	var err error
	show := func(i int) {
		m := &conv.Messages[i]
		text, herr := textHead(m.Content, contextLen)
		if err == nil {
			err = herr
		}
		cut := runeStart(text, min(len(text), contextLen))
		line := GrepLine{Index: i, Role: m.Role, Text: oneLine(text[:cut]), Gap: last >= 0 && i > last+1}
		if cut < len(text) {
			line.Text += "…"
		}
		out = append(out, line)
		last = i
	}
	for k, mt := range matches {
		for i := max(last+1, mt.Index-before); i < mt.Index; i++ {
			show(i)
		}
		text, xerr := excerpt(mt, color)
		if err == nil {
			err = xerr
		}
		out = append(out, GrepLine{Index: mt.Index, Role: mt.Role, Text: text, Match: true, Gap: last >= 0 && mt.Index > last+1})
		last = mt.Index
		end := min(len(conv.Messages)-1, mt.Index+after)
		if k+1 < len(matches) {
			end = min(end, matches[k+1].Index-1)
		}
		for i := last + 1; i <= end; i++ {
			show(i)
		}
	}
	return out, err
}

// textHead returns the content's text (PlainText), or, if a spool holds
// some of it, as much of its start as a context line shows: n bytes and
// the character byte n is in, and more, for the line to end in "…".
func textHead(c chat.Content, n int) (string, error) {
	if !c.HasSpooledText() {
		return c.PlainText(), nil
	}
	head, err := io.ReadAll(io.LimitReader(c.PlainTextReader(), int64(n+utf8.UTFMax)))
	return string(head), err
}
