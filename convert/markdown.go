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
	var b strings.Builder
	if e.n > 0 {
		b.WriteString("\n---\n\n")
	}
	e.n++
	if c.ID != "" || c.Extra.Has("title") {
		fmt.Fprintf(&b, "# %s\n\n", convTitle(c, e.n))
	}
	if details := convDetails(c); len(details) > 0 {
		fmt.Fprintf(&b, "_%s_\n\n", strings.Join(details, " · "))
	}
	for i := range c.Messages {
		m := &c.Messages[i]
		if i > 0 {
			b.WriteByte('\n')
		}
		heading := strings.ToUpper(string(m.Role[:min(1, len(m.Role))])) + string(m.Role[min(1, len(m.Role)):])
		switch {
		case m.Role == chat.Tool && m.ToolCallID != "":
			heading += " · result of `" + m.ToolCallID + "`"
		case m.Name != "":
			heading += " · " + m.Name
		}
		b.WriteString("### " + heading + "\n\n")
		body := markdownContent(m.Content)
		if body != "" {
			b.WriteString(body)
			if !strings.HasSuffix(body, "\n") {
				b.WriteByte('\n')
			}
		}
		for i, tc := range m.ToolCalls {
			if body != "" || i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "**Tool call** `%s` (`%s`):\n\n", tc.Name, tc.ID)
			fence := fenceFor(tc.Arguments)
			b.WriteString(fence + "json\n" + tc.Arguments + "\n" + fence + "\n")
		}
	}
	_, err := io.WriteString(e.w, b.String())
	return err
}

func markdownContent(c chat.Content) string {
	s, _ := joinParts(c, "\n\n", func(p chat.Part) (string, error) {
		switch p.Type {
		case "refusal":
			return "> *Refusal:* " + p.Text, nil
		case "image_url":
			return "![image](" + p.ImageURL + ")", nil
		}
		return "*[" + p.Type + "]*", nil
	})
	return s
}

// fenceFor returns a code fence longer than any run of backticks in s.
func fenceFor(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

func (e *markdownEncoder) Close() error { return nil }
