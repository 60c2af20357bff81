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
	if c.Form != chat.ContentParts {
		return c.Text, nil
	}
	texts := make([]string, 0, len(c.Parts))
	for _, p := range c.Parts {
		switch p.Type {
		case "text", "input_text", "output_text":
			texts = append(texts, p.Text)
		default:
			text, err := l.placeholder(p)
			if err != nil {
				return "", err
			}
			texts = append(texts, text)
		}
	}
	return strings.Join(texts, "\n"), nil
}

// contentText renders content as text for a transcript (text, markdown,
// html), non-text parts as placeholders; a transcript reports its losses
// once per conversation (transcriptLosses).
func contentText(c chat.Content) string {
	if c.Form != chat.ContentParts {
		return c.Text
	}
	var out []string
	for _, p := range c.Parts {
		switch p.Type {
		case "text", "input_text", "output_text":
			out = append(out, p.Text)
		case "refusal":
			out = append(out, "[refusal: "+p.Text+"]")
		case "image_url":
			out = append(out, "[image: "+shortURL(p.ImageURL)+"]")
		default:
			out = append(out, "["+p.Type+"]")
		}
	}
	return strings.Join(out, "\n")
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
