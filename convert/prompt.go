package convert

import (
	"encoding/json"
	"errors"
	"io"
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
		return &promptEncoder{w: w, opts: opts}
	},
}

// ErrNoRenderer is what the prompt format's Encode returns when no
// EncodeOptions.Render was given.
var ErrNoRenderer = errors.New("prompt: no chat template to render with")

type promptEncoder struct {
	w      io.Writer
	opts   EncodeOptions
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
