package redact

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/convkit/convkit/chat"
)

// structural are the keys whose string values name a shape, not content:
// they are never redacted, so that every part and call keeps its type.
var structural = map[string]bool{
	"type": true, "id": true, "tool_call_id": true, "tool_use_id": true, "call_id": true,
	"detail": true, "format": true, "media_type": true, "mime_type": true, "role": true,
}

// A Scan is what the rules found in one conversation, for Redact.
type Scan struct {
	c     *chat.Conversation
	spans map[string][]span
}

// Scan runs the rules over c, changing nothing: it is the costly part of
// redacting, and unlike Conversation it is safe to call from several
// goroutines at once, on different conversations. Redact then replaces
// what it found, in the order the conversations are to be written, so
// that placeholders are numbered as by Conversation.
func (r *Redactor) Scan(c *chat.Conversation) *Scan {
	s := &Redactor{det: r.det, opts: r.opts, scanning: true, scanned: map[string][]span{}}
	s.Conversation(c, 0) // its errors are Redact's to tell
	return &Scan{c: c, spans: s.scanned}
}

// Redact redacts the conversation s scanned, in place, as Conversation.
func (r *Redactor) Redact(s *Scan, conv int) ([]Finding, error) {
	r.scanned = s.spans
	defer func() { r.scanned = nil }()
	return r.Conversation(s.c, conv)
}

// Conversation redacts c in place and returns what it found; conv is the
// conversation's number, for the findings' locations. Messages keep their
// places, parts their types, and tool-call arguments that were JSON stay
// JSON of the same structure.
func (r *Redactor) Conversation(c *chat.Conversation, conv int) ([]Finding, error) {
	r.found = nil
	if r.opts.UnknownFields {
		r.at = Location{Conversation: conv}
		if err := r.fields(c.Extra); err != nil {
			return nil, err
		}
	}
	for i := range c.Messages {
		m := &c.Messages[i]
		at := Location{Conversation: conv, Message: i + 1, Role: string(m.Role)}
		if err := r.message(m, at); err != nil {
			return nil, fmt.Errorf("conversation %d, message %d: %w", conv, i+1, err)
		}
	}
	return r.found, nil
}

func (r *Redactor) message(m *chat.Message, at Location) error {
	r.at = at
	r.at.Field = "name"
	m.Name = r.text(m.Name, false)
	switch m.Content.Form {
	case chat.ContentString:
		r.at.Field = "content"
		m.Content.Text = r.text(m.Content.Text, false)
	case chat.ContentParts:
		for j := range m.Content.Parts {
			r.at.Field = fmt.Sprintf("part %d", j+1)
			if err := r.part(&m.Content.Parts[j]); err != nil {
				return err
			}
		}
	}
	for j := range m.ToolCalls {
		r.at.Field = fmt.Sprintf("tool call %d", j+1)
		if err := r.toolCall(&m.ToolCalls[j]); err != nil {
			return err
		}
	}
	if r.opts.UnknownFields {
		r.at.Field = "field"
		return r.fields(m.Extra)
	}
	return nil
}

// part redacts a content part: its raw JSON (what JSON writers emit), then
// its views quietly, which the same values turn into the same placeholders.
func (r *Redactor) part(p *chat.Part) error {
	if kind := mediaKind(p); kind != "" {
		if r.opts.KeepMedia || r.scanning {
			return nil
		}
		sum := sha256.Sum256(append([]byte(p.ImageURL), p.Raw...)) // the same image, the same placeholder, without holding it
		ph := r.placeholder(kind, string(sum[:]))
		r.found = append(r.found, Finding{Location: r.at, Kind: kind, Placeholder: ph, Media: true, Context: p.Type + " part"})
		*p = chat.TextPart(ph)
		return nil
	}
	if p.Raw == nil {
		p.Text = r.text(p.Text, false)
		p.ImageURL = r.text(p.ImageURL, false)
		return nil
	}
	raw, err := rewriteStrings(p.Raw, func(key, v string) string {
		if structural[key] {
			return v
		}
		return r.text(v, false)
	})
	if err != nil {
		return err
	}
	p.Raw = raw
	p.Text = r.text(p.Text, true)
	p.ImageURL = r.text(p.ImageURL, true)
	return nil
}

// toolCall redacts a call: inside the string values of its arguments when
// they are JSON, as text when they are not.
func (r *Redactor) toolCall(tc *chat.ToolCall) error {
	if tc.Raw != nil {
		raw, err := rewriteStrings(tc.Raw, func(key, v string) string {
			switch {
			case key == "arguments":
				return r.arguments(v, false)
			case structural[key] || key == "name":
				return v
			}
			return r.valueWithKey(key, v, false)
		})
		if err != nil {
			return err
		}
		tc.Raw = raw
	}
	tc.Arguments = r.arguments(tc.Arguments, tc.Raw != nil)
	return nil
}

// arguments redacts a tool call's arguments.
func (r *Redactor) arguments(args string, quiet bool) string {
	if !json.Valid([]byte(args)) {
		return r.text(args, quiet)
	}
	out, err := rewriteStrings([]byte(args), func(key, v string) string { return r.valueWithKey(key, v, quiet) })
	if err != nil {
		return r.text(args, quiet)
	}
	return string(out)
}

// valueWithKey redacts a JSON string value, seen by the rules with its key
// before it ("password": "…") as gitleaks sees it in a file.
func (r *Redactor) valueWithKey(key, v string, quiet bool) string {
	if v == "" {
		return v
	}
	if key == "" {
		return r.text(v, quiet)
	}
	prefix := `"` + key + `": "`
	return r.textIn(prefix+v+`"`, len(prefix), len(prefix)+len(v), quiet)
}

// fields redacts the string values of unknown fields.
func (r *Redactor) fields(fs chat.Fields) error {
	field := r.at.Field
	for i := range fs {
		r.at.Field = "field " + fs[i].Key
		raw, err := rewriteStrings(fs[i].Value, func(key, v string) string {
			if key == "" {
				key = fs[i].Key
			}
			return r.valueWithKey(key, v, false)
		})
		if err != nil {
			return err
		}
		fs[i].Value = raw
	}
	r.at.Field = field
	return nil
}

// mediaKind says whether a part carries an image, audio or a file inline
// ("image", "audio", "file"), which no rule can look into, or "".
func mediaKind(p *chat.Part) string {
	kind := ""
	switch {
	case strings.Contains(p.Type, "audio"):
		kind = "audio"
	case strings.Contains(p.Type, "image"):
		kind = "image"
	default:
		kind = "file"
	}
	if strings.HasPrefix(p.ImageURL, "data:") || p.Type == "input_audio" {
		return kind
	}
	inline := false
	if p.Raw != nil {
		rewriteStrings(p.Raw, func(key, v string) string {
			if strings.HasPrefix(v, "data:") || key == "file_data" || (key == "data" && len(v) >= 64) {
				inline = true
			}
			return v
		})
	}
	if inline {
		return kind
	}
	return ""
}
