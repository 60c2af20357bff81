package convert

import (
	"fmt"
	"io"
	"strings"

	"github.com/convkit/convkit/chat"
)

// markdownFormat writes a transcript that reads well when rendered: a heading
// per message, content verbatim (so code fences stay intact), tool calls as
// fenced JSON.
var markdownFormat = &Format{
	Name:        "markdown",
	Aliases:     []string{"md"},
	PassesLong:  true,
	Description: "Markdown transcript, a heading per message (write only)",
	Extensions:  []string{".md"},
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &markdownEncoder{w: w, losses: newLosses("markdown", opts)}
	},
}

type markdownEncoder struct {
	w      io.Writer
	losses *losses
	n      int
}

func (e *markdownEncoder) Encode(c *chat.Conversation) error {
	if err := transcriptLosses(c, e.losses, headingFields...); err != nil {
		return err
	}
	e.n++
	b, splices, err := renderText(c, markdownCopying, func(marked *chat.Conversation) ([]byte, error) {
		return e.render(c, marked)
	})
	if err != nil {
		return err
	}
	return writeTranscript(e.w, e.losses, b, splices)
}

// markdownCopying: the Markdown writer writes every string as it is (an
// image's URL, a tool call's arguments in a fence), or not at all (audio),
// but a thinking part's, which it quotes: read whole.
func markdownCopying(m *chat.Message, _ place, sp chat.Spool) copier {
	if isThinkingSpool(m, sp) {
		return nil
	}
	return copyPlain
}

// render writes c, the conversation numbered e.n, from marked, c with
// markers for its spooled strings; what it must know of a spooled string
// before writing it (its last byte, its runs of backticks) it reads from
// c's spool.
func (e *markdownEncoder) render(c, marked *chat.Conversation) ([]byte, error) {
	var b strings.Builder
	if e.n > 1 {
		b.WriteString("\n---\n\n")
	}
	if c.ID != "" || c.Extra.Has("title") {
		fmt.Fprintf(&b, "# %s\n\n", convTitle(c, e.n))
	}
	if details := convDetails(c); len(details) > 0 {
		fmt.Fprintf(&b, "_%s_\n\n", strings.Join(details, " · "))
	}
	for i := range marked.Messages {
		m := &marked.Messages[i]
		if i > 0 {
			b.WriteByte('\n')
		}
		heading := strings.ToUpper(string(m.Role[:min(1, len(m.Role))])) + string(m.Role[min(1, len(m.Role)):])
		if strings.ContainsFunc(heading, isControl) || heading == "" {
			heading = string(appendString(nil, heading)) // a heading is one line
		}
		switch {
		case m.Role == chat.Tool && m.ToolCallID != "":
			heading += " · result of " + codeSpan(m.ToolCallID)
		case m.Name != "":
			heading += " · " + labelPart(m.Name, "")
		}
		b.WriteString("### " + heading + "\n\n")
		body := markdownContent(m.Content)
		if body != "" {
			b.WriteString(body)
			endsLine := strings.HasSuffix(body, "\n")
			if sp := markdownTextEnding(c.Messages[i].Content); sp != nil {
				last, err := lastByte(sp)
				if err != nil {
					return nil, err
				}
				endsLine = last == '\n'
			}
			if !endsLine {
				b.WriteByte('\n')
			}
			// A fence the content leaves open is closed here, or it would
			// hold the headings of the messages after it as code.
			closing, err := markdownOpenFence(c.Messages[i].Content)
			if err != nil {
				return nil, err
			}
			if closing != "" {
				b.WriteString(closing + "\n")
			}
		}
		for k, tc := range m.ToolCalls {
			if body != "" || k > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "**Tool call** %s (%s):\n\n", codeSpan(tc.Name), codeSpan(tc.ID))
			fence, err := fenceOf(&c.Messages[i].ToolCalls[k])
			if err != nil {
				return nil, err
			}
			b.WriteString(fence + "json\n" + tc.Arguments + "\n" + fence + "\n")
		}
	}
	return []byte(b.String()), nil
}

// markdownTextEnding returns the spool whose text ends content as
// markdownContent writes it, or nil.
func markdownTextEnding(c chat.Content) chat.Spool {
	switch {
	case c.Form == chat.ContentString:
		return spoolOf(c.Long)
	case c.Form == chat.ContentParts && len(c.Parts) > 0:
		if p := c.Parts[len(c.Parts)-1]; isTextPart(p) || p.Type == "refusal" {
			return spoolOf(p.Long)
		}
	}
	return nil
}

func markdownContent(c chat.Content) string {
	s, _ := joinParts(c, "\n\n", func(p chat.Part) (string, error) {
		switch p.Type {
		case "refusal":
			return "> *Refusal:* " + p.Text, nil
		case "image_url":
			return "![image](" + p.ImageURL + ")", nil
		case "redacted_thinking":
			return "> *Redacted thinking*", nil
		}
		if text, _, ok := thinkingOf(p); ok {
			return markdownQuote("*Thinking:*\n\n" + text), nil
		}
		return "*[" + p.Type + "]*", nil
	})
	return s
}

// markdownQuote writes s as a block quote, each line of it quoted.
func markdownQuote(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight("> "+l, " ")
	}
	return strings.Join(lines, "\n")
}

// codeSpan writes s as inline code: between runs of backticks longer than
// any in s, spaced from a backtick at its ends, on one line.
func codeSpan(s string) string {
	if strings.ContainsFunc(s, isControl) {
		s = string(appendString(nil, s))
	}
	var runs backtickRuns
	addBackticks(&runs, s)
	ticks := strings.Repeat("`", runs.longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return ticks + s + ticks
}

// fenceOf returns a code fence longer than any run of backticks in tc's
// arguments, spooled or not.
func fenceOf(tc *chat.ToolCall) (string, error) {
	if sp := spoolOf(tc.Long); sp != nil {
		longest, err := longestBacktickRun(sp)
		return fenceLonger(longest), err
	}
	return fenceFor(tc.Arguments), nil
}

// fenceFor returns a code fence longer than any run of backticks in s.
func fenceFor(s string) string {
	var runs backtickRuns
	addBackticks(&runs, s)
	return fenceLonger(runs.longest)
}

// fenceLonger returns a code fence longer than a run of n backticks.
func fenceLonger(n int) string { return strings.Repeat("`", max(3, n+1)) }

func (e *markdownEncoder) Close() error { return nil }
