package redact

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
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
	long  map[chat.Spool]*longScan
}

// Scan runs the rules over c, changing nothing: it is the costly part of
// redacting, and unlike Conversation it is safe to call from several
// goroutines at once, on different conversations. Redact then replaces
// what it found, in the order the conversations are to be written, so
// that placeholders are numbered as by Conversation.
func (r *Redactor) Scan(c *chat.Conversation) *Scan {
	s := &Redactor{det: r.det, opts: r.opts, scanning: true, scanned: map[string][]span{}, scannedLong: map[chat.Spool]*longScan{}}
	s.Conversation(c, 0) // its errors are Redact's to tell
	return &Scan{c: c, spans: s.scanned, long: s.scannedLong}
}

// Redact redacts the conversation s scanned, in place, as Conversation.
func (r *Redactor) Redact(s *Scan, conv int) ([]Finding, error) {
	r.scanned, r.scannedLong = s.spans, s.long
	defer func() { r.scanned, r.scannedLong = nil, nil }()
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
	// A preference pair's rejected completion is written too: it is
	// redacted as the chosen one is.
	rejected := c.Rejected()
	for i := range rejected {
		m := &rejected[i]
		at := Location{Conversation: conv, Message: i + 1, Role: string(m.Role), Rejected: true}
		if err := r.message(m, at); err != nil {
			return nil, fmt.Errorf("conversation %d, rejected message %d: %w", conv, i+1, err)
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
		if sp, ok := m.Content.Long.(chat.Spool); ok {
			var err error
			if m.Content.Long, err = r.longText(sp, false); err != nil {
				return err
			}
		}
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
		if err := r.fields(m.Meta); err != nil { // a response body's members, a seed's timestamp
			return err
		}
		return r.fields(m.Extra)
	}
	return nil
}

// part redacts a content part: its raw JSON (what JSON writers emit), then
// its views quietly, which the same values turn into the same placeholders.
// A long string (a Spool) is redacted where it stands in the raw JSON.
func (r *Redactor) part(p *chat.Part) error {
	sp, _ := p.Long.(chat.Spool)
	kind, err := mediaKind(p, sp)
	if err != nil {
		return err
	}
	if kind != "" {
		if r.opts.KeepMedia || r.scanning {
			return nil
		}
		sum, err := mediaSum(p, sp) // the same image, the same placeholder, without holding it
		if err != nil {
			return err
		}
		ph := r.placeholder(kind, string(sum))
		r.found = append(r.found, Finding{Location: r.at, Kind: kind, Placeholder: ph, Media: true, Context: p.Type + " part"})
		*p = chat.TextPart(ph)
		return nil
	}
	if p.Raw == nil {
		p.Text = r.text(p.Text, false)
		p.ImageURL = r.text(p.ImageURL, false)
		return nil
	}
	long := p.Long
	raw, rerr := rewriteStrings(p.Raw, func(at int, key, v string) string {
		switch {
		case structural[key]:
		case sp != nil && at == p.LongAt:
			long, err = r.longText(sp, false)
		default:
			v = r.text(v, false)
		}
		return v
	})
	if err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	p.Raw, p.Long = raw, long
	p.Text = r.text(p.Text, true)
	p.ImageURL = r.text(p.ImageURL, true)
	return nil
}

// mediaSum is what tells a part's image, audio or file from another's.
// A long one's string is hashed where the held part has it: its URL,
// and in Raw as the source wrote it, which is the string as it is when
// it has no escapes (a data: URL's base64 has none); so the sum is the
// held part's.
func mediaSum(p *chat.Part, sp chat.Spool) ([]byte, error) {
	h := sha256.New()
	h.Write([]byte(p.ImageURL))
	if sp == nil {
		h.Write(p.Raw)
		return h.Sum(nil), nil
	}
	if sp.Kind() == chat.LongImageURL {
		if _, err := io.Copy(h, sp.Open()); err != nil {
			return nil, err
		}
	}
	h.Write(p.Raw[:p.LongAt+1])
	if _, err := io.Copy(h, sp.Open()); err != nil {
		return nil, err
	}
	h.Write(p.Raw[p.LongAt+1:])
	return h.Sum(nil), nil
}

// toolCall redacts a call: inside the string values of its arguments when
// they are JSON, as text when they are not.
func (r *Redactor) toolCall(tc *chat.ToolCall) error {
	if tc.Raw != nil {
		sp, _ := tc.Long.(chat.Spool)
		long := tc.Long
		var err error
		raw, rerr := rewriteStrings(tc.Raw, func(at int, key, v string) string {
			switch {
			case sp != nil && at == tc.LongAt && key == "arguments":
				long, err = r.longArguments(sp)
			case key == "arguments":
				return r.arguments(v, false)
			case structural[key] || key == "name":
			case sp != nil && at == tc.LongAt:
				long, err = r.heldLong(sp, func(v string) string { return r.valueWithKey(key, v, false) })
			default:
				return r.valueWithKey(key, v, false)
			}
			return v
		})
		if err == nil {
			err = rerr
		}
		if err != nil {
			return err
		}
		tc.Raw, tc.Long = raw, long
	}
	tc.Arguments = r.arguments(tc.Arguments, tc.Raw != nil)
	return nil
}

// arguments redacts a tool call's arguments.
func (r *Redactor) arguments(args string, quiet bool) string {
	if !json.Valid([]byte(args)) {
		return r.text(args, quiet)
	}
	out, err := rewriteStrings([]byte(args), func(_ int, key, v string) string { return r.valueWithKey(key, v, quiet) })
	if err != nil {
		return r.text(args, quiet)
	}
	return string(out)
}

// longArguments is arguments for long ones: read whole when they may be
// JSON (they open as a JSON value does), which only the whole can say;
// else as a long text.
func (r *Redactor) longArguments(sp chat.Spool) (chat.Spool, error) {
	br := bufio.NewReader(sp.Open())
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return r.longText(sp, false) // white space, not JSON
		}
		if err != nil {
			return nil, err
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case strings.IndexByte(`{["-0123456789tfn`, c) >= 0:
			return r.heldLong(sp, func(args string) string { return r.arguments(args, false) })
		}
		return r.longText(sp, false)
	}
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
		raw, err := rewriteStrings(fs[i].Value, func(_ int, key, v string) string {
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
// ("image", "audio", "file"), which no rule can look into, or "". sp is
// the part's long string, if it has one.
func mediaKind(p *chat.Part, sp chat.Spool) (string, error) {
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
		return kind, nil
	}
	inline := false
	if sp != nil { // long: over 64 bytes
		head := make([]byte, len("data:"))
		n, err := io.ReadFull(sp.Open(), head)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return "", err
		}
		inline = string(head[:n]) == "data:"
	}
	if p.Raw != nil {
		rewriteStrings(p.Raw, func(at int, key, v string) string {
			long := sp != nil && at == p.LongAt
			if strings.HasPrefix(v, "data:") || key == "file_data" || (key == "data" && (long || len(v) >= 64)) {
				inline = true
			}
			return v
		})
	}
	if inline {
		return kind, nil
	}
	return "", nil
}
