package convert

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// sharegptFormat is the ShareGPT dataset shape as LLaMA-Factory and FastChat
// use it: {"conversations": [{"from": …, "value": …}], "system"?, "tools"?},
// one object, an array of them, or JSON Lines. "from" values map by
// sharegptRoles; function_call turns hold {"name", "arguments"} (or a list
// of them) and observation turns their results, paired in order.
var sharegptFormat = &Format{
	Name:        "sharegpt",
	PassesLong:  true,
	Description: "ShareGPT datasets: conversations of {from, value} turns",
	Extensions:  []string{".json", ".jsonl"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		ch := &sharegptChanges{newReadChanges(opts)}
		return singleDecoder(func(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
			return readShareGPT(v, ptr, warn, ch)
		}, sharegptLong)(r, opts)
	},
	NewEncoder: renderEncoder("sharegpt", writeShareGPT),
	Sniff: func(s *Shape) int {
		if s.JSON && (s.Has("conversations.[].from") || s.Has("[].conversations.[].from")) {
			return 60
		}
		return 0
	},
}

// sharegptRoles maps "from" values to roles; function_call is an assistant
// turn of tool calls. Roles are written back as human, gpt, system,
// function_call and observation.
var sharegptRoles = map[string]chat.Role{
	"human": chat.User, "user": chat.User,
	"gpt": chat.Assistant, "assistant": chat.Assistant, "chatgpt": chat.Assistant, "bing": chat.Assistant,
	"bard": chat.Assistant, "model": chat.Assistant, "function_call": chat.Assistant,
	"system":      chat.System,
	"observation": chat.Tool, "tool": chat.Tool, "function": chat.Tool, "function_response": chat.Tool,
}

// sharegptCallID is the form of the ids convkit gives calls, which the
// format has no place for.
var sharegptCallID = lazyRegexp(`^sharegpt_call_[0-9]+$`)

// sharegptWritten is the sender the writer gives each role.
var sharegptWritten = map[chat.Role]string{chat.User: "human", chat.Assistant: "gpt", chat.System: "system", chat.Tool: "observation"}

// sharegptChanges tells, once per kind and input, what a ShareGPT file
// loses by being read: senders that are written back under another name
// ("user" as "human", "bing" as "gpt"), a leading system turn that is
// written back as the top-level "system"; under Strict it refuses them.
type sharegptChanges struct{ *readChanges }

// turn tells of the changes reading turn i, whose sender is from, makes.
// A nil ch tells nothing.
func (ch *sharegptChanges) turn(t, from *jsontree.Value, first bool, role chat.Role, tptr string) error {
	if ch == nil {
		return nil
	}
	if first && role == chat.System {
		return ch.change(t, tptr, "system turn", `a leading "system" turn is read as the system prompt, which sharegpt writes as the top-level "system"`)
	}
	if w, ok := sharegptWritten[role]; ok && w != from.Str && from.Str != "function_call" {
		return ch.change(from, tptr+"/from", "from "+from.Str, fmt.Sprintf("sender %q is read as role %s, which sharegpt writes as %q", from.Str, role, w))
	}
	return nil
}

// sharegptLong says which strings may be too long to hold: the system
// prompt and the turns' values, but for a function_call's, which the
// reader parses, when its sender comes first.
func sharegptLong(path []jsontree.Step) (longString, bool) {
	if len(path) == 3 && str(path[2].In.Get("from")) == "function_call" {
		return longString{}, false
	}
	return longAt(path, sharegptLongPaths)
}

var sharegptLongPaths = []jsontree.LongPath{
	{Kind: chat.LongText, Path: []string{"system"}},
	{Kind: chat.LongText, Path: []string{"conversations", "#", "value"}},
}

