package convert

import (
	"fmt"
	"io"
	"strings"

	"github.com/convkit/convkit/chat"
)

// placeholder returns the text that stands for a part the format cannot
// hold, and reports the loss; under Strict it returns the error instead.
func (l *losses) placeholder(p chat.Part) (string, error) {
	if text, kind, ok := partText(p); ok {
		return text, l.lose(kind)
	}
	kind := partsNamed(p) + " written as text placeholders"
	if p.Type == "refusal" {
		kind = "refusals written as plain text" // the text kept, not that it refuses
	}
	if err := l.lose(kind); err != nil {
		return "", err
	}
	switch sp := spoolOf(p.Long); {
	case isRedactedThinking(p):
		return redactedThinkingMark, nil
	case p.Text != "":
		return p.Text, nil
	case sp != nil && sp.Kind() == chat.LongImageURL:
		u, err := spooledShortURL(sp)
		return "[image: " + u + "]", err
	case p.ImageURL != "":
		return "[image: " + shortURL(p.ImageURL) + "]", nil
	}
	return "[" + p.Type + "]", nil
}

// flatText renders content as one string, for formats that hold only text;
// parts that are not text become placeholders, and the fields of text parts
// (citations …) are dropped, with a warning.
func flatText(c chat.Content, l *losses) (string, error) {
	if err := l.textFieldsDropped(c); err != nil {
		return "", err
	}
	return joinParts(c, "\n", l.placeholder)
}

// contentText renders content as text for a transcript (text, markdown,
// html), a thinking part's text between [thinking] and [/thinking], a
// redacted one as redactedThinkingMark, other non-text parts as
// placeholders; a transcript reports its losses
// once per conversation (transcriptLosses).
func contentText(c chat.Content) string {
	s, _ := joinParts(c, "\n", func(p chat.Part) (string, error) {
		if text, _, ok := partText(p); ok {
			return text, nil
		}
		switch p.Type {
		case "refusal":
			return "[refusal: " + p.Text + "]", nil
		case "image_url":
			return "[image: " + shortURL(p.ImageURL) + "]", nil
		case "redacted_thinking":
			return redactedThinkingMark, nil
		}
		if text, _, ok := thinkingOf(p); ok {
			return "[thinking]\n" + strings.TrimRight(text, "\n") + "\n[/thinking]", nil
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
		if isTextPart(p) {
			lines[i] = p.Text
			continue
		}
		var err error
		if lines[i], err = other(p); err != nil {
			return "", err
		}
	}
	return strings.Join(lines, sep), nil
}

// isTextPart reports whether p is a text, which transcripts write as it is.
func isTextPart(p chat.Part) bool {
	switch p.Type {
	case "text", "input_text", "output_text":
		return true
	}
	return false
}

// shortURL keeps data: URLs from flooding a transcript.
func shortURL(u string) string {
	if strings.HasPrefix(u, "data:") && len(u) > 64 {
		if i := strings.IndexByte(u, ','); i > 0 {
			return dataURLSummary(u[:i], int64(len(u)-i-1))
		}
	}
	return u
}

// spooledShortURL is shortURL of the URL sp holds, reading the URL
// whole only when its first comma is not near its start.
func spooledShortURL(sp chat.Spool) (string, error) {
	r := sp.Open()
	var b [512]byte
	n, err := io.ReadFull(r, b[:])
	head := string(b[:n])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return shortURL(head), nil
	}
	if err != nil {
		return "", err
	}
	i := strings.IndexByte(head, ',')
	if !strings.HasPrefix(head, "data:") || i <= 0 {
		u, err := readSpool(sp)
		return shortURL(u), err
	}
	rest, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, make([]byte, 64<<10))
	return dataURLSummary(head[:i], int64(n)+rest-int64(i)-1), err
}

// dataURLSummary is how shortURL writes a data: URL: its head, up to the
// comma, and the length of the data after it.
func dataURLSummary(head string, n int64) string {
	return fmt.Sprintf("%s,… (%d bytes)", head, n)
}
