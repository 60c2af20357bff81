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

// Excerpt shows m's first match with up to 40 bytes of text on each
// side, on one line, the matches coloured when color is set.
func Excerpt(m Match, color bool) string {
	first := m.Spans[0]
	from, to := runeStart(m.Text, max(0, first[0]-around)), runeEnd(m.Text, min(len(m.Text), first[1]+around))
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, s := range m.Spans {
		if s[0] < at || s[1] > to {
			continue
		}
		b.WriteString(m.Text[at:s[0]])
		if color {
			b.WriteString("\x1b[1;31m" + m.Text[s[0]:s[1]] + "\x1b[0m")
		} else {
			b.WriteString(m.Text[s[0]:s[1]])
		}
		at = s[1]
	}
	b.WriteString(m.Text[at:to])
	if to < len(m.Text) {
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
		out = append(out, GrepLine{Index: mt.Index, Role: mt.Role, Text: Excerpt(mt, color), Match: true, Gap: last >= 0 && mt.Index > last+1})
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