func readShareGPT(v *jsontree.Value, ptr string, warn func(Pos, string), ch *sharegptChanges) (*chat.Conversation, error) {
	turns := v.Get("conversations")
	if turns == nil || turns.Kind != jsontree.Array {
		return nil, errAt(v, ptr, "expected \"conversations\", an array of {from, value} turns")
	}
	c := &chat.Conversation{Object: true, Extra: importTools(extras(v, "conversations", "system"), "tools", sharegptTools)}
	if tools := v.Get("tools"); tools != nil && tools.Kind == jsontree.String {
		c.Verbatim = chat.Fields{{Key: "tools", Value: appendString(nil, tools.Str)}}
	}
	if sys := v.Get("system"); sys != nil {
		if sys.Kind != jsontree.String {
			return nil, errAt(sys, ptr+"/system", "expected a string, got %s", kindName(sys))
		}
		c.Messages = append(c.Messages, chat.Message{Role: chat.System, Content: longTextContent(sys)})
	}
	calls := 0
	var pending []string
	toldSurrogate := false
	for i, t := range turns.Items {
		tptr := ptr + "/conversations/" + strconv.Itoa(i)
		if t.Kind != jsontree.Object {
			return nil, errAt(t, tptr, "expected a {from, value} object, got %s", kindName(t))
		}
		from, value := t.Get("from"), t.Get("value")
		if from == nil || from.Kind != jsontree.String {
			return nil, errAt(t, tptr, "turn has no \"from\" string")
		}
		if value == nil || value.Kind != jsontree.String {
			return nil, errAt(t, tptr, "turn has no \"value\" string")
		}
		if !toldSurrogate && warn != nil && hasLoneSurrogate(value.Src) {
			toldSurrogate = true
			warn(Pos(value.Pos), tptr+"/value: "+loneSurrogateMsg)
		}
		m := chat.Message{Role: sharegptRoles[from.Str], Content: longTextContent(value), Extra: extras(t, "from", "value")}
		// A first system turn becomes the top-level "system" when written,
		// unless there is one or the turn has fields of its own.
		first := i == 0 && v.Get("system") == nil && len(m.Extra) == 0
		if err := ch.turn(t, from, first, m.Role, tptr); err != nil {
			return nil, err
		}
		switch {
		case m.Role == "":
			m.Role = chat.Role(from.Str)
			if warn != nil {
				warn(Pos(from.Pos), fmt.Sprintf("%s/from: unknown sender %q kept as a role", tptr, from.Str))
			}
		case from.Str == "function_call":
			if value.Sink != nil { // see sharegptLong
				return nil, errAt(value, tptr+"/value", "a function_call value this long (over 64 KiB) is read only when its \"from\" comes before it")
			}
			tcs, ok := sharegptCalls(value.Str, &calls)
			if !ok {
				return nil, errAt(value, tptr+"/value", "function_call value is not {\"name\": …, \"arguments\": …} JSON (or a list of them)")
			}
			m.Content, m.ToolCalls = chat.Content{Form: chat.ContentNull}, tcs
			m.Verbatim = chat.Fields{{Key: "value", Value: appendString(nil, value.Str)}}
			for _, tc := range tcs {
				pending = append(pending, tc.ID)
			}
		case m.Role == chat.Tool && len(pending) > 0:
			m.ToolCallID, pending = pending[0], pending[1:]
		}
		c.Messages = append(c.Messages, m)
	}
	return c, nil
}

// sharegptTools reads "tools", a JSON string holding a list of
// {"name", "description", "parameters"}.
func sharegptTools(raw json.RawMessage) ([]toolDef, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil, false
	}
	return listOf(noWrap, "parameters", false)(json.RawMessage(s))
}

// sharegptCalls reads a function_call value: one call or a list.
func sharegptCalls(value string, n *int) ([]chat.ToolCall, bool) {
	var list []jsonCall
	var one jsonCall
	if json.Unmarshal([]byte(value), &one) == nil && one.Name != "" {
		list = []jsonCall{one}
	} else if json.Unmarshal([]byte(value), &list) != nil || len(list) == 0 {
		return nil, false
	}
	tcs := make([]chat.ToolCall, len(list))
	for i, call := range list {
		if call.Name == "" {
			return nil, false
		}
		args := string(call.Arguments)
		var s string
		if json.Unmarshal(call.Arguments, &s) == nil {
			args = s // arguments given as a JSON string
		}
		*n++
		tcs[i] = chat.NewToolCall("sharegpt_call_"+strconv.Itoa(*n), call.Name, args)
	}
	return tcs, true
}

