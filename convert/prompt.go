package convert

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/convkit/convkit/chat"
)

// promptFormat writes what an open model sees: each conversation rendered
// by a chat template (EncodeOptions.Render), as plain text, or with Lines
// as JSON Lines of {"text": …}, the shape of the "text" datasets TRL and
// Axolotl train on.
var promptFormat = &Format{
	Name:        "prompt",
	Description: "the text an open model sees: each conversation rendered by its chat template (export --tokenizer); with --jsonl, {\"text\": …} lines (write only)",
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &promptEncoder{w: w, opts: opts, losses: newLosses("prompt", opts)}
	},
}

// ErrNoRenderer is what the prompt format's Encode returns when no
// EncodeOptions.Render was given.
var ErrNoRenderer = errors.New("prompt: no chat template to render with")

type promptEncoder struct {
	w      io.Writer
	opts   EncodeOptions
	losses *losses
	n      int  // conversations so far
	lineOK bool // what was written last ends a line, or nothing was
}

// Encode writes c's rendering exactly as the template gives it. Between two
// renderings in text it adds a line end where the first has none, so that
// each starts a line; one conversation's output is its rendering, byte for
// byte.
func (e *promptEncoder) Encode(c *chat.Conversation) error {
	e.n++
	if e.opts.Render == nil {
		return ErrNoRenderer
	}
	text, err := e.opts.Render(c)
	if err != nil {
		return err
	}
	if err := promptLosses(c, text, e.losses); err != nil {
		return err
	}
	if e.opts.Lines {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // the markup of special tokens (<|eot_id|>) stays readable
		if err := enc.Encode(struct {
			Text string `json:"text"`
		}{text}); err != nil {
			return err
		}
		_, err = io.WriteString(e.w, b.String())
		return err
	}
	if e.n > 1 && !e.lineOK {
		if _, err := io.WriteString(e.w, "\n"); err != nil {
			return err
		}
	}
	e.lineOK = text == "" && e.lineOK || strings.HasSuffix(text, "\n")
	_, err = io.WriteString(e.w, text)
	return err
}

func (e *promptEncoder) Close() error { return nil }

// jsonEscaped is s as tojson writes it inside its quotes: templates that
// pass a tool result through tojson (gpt-oss, Llama 3.1's) write it so.
func jsonEscaped(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(b.String(), "\n"), `"`), `"`)
}

// promptLosses reports what text, c as its chat template rendered it,
// lacks: what a template is never given (conversation fields but the
// tools, message metadata), and what this one left out of what it was
// given (tool calls, a system message, reasoning, names …): a message's
// text, thinking, name or string field, or a tool call's function name,
// that text does not hold. A template writes text as it is, or trimmed.
func promptLosses(c *chat.Conversation, text string, l *losses) error {
	check := func(lost bool, kind string) error {
		if lost {
			return l.lose(kind)
		}
		return nil
	}
	missing := func(s string) bool {
		s = strings.TrimSpace(s)
		return s != "" && !strings.Contains(text, s) && !strings.Contains(text, jsonEscaped(s))
	}
	if err := check(slices.ContainsFunc(c.Extra, func(f chat.Field) bool { return f.Key != "tools" }),
		"conversation fields other than tools (model, title …), which a chat template is not given, dropped"); err != nil {
		return err
	}
	for i := range c.Messages {
		m := &c.Messages[i]
		named := m.Role != chat.Tool && m.Role != chat.Function && missing(m.Name)
		for _, err := range []error{
			check(len(m.Meta) > 0, "message metadata, which a chat template is not given, dropped"),
			check(named, "message names the chat template does not render dropped"),
			check(m.Content.Form == chat.ContentString && missing(m.Content.Text), "message text the chat template does not render dropped"),
		} {
			if err != nil {
				return err
			}
		}
		for _, p := range m.Content.Parts {
			var err error
			switch {
			case isTextPart(p):
				err = check(missing(p.Text), "message text the chat template does not render dropped")
			case p.Type == "thinking":
				thought, _, _ := thinkingOf(p)
				err = check(missing(thought), "thinking the chat template does not render dropped")
			case isRedactedThinking(p):
				var block struct{ Data string }
				json.Unmarshal(p.Raw, &block)
				err = check(missing(block.Data), redactedThinkingNamed+", which the chat template does not render, dropped")
			}
			if err != nil {
				return err
			}
		}
		for _, f := range m.Extra {
			var s string
			if json.Unmarshal(f.Value, &s) == nil && missing(s) {
				if err := l.lose(fmt.Sprintf("message field %q, which the chat template does not render, dropped", f.Key)); err != nil {
					return err
				}
			}
		}
		for _, tc := range m.ToolCalls {
			if err := check(missing(tc.Name), "tool calls the chat template does not render dropped"); err != nil {
				return err
			}
		}
	}
	return nil
}
