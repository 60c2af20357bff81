package convert

import (
	"fmt"
	"strings"

	"github.com/convkit/convkit/chat"
)

// placeholder returns the text that stands for a part the format cannot
// hold, and reports the loss; under Strict it returns the error instead.
func (l *losses) placeholder(p chat.Part) (string, error) {
	if err := l.lose(p.Type + " parts written as text placeholders"); err != nil {
		return "", err
	}
	switch {
	case p.Text != "":
		return p.Text, nil
	case p.ImageURL != "":
		return "[image: " + shortURL(p.ImageURL) + "]", nil
	}
	return "[" + p.Type + "]", nil
}

// flatText renders content as one string, for formats that hold only text;
// parts that are not text become placeholders, with a warning.
func flatText(c chat.Content, l *losses) (string, error) {
	return joinParts(c, "\n", l.placeholder)
}

// contentText renders content as text for a transcript (text, markdown,
// html), non-text parts as placeholders; a transcript reports its losses
// once per conversation (transcriptLosses).
func contentText(c chat.Content) string {
	s, _ := joinParts(c, "\n", func(p chat.Part) (string, error) {
		switch p.Type {
		case "refusal":
			return "[refusal: " + p.Text + "]", nil
		case "image_url":
			return "[image: " + shortURL(p.ImageURL) + "]", nil
		}
		return "[" + p.Type + "]", nil
	})
	return s
}

// joinParts renders content as one string, its parts joined by sep: text
// parts as they are, the others as other writes them.
func joinParts(c chat.Content, sep string, other func(chat.Part) (string, error)) (string, error) {
	if c.Form != chat.ContentParts {
		return c.Text, nil
	}
	lines := make([]string, len(c.Parts))
	for i, p := range c.Parts {
		switch p.Type {
		case "text", "input_text", "output_text":
			lines[i] = p.Text
		default:
			var err error
			if lines[i], err = other(p); err != nil {
				return "", err
			}
		}
	}
	return strings.Join(lines, sep), nil
}

// shortURL keeps data: URLs from flooding a transcript.
func shortURL(u string) string {
	if strings.HasPrefix(u, "data:") && len(u) > 64 {
		if i := strings.IndexByte(u, ','); i > 0 {
			return fmt.Sprintf("%s,… (%d bytes)", u[:i], len(u)-i-1)
		}
	}
	return u
}
