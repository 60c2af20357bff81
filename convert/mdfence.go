package convert

import (
	"strings"

	"github.com/convkit/convkit/chat"
)

// fenceTracker follows, a byte at a time, whether Markdown text leaves a
// fenced code block open (CommonMark: a line of at most three spaces and
// three or more backticks or tildes, closed by a line of as many or more
// of the same and spaces). A message's content that leaves one open would
// hold every heading after it, of the messages that follow, as code: the
// Markdown writer closes it at the end of the message.
type fenceTracker struct {
	open  byte // the open fence's character, 0 when none is open
	n     int  // its length
	phase int  // on this line: 0 indent, 1 the run, 2 after it, 3 no fence
	ind   int
	ch    byte
	run   int
	tick  bool // a backtick after the run
	other bool // something but spaces after the run
}

func (f *fenceTracker) write(s string) {
	for i := 0; i < len(s); i++ {
		f.byte(s[i])
	}
}

func (f *fenceTracker) byte(c byte) {
	if c == '\n' || c == '\r' { // CommonMark ends a line at either (an empty line changes nothing)
		f.endLine()
		return
	}
	switch f.phase {
	case 0:
		switch {
		case c == ' ' && f.ind < 3:
			f.ind++
		case c == '`' || c == '~':
			f.phase, f.ch, f.run = 1, c, 1
		default:
			f.phase = 3
		}
	case 1:
		if c == f.ch {
			f.run++
			return
		}
		f.phase = 2
		f.byte(c)
	case 2:
		f.tick = f.tick || c == '`'
		f.other = f.other || c != ' ' && c != '\t'
	}
}

func (f *fenceTracker) endLine() {
	if f.phase == 1 || f.phase == 2 {
		switch {
		case f.run < 3:
		case f.open == 0 && (f.ch == '~' || !f.tick):
			f.open, f.n = f.ch, f.run
		case f.open == f.ch && f.run >= f.n && !f.other:
			f.open = 0
		}
	}
	*f = fenceTracker{open: f.open, n: f.n}
}

// closing returns the line that closes the fence left open, or "".
func (f *fenceTracker) closing() string {
	if f.open == 0 {
		return ""
	}
	return strings.Repeat(string(f.open), f.n)
}

// markdownOpenFence returns the line that closes a fence the content c
// leaves open as markdownContent writes it (its spooled texts read), or "".
func markdownOpenFence(c chat.Content) (string, error) {
	var f fenceTracker
	feed := func(text string, long chat.Sink) error {
		if sp := spoolOf(long); sp != nil {
			return readThrough(sp, func(b []byte) bool {
				for _, x := range b {
					f.byte(x)
				}
				return true
			})
		}
		f.write(text)
		return nil
	}
	switch c.Form {
	case chat.ContentString:
		if err := feed(c.Text, c.Long); err != nil {
			return "", err
		}
	case chat.ContentParts:
		for i, p := range c.Parts {
			if i > 0 {
				f.write("\n\n")
			}
			if p.Type == "refusal" {
				f.write("> *Refusal:* ") // as markdownContent writes it
			}
			if isTextPart(p) || p.Type == "refusal" {
				if err := feed(p.Text, p.Long); err != nil {
					return "", err
				}
				continue
			}
			if p.Type == "image_url" {
				f.write("![image](")
				if err := feed(p.ImageURL, p.Long); err != nil {
					return "", err
				}
				f.write(")")
				continue
			}
			// A quote (thinking) or a placeholder: lines that neither
			// open nor close a fence.
			f.write("*")
		}
	}
	f.endLine()
	return f.closing(), nil
}
