package template

import (
	"errors"
	"fmt"
	"time"
)

// Template is a parsed chat template.
type Template struct {
	body []node
	// Now is the clock strftime_now reads; time.Now when nil.
	Now func() time.Time
}

// Error is a template that failed to render: its raise_exception message,
// or what went wrong, with the line of the template.
type Error struct {
	Line    int
	Message string
	Raised  bool // the template called raise_exception
}

func (e *Error) Error() string {
	if e.Raised {
		return "chat template: " + e.Message
	}
	return fmt.Sprintf("chat template: line %d: %s", e.Line, e.Message)
}

// raised is what raise_exception returns up the evaluation.
type raised struct{ msg string }

func (r *raised) Error() string { return r.msg }

// Parse parses a Jinja chat template.
func Parse(src string) (*Template, error) {
	chunks, err := lex(src)
	if err != nil {
		return nil, &Error{Message: err.Error()}
	}
	p := &stmtParser{chunks: chunks}
	body, end, err := p.parseBody()
	if err != nil {
		return nil, err
	}
	if end != "" {
		return nil, &Error{Line: p.line(), Message: fmt.Sprintf("unexpected '%s'", end)}
	}
	return &Template{body: body}, nil
}

// Render renders the template with vars (messages, tools,
// add_generation_prompt, bos_token …), values as FromJSON makes them.
func (t *Template) Render(vars map[string]any) (string, error) {
	c := &ctx{tpl: t, scopes: []map[string]any{{}}}
	for k, v := range vars {
		c.scopes[0][k] = v
	}
	if err := execBody(c, t.body); err != nil {
		var r *raised
		if errors.As(err, &r) {
			return "", &Error{Message: r.msg, Raised: true}
		}
		var te *Error
		if errors.As(err, &te) {
			return "", te
		}
		return "", &Error{Message: err.Error()}
	}
	return c.out.String(), nil
}

func (t *Template) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}