func writeShareGPT(c *chat.Conversation, l *losses) ([]byte, error) {
	var o object
	msgs, err := pairedInOrder(c.Messages, l)
	if err != nil {
		return nil, err
	}
	var turns [][]byte
	var system *string
	if len(msgs) > 0 && msgs[0].Role.Instruction() && msgs[0].Content.Form == chat.ContentString && len(msgs[0].Extra) == 0 {
		if err := l.developer(&msgs[0]); err != nil {
			return nil, err
		}
		if err := l.name(&msgs[0]); err != nil {
			return nil, err
		}
		system = &msgs[0].Content.Text
		msgs = msgs[1:]
	}
	turn := func(from, value string, extra chat.Fields) {
		turns = append(turns, (&object{}).str("from", from).str("value", value).fields(extra).bytes())
	}
	for i := range msgs {
		m := &msgs[i]
		if err := l.name(m); err != nil {
			return nil, err
		}
		text, err := flatText(m.Content, l)
		if err != nil {
			return nil, err
		}
		var from string
		switch m.Role {
		case chat.User:
			from = "human"
		case chat.Assistant:
			from = "gpt"
		case chat.System, chat.Developer:
			if err := l.developer(m); err != nil {
				return nil, err
			}
			from = "system"
		case chat.Tool, chat.Function:
			from = "observation"
			if m.ToolCallID != "" && !sharegptCallID().MatchString(m.ToolCallID) {
				if err := l.lose("tool call ids dropped"); err != nil {
					return nil, err
				}
			}
		default:
			from = string(m.Role)
		}
		if len(m.ToolCalls) == 0 {
			turn(from, text, m.Extra)
			continue
		}
		if text != "" {
			if err := l.lose("assistant text beside tool calls written as its own gpt turn"); err != nil {
				return nil, err
			}
			turn(from, text, nil)
		}
		calls := make([][]byte, len(m.ToolCalls))
		for i, tc := range m.ToolCalls {
			if !sharegptCallID().MatchString(tc.ID) {
				if err := l.lose("tool call ids dropped"); err != nil {
					return nil, err
				}
			}
			args := argumentsJSON(tc.Arguments)
			if args == nil {
				args = appendString(nil, tc.Arguments)
			}
			calls[i] = (&object{}).str("name", tc.Name).raw("arguments", args).bytes()
		}
		value := array(calls)
		if len(calls) == 1 {
			value = calls[0]
		}
		turn("function_call", cmp.Or(keptCalls(m), pythonJSON(value)), m.Extra)
	}
	if turns == nil {
		turns = [][]byte{}
	}
	o.raw("conversations", array(turns))
	if system != nil {
		o.str("system", *system)
	}
	extra, err := exportTools(c, "tools", l, false, func(defs []toolDef) []byte {
		list := toolList(defs, func(d *toolDef) []byte { return d.members(&object{}, "parameters", false).bytes() })
		return appendString(nil, pythonJSON(list))
	})
	if err != nil {
		return nil, err
	}
	if kept := keptTools(c); kept != nil {
		extra = slices.Clone(extra) // the caller's conversation stays as it is
		extra.Set("tools", kept)
	} else if raw := extra.Get("tools"); raw != nil && compactJSON(raw) == "[]" {
		// No tools: the format's tools are a string of JSON.
		extra = slices.Clone(extra) // the caller's conversation stays as it is
		extra.Set("tools", appendString(nil, "[]"))
	}
	o.fields(extra)
	return o.bytes(), nil
}

// keptCalls returns the function_call value m was read from, when its
// calls are still the ones it holds (their ids aside, which ShareGPT has
// none of), so that it is written back as it was; or "".
func keptCalls(m *chat.Message) string {
	var value string
	if json.Unmarshal(m.Verbatim.Get("value"), &value) != nil {
		return ""
	}
	n := 0
	tcs, ok := sharegptCalls(value, &n)
	if !ok || len(tcs) != len(m.ToolCalls) {
		return ""
	}
	for i, tc := range m.ToolCalls {
		if tc.Long != nil || tc.Name != tcs[i].Name || tc.Arguments != tcs[i].Arguments {
			return ""
		}
	}
	return value
}

// keptTools returns the "tools" string the conversation was read from,
// when the tools it holds are still those, so that it is written back as
// it was; or nil.
func keptTools(c *chat.Conversation) json.RawMessage {
	kept := c.Verbatim.Get("tools")
	if kept == nil {
		return nil
	}
	defs, ok := sharegptTools(kept)
	if !ok || compactJSON(openAITools(defs)) != compactJSON(c.Extra.Get("tools")) {
		return nil
	}
	return kept
}
