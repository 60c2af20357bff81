package filter

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/trim"
)

// compiled is an expression and what it reads.
type compiled struct {
	prog       *vm.Program
	usesTokens bool
	readsText  bool
}

// UsesTokens reports whether the expression reads token counts, so that
// a caller knows whether it needs a Counter.
func (p *compiled) UsesTokens() bool { return p.usesTokens }

// ReadsText reports whether the expression may read the text of a
// message or a tool call's arguments; when it does not, a conversation
// whose long texts spools hold (chat.Spool) gives the same result as read
// whole.
func (p *compiled) ReadsText() bool { return p.readsText }

// Program is a compiled conversation expression.
type Program struct{ compiled }

// Compile compiles a conversation expression; an error is a *SyntaxError.
func Compile(src string) (*Program, error) {
	c, err := compile(src, convEnv{}, false)
	if err != nil {
		return nil, err
	}
	return &Program{*c}, nil
}

// Match runs the expression on conv, found at line; c counts tokens and
// may be nil when UsesTokens is false.
func (p *Program) Match(conv *chat.Conversation, line int, c Counter) (bool, error) {
	if !p.usesTokens {
		c = nil
	}
	env, err := conversationEnv(conv, line, c, p.readsText)
	if err != nil {
		return false, err
	}
	out, err := expr.Run(p.prog, env)
	if err != nil {
		return false, err
	}
	return out.(bool), nil
}

// KeyProgram is a compiled conversation expression of any type, whose
// value is a key conversations are grouped by (dedupe --key, shard --by).
type KeyProgram struct{ compiled }

// CompileKey compiles a key expression; an error is a *SyntaxError.
func CompileKey(src string) (*KeyProgram, error) {
	c, err := compile(src, convEnv{}, true)
	if err != nil {
		return nil, err
	}
	return &KeyProgram{*c}, nil
}

// Key runs the expression on conv and returns its value as text.
func (p *KeyProgram) Key(conv *chat.Conversation, line int, c Counter) (string, error) {
	if !p.usesTokens {
		c = nil
	}
	env, err := conversationEnv(conv, line, c, p.readsText)
	if err != nil {
		return "", err
	}
	out, err := expr.Run(p.prog, env)
	if err != nil {
		return "", err
	}
	if s, ok := out.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// MessageProgram is a compiled message expression.
type MessageProgram struct{ compiled }

// CompileMessages compiles a message expression; an error is a *SyntaxError.
func CompileMessages(src string) (*MessageProgram, error) {
	c, err := compile(src, msgEnv{}, false)
	if err != nil {
		return nil, err
	}
	return &MessageProgram{*c}, nil
}

// Apply keeps the messages of conv for which the expression is true, and
// returns conv itself when it keeps them all. A tool call and its results
// (trim.Cuts's runs) are kept or dropped together: kept only when the
// expression is true for each of them, so that no call loses its result
// and no result its call.
func (p *MessageProgram) Apply(conv *chat.Conversation, c Counter) (*chat.Conversation, int, error) {
	if !p.usesTokens {
		c = nil
	}
	msgs := conv.Messages
	keep := make([]bool, len(msgs))
	for i := range msgs {
		ok, err := p.keepsCounted(&msgs[i], i, c)
		if err != nil {
			return nil, 0, fmt.Errorf("message %d: %w", i+1, err)
		}
		keep[i] = ok
	}
	cuts := trim.Cuts(msgs)
	for from := 0; from < len(msgs); {
		to := from + 1
		for to < len(msgs) && !cuts[to] {
			to++
		}
		all := true
		for i := from; i < to; i++ {
			all = all && keep[i]
		}
		for i := from; i < to; i++ {
			keep[i] = all
		}
		from = to
	}
	var kept []chat.Message
	var from []int
	for i := range msgs {
		if keep[i] {
			kept, from = append(kept, msgs[i]), append(from, i)
		}
	}
	dropped := len(msgs) - len(kept)
	if dropped == 0 {
		return conv, 0, nil
	}
	out := *conv
	out.Messages, out.Example = kept, conv.Example.Kept(from)
	return &out, dropped, nil
}

// keepsCounted runs the expression on message m at index i.
func (p *MessageProgram) keepsCounted(m *chat.Message, i int, c Counter) (bool, error) {
	env, err := messageEnv(m, i, c, p.readsText)
	if err != nil {
		return false, err
	}
	out, err := expr.Run(p.prog, env)
	if err != nil {
		return false, err
	}
	return out.(bool), nil
}

// Shortcuts are the common filters, written as flags.
type Shortcuts struct {
	MinTokens, MaxTokens int // 0: no limit
	Roles                []string
	HasTools             bool
	Grep                 []string // regexps of which one message text must match each
}

// Expr returns the conversation expression the shortcuts stand for,
// joined with extra by and; "" when there is nothing to check.
func (s Shortcuts) Expr(extra string) string {
	var terms []string
	if extra != "" {
		terms = append(terms, "("+extra+")")
	}
	if s.MinTokens > 0 {
		terms = append(terms, fmt.Sprintf("tokens >= %d", s.MinTokens))
	}
	if s.MaxTokens > 0 {
		terms = append(terms, fmt.Sprintf("tokens <= %d", s.MaxTokens))
	}
	for _, r := range s.Roles {
		terms = append(terms, quote(r)+" in roles")
	}
	if s.HasTools {
		terms = append(terms, "has_tools")
	}
	for _, re := range s.Grep {
		terms = append(terms, "any(messages, matches(.content, "+quote(re)+"))")
	}
	return strings.Join(terms, " && ")
}

// quote writes s as an expr string literal: JSON's escapes are expr's.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func stringField(fs chat.Fields, key string) string {
	var s string
	if raw := fs.Get(key); raw != nil && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}
