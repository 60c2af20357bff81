package schema

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/convkit/convkit/internal/jsontree"
)

// knownRoles are the roles of OpenAI's Chat Completions API (function is
// the deprecated role of a legacy function result).
var knownRoles = map[string]bool{"system": true, "developer": true, "user": true, "assistant": true, "tool": true, "function": true}

// messagesOf returns a conversation's messages array and its pointer, or
// nil when v does not look like a conversation.
func messagesOf(v *jsontree.Value, ptr string) (*jsontree.Value, string) {
	if v.Kind == jsontree.Object {
		if m := v.Get("messages"); m != nil && m.Kind == jsontree.Array {
			return m, ptr + "/messages"
		}
		return nil, ""
	}
	if v.Kind == jsontree.Array {
		return v, ptr
	}
	return nil, ""
}

// checkRules applies the conversation rules to one conversation (a
// messages array or an object with "messages"). Its findings are warnings.
func checkRules(conv *jsontree.Value, ptr string) []Problem {
	msgs, mptr := messagesOf(conv, ptr)
	if msgs == nil {
		return nil
	}
	var probs []Problem
	warn := func(v *jsontree.Value, ptr, rule, format string, args ...any) {
		probs = append(probs, Problem{Pos: Pos(v.Pos), Pointer: ptr, Msg: fmt.Sprintf(format, args...), Rule: rule, Warning: true})
	}
	// Pointers are built only for a warning: most messages get none.
	at := func(i int, rest string) string { return mptr + "/" + strconv.Itoa(i) + rest }
	mem := ruleMemories.Get().(*ruleMemory)
	defer mem.release()
	calls, answered := mem.calls, mem.answered
	flush := func() {
		for _, c := range mem.pending {
			if !answered[c.id.Str] {
				warn(c.id, at(c.message, fmt.Sprintf("/tool_calls/%d/id", c.index)), RuleToolCallNoResult, "tool call %s gets no result: no tool message after it has this tool_call_id", show(c.id))
			}
		}
		mem.pending = mem.pending[:0]
		clear(answered)
	}
	prevRole, seenAssistant := "", false
	for i, m := range msgs.Items {
		roleV := m.Get("role")
		if roleV == nil || roleV.Kind != jsontree.String {
			prevRole = ""
			continue
		}
		role := roleV.Str
		if role != "tool" {
			flush()
		}
		switch {
		case !knownRoles[role]:
			hint := ""
			if knownRoles[strings.ToLower(role)] {
				hint = fmt.Sprintf(" (roles are lower case: %q)", strings.ToLower(role))
			}
			warn(roleV, at(i, "/role"), RuleUnknownRole, "unknown role %s%s", show(roleV), hint)
		case (role == "system" || role == "developer") && seenAssistant:
			warn(roleV, at(i, "/role"), RuleLateSystem, "%s message after the first turn: instructions belong before the first assistant reply", role)
		case role == prevRole && role != "tool":
			warn(roleV, at(i, "/role"), RuleSameRole, "%s message right after another %s message (%s/%d)", role, role, mptr, i-1)
		}
		if role == "assistant" {
			seenAssistant = true
			if tcs := m.Get("tool_calls"); tcs != nil && tcs.Kind == jsontree.Array {
				for j, tc := range tcs.Items {
					if id := tc.Get("id"); id != nil && id.Kind == jsontree.String {
						calls[id.Str] = true
						mem.pending = append(mem.pending, toolCall{id, i, j})
					}
				}
			}
		}
		if role == "tool" {
			if id := m.Get("tool_call_id"); id != nil && id.Kind == jsontree.String {
				if !calls[id.Str] {
					warn(id, at(i, "/tool_call_id"), RuleToolResultNoCall, "tool result for %s, which no earlier assistant message called", show(id))
				}
				answered[id.Str] = true
			}
		}
		if c := m.Get("content"); c != nil && isEmpty(c) && !(role == "assistant" && answersOtherwise(m)) {
			warn(c, at(i, "/content"), RuleEmptyContent, "empty content")
		}
		for _, key := range nullableByDump {
			if f := m.Get(key); f != nil && f.Kind == jsontree.Null {
				warn(f, at(i, "/"+key), RuleNullField, "%s is null: read as absent, but the API's reference has no null here (an SDK's model_dump() writes it)", key)
			}
		}
		prevRole = role
	}
	flush()
	return probs
}

// nullableByDump are the message fields the API's reference does not let
// be null, which the openai SDK's model_dump() writes as null when they
// are absent; the schema lets them be null, and this rule warns.
var nullableByDump = []string{"name", "tool_calls", "tool_call_id"}

// answersOtherwise reports whether an assistant message holds its answer
// outside its content, which the API then leaves null: tool calls, a
// refusal, a legacy function call, audio.
func answersOtherwise(m *jsontree.Value) bool {
	for _, key := range []string{"tool_calls", "refusal", "function_call", "audio"} {
		if given(m.Get(key)) {
			return true
		}
	}
	return false
}

// given reports whether a member is present and not null.
func given(v *jsontree.Value) bool { return v != nil && v.Kind != jsontree.Null }

// ruleMemory is what checkRules works in, kept from one conversation to
// the next (ruleMemories), so that a line with tool calls allocates no
// maps: every call id made so far, those the tool messages since the last
// assistant message answered, and that message's calls.
type ruleMemory struct {
	calls, answered map[string]bool
	pending         []toolCall
}

// toolCall is a call of an assistant message, not yet answered.
type toolCall struct {
	id      *jsontree.Value
	message int // the assistant message's index
	index   int // in its tool_calls
}

var ruleMemories = sync.Pool{New: func() any {
	return &ruleMemory{calls: map[string]bool{}, answered: map[string]bool{}}
}}

// release gives m back to ruleMemories, holding nothing of the
// conversation; maps grown large are not kept, as clearing them would
// cost every conversation after.
func (m *ruleMemory) release() {
	if len(m.calls)+len(m.answered) > 1024 {
		m.calls, m.answered = map[string]bool{}, map[string]bool{}
	}
	clear(m.calls)
	clear(m.answered)
	clear(m.pending[:cap(m.pending)])
	m.pending = m.pending[:0]
	ruleMemories.Put(m)
}

// isEmpty reports whether a content value holds no text and no other part.
func isEmpty(c *jsontree.Value) bool {
	switch c.Kind {
	case jsontree.Null:
		return true
	case jsontree.String:
		return isBlank(c)
	case jsontree.Array:
		for _, part := range c.Items {
			t := part.Get("text")
			if t == nil || t.Kind != jsontree.String || !isBlank(t) {
				return false
			}
		}
		return true
	}
	return false
}
