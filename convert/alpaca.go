package convert

import (
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// alpacaFormat is the Alpaca instruction dataset shape as Stanford Alpaca
// and LLaMA-Factory's data/README.md give it: {"instruction", "input",
// "output"}, with "system" and "history" ([[user, assistant], …]) optional,
// and "chosen"/"rejected" in place of "output" for a preference pair. The
// user message is the instruction and the input joined by a newline, as
// LLaMA-Factory builds it: held as two text parts, so that they are
// written back apart. Written as a JSON array, or JSON Lines with --jsonl.
var alpacaFormat = &Format{
	Name:        "alpaca",
	PassesLong:  true,
	Description: "Alpaca instruction datasets: {instruction, input, output}, optional system and history",
	Extensions:  []string{".json", ".jsonl"},
	NewDecoder: exampleReader(func(_ *jsonReader, v *jsontree.Value, ptr string) (*chat.Conversation, error) {
		return readAlpaca(v, ptr)
	}),
	NewEncoder: renderEncoder("alpaca", writeAlpaca),
	Sniff: func(s *Shape) int {
		if s.JSON && (hasKeys(s, "instruction", "output") || hasKeys(s, "instruction", "chosen")) {
			return 75
		}
		return 0
	},
	pairs: true,
}

// alpacaKeys are the members an Alpaca example's fields are made of.
var alpacaKeys = []string{"instruction", "input", "output", "chosen", "rejected", "system", "history"}

func readAlpaca(v *jsontree.Value, ptr string) (*chat.Conversation, error) {
	strs := map[string]*jsontree.Value{}
	for _, k := range alpacaKeys {
		if mv := v.Get(k); mv != nil && k != "history" {
			if mv.Kind != jsontree.String {
				return nil, errAt(mv, ptr+"/"+k, "expected a string, got %s", kindName(mv))
			}
			strs[k] = mv
		}
	}
	if strs["instruction"] == nil {
		return nil, errAt(v, ptr, "missing \"instruction\": expected an Alpaca example {\"instruction\", \"input\", \"output\"}")
	}
	pair := strs["chosen"] != nil || strs["rejected"] != nil
	switch {
	case pair && (strs["chosen"] == nil || strs["rejected"] == nil):
		return nil, errAt(v, ptr, "a preference example needs both \"chosen\" and \"rejected\"")
	case !pair && strs["output"] == nil:
		return nil, errAt(v, ptr, "missing \"output\" (or \"chosen\" and \"rejected\")")
	}
	var msgs []chat.Message
	say := func(role chat.Role, text string) {
		msgs = append(msgs, chat.Message{Role: role, Content: chat.TextContent(text)})
	}
	if s := strs["system"]; s != nil {
		say(chat.System, s.Str)
	}
	if h := v.Get("history"); h != nil {
		if h.Kind != jsontree.Array {
			return nil, errAt(h, ptr+"/history", "expected a list of [user, assistant] pairs, got %s", kindName(h))
		}
		for i, turn := range h.Items {
			tptr := ptr + "/history/" + strconv.Itoa(i)
			if turn.Kind != jsontree.Array || len(turn.Items) != 2 || turn.Items[0].Kind != jsontree.String || turn.Items[1].Kind != jsontree.String {
				return nil, errAt(turn, tptr, "expected a [user, assistant] pair of strings")
			}
			say(chat.User, turn.Items[0].Str)
			say(chat.Assistant, turn.Items[1].Str)
		}
	}
	say(chat.User, strs["instruction"].Str)
	if in := strs["input"]; in != nil && in.Str != "" {
		msgs[len(msgs)-1].Content = chat.Content{Form: chat.ContentParts, Parts: []chat.Part{chat.TextPart(strs["instruction"].Str), chat.TextPart(in.Str)}}
	}
	extra := extras(v, alpacaKeys...)
	if !pair {
		say(chat.Assistant, strs["output"].Str)
		return &chat.Conversation{Object: true, Messages: msgs, Extra: extra}, nil
	}
	c := example(msgs, []chat.Message{{Role: chat.Assistant, Content: chat.TextContent(strs["chosen"].Str)}},
		[]chat.Message{{Role: chat.Assistant, Content: chat.TextContent(strs["rejected"].Str)}}, false, false)
	c.Extra = extra
	return c, nil
}

// alpacaTurn is one user or assistant turn as Alpaca holds it: text.
type alpacaTurn struct {
	role  chat.Role
	text  string
	input string // the user's input beside its instruction in text
}

// alpacaTurns flattens msgs into the alternating turns Alpaca holds,
// reporting what it cannot hold.
func alpacaTurns(msgs []chat.Message, l *losses) ([]alpacaTurn, error) {
	var turns []alpacaTurn
	for i := range msgs {
		m := &msgs[i]
		checks := []struct {
			lost bool
			kind string
		}{
			{m.Role == chat.Tool || m.Role == chat.Function || len(m.ToolCalls) > 0, "tool calls and results dropped"},
			{m.Role.Instruction(), "system messages after the first dropped"},
			{m.Role != chat.User && m.Role != chat.Assistant && !m.Role.Known(), "messages of other roles dropped"},
		}
		for _, c := range checks {
			if c.lost {
				if err := l.lose(c.kind); err != nil {
					return nil, err
				}
			}
		}
		if err := alpacaFieldsLost(m, l); err != nil {
			return nil, err
		}
		if m.Role != chat.User && m.Role != chat.Assistant {
			continue
		}
		t := alpacaTurn{role: m.Role}
		if ps := m.Content.Parts; m.Role == chat.User && len(ps) == 2 && ps[0].Type == "text" && ps[1].Type == "text" && !ps[0].Placeholder && !ps[1].Placeholder {
			if err := l.textFieldsDropped(m.Content); err != nil {
				return nil, err
			}
			t.text, t.input = ps[0].Text, ps[1].Text
		} else {
			text, err := flatText(m.Content, l)
			if err != nil {
				return nil, err
			}
			t.text = text
		}
		if m.Role == chat.Assistant && len(m.ToolCalls) > 0 && t.text == "" {
			continue
		}
		if n := len(turns); n > 0 && turns[n-1].role == t.role {
			if err := l.lose("consecutive messages of one role joined by a newline"); err != nil {
				return nil, err
			}
			turns[n-1].text = joinTexts(turns[n-1].text, turns[n-1].input, t.text, t.input)
			turns[n-1].input = ""
			continue
		}
		if len(turns) == 0 && t.role == chat.Assistant {
			if err := l.lose("assistant messages before the first user message dropped"); err != nil {
				return nil, err
			}
			continue
		}
		turns = append(turns, t)
	}
	return turns, nil
}

// alpacaFieldsLost reports what of a message beside its role and text
// Alpaca has no place for.
func alpacaFieldsLost(m *chat.Message, l *losses) error {
	if len(m.Extra) > 0 {
		if err := l.lose("message fields other than role and content dropped"); err != nil {
			return err
		}
	}
	if len(m.Meta) > 0 {
		if err := l.lose("message metadata (timestamp …) dropped; -f meta keeps it"); err != nil {
			return err
		}
	}
	return l.name(m)
}

// joinTexts joins the non-empty texts by newlines.
func joinTexts(texts ...string) string {
	out := ""
	for _, t := range texts {
		if t == "" {
			continue
		}
		if out != "" {
			out += "\n"
		}
		out += t
	}
	return out
}

func writeAlpaca(c *chat.Conversation, l *losses) ([]byte, error) {
	prompt, chosen, rejected := parts(c)
	var system *string
	if len(prompt) > 0 && prompt[0].Role.Instruction() {
		// The system prompt is kept whatever fields beside its text are
		// dropped: those are the loss, not the prompt.
		if err := alpacaFieldsLost(&prompt[0], l); err != nil {
			return nil, err
		}
		if err := l.developer(&prompt[0]); err != nil {
			return nil, err
		}
		if err := l.name(&prompt[0]); err != nil {
			return nil, err
		}
		text, err := flatText(prompt[0].Content, l)
		if err != nil {
			return nil, err
		}
		system, prompt = &text, prompt[1:]
	}
	turns, err := alpacaTurns(prompt, l)
	if err != nil {
		return nil, err
	}
	instruction := alpacaTurn{role: chat.User}
	if n := len(turns); n > 0 && turns[n-1].role == chat.User {
		instruction, turns = turns[n-1], turns[:n-1]
	} else if len(turns) > 0 {
		if err := l.lose("prompts that do not end with a user message written with an empty instruction"); err != nil {
			return nil, err
		}
	}
	if len(chosen) == 0 {
		if err := l.lose("conversations that do not end with an answer written with an empty output"); err != nil {
			return nil, err
		}
	}
	output, err := alpacaAnswer(chosen, l)
	if err != nil {
		return nil, err
	}
	var o object
	o.str("instruction", instruction.text).str("input", instruction.input)
	if rejected != nil {
		other, err := alpacaAnswer(rejected, l)
		if err != nil {
			return nil, err
		}
		o.str("chosen", output).str("rejected", other)
	} else {
		o.str("output", output)
	}
	if system != nil {
		o.str("system", *system)
	}
	if len(turns) > 0 {
		pairs := make([][]byte, 0, len(turns)/2)
		for i := 0; i < len(turns); i += 2 {
			answer := ""
			if i+1 < len(turns) {
				answer = turns[i+1].text
			}
			pairs = append(pairs, array([][]byte{appendString(nil, joinTexts(turns[i].text, turns[i].input)), appendString(nil, answer)}))
		}
		o.raw("history", array(pairs))
	}
	return o.fields(conversationFields(c)).bytes(), nil
}

// alpacaAnswer flattens a completion into the text of an output.
func alpacaAnswer(msgs []chat.Message, l *losses) (string, error) {
	turns, err := alpacaTurns(append([]chat.Message{{Role: chat.User}}, msgs...), l)
	if err != nil {
		return "", err
	}
	var texts []string
	for _, t := range turns[1:] {
		texts = append(texts, t.text)
	}
	return joinTexts(texts...), nil
}
