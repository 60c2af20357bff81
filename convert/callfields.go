package convert

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/convkit/convkit/chat"
)

// withExtraContent gives tc, just read, a Raw that keeps a provider's own
// fields of the call, an object, in its extra_content under the
// provider's name, as OpenAI's Gemini-compatible endpoint keeps a
// call's signature. long is the sink tc's arguments went to (marshaled);
// it returns the one to give withLongArguments.
func withExtraContent(tc *chat.ToolCall, provider string, fields []byte, long chat.Sink) chat.Sink {
	tc.Raw = (&object{}).str("id", tc.ID).str("type", "function").
		raw("function", (&object{}).str("name", tc.Name).str("arguments", tc.Arguments).bytes()).
		raw("extra_content", (&object{}).raw(provider, fields).bytes()).bytes()
	return unmarshaled(long)
}

// extraContentFields returns the members of raw's extra_content under
// provider's name, in order.
func extraContentFields(raw json.RawMessage, provider string) []chat.Field {
	if !bytes.Contains(raw, []byte(`"extra_content":`)) { // a cheap test first: arguments may be long
		return nil
	}
	var e struct {
		ExtraContent map[string]json.RawMessage `json:"extra_content"`
	}
	if json.Unmarshal(raw, &e) != nil {
		return nil
	}
	return orderedKeys(e.ExtraContent[provider])
}

// anthropicCallFields returns the names of the Anthropic fields
// (cache_control, caller …) that the tool calls of the lists carry.
func anthropicCallFields(lists ...[]chat.Message) []string {
	var names []string
	for _, msgs := range lists {
		for i := range msgs {
			for _, tc := range msgs[i].ToolCalls {
				for _, f := range extraContentFields(tc.Raw, "anthropic") {
					if !slices.Contains(names, f.Key) {
						names = append(names, f.Key)
					}
				}
			}
		}
	}
	return names
}

// responseItemFields returns the fields of the Responses function_call
// item a call was read from (its id, status …), which its raw keeps under
// response_item, in order.
func responseItemFields(raw json.RawMessage) []chat.Field {
	if !bytes.Contains(raw, []byte(`"response_item":`)) { // a cheap test first: arguments may be long
		return nil
	}
	var c struct {
		Item json.RawMessage `json:"response_item"`
	}
	if json.Unmarshal(raw, &c) != nil {
		return nil
	}
	return orderedKeys(c.Item)
}

// callRaw returns the Chat Completions JSON of tc, a function's call
// ({"id","type":"function","function":{"name","arguments"}}) or a custom
// tool's ({"id","type":"custom","custom":{"name","input"}}), with the
// fields of the Responses item it was read from, an object, under
// response_item unless there are none.
func callRaw(tc chat.ToolCall, responseItem []byte) []byte {
	typ, argsKey := "function", "arguments"
	if tc.Type == "custom" {
		typ, argsKey = "custom", "input"
	}
	o := (&object{}).str("id", tc.ID).str("type", typ).raw(typ, (&object{}).str("name", tc.Name).str(argsKey, tc.Arguments).bytes())
	if len(responseItem) > len("{}") {
		o.raw("response_item", responseItem)
	}
	return o.bytes()
}

// plainCall returns tc as Chat Completions has it, without the fields its
// raw keeps beside the function (response_item …), its arguments written
// as the reader wrote them (a long one's spool is not marshaled).
func plainCall(tc chat.ToolCall) chat.ToolCall {
	plain := tc
	plain.Raw = callRaw(tc, nil)
	plain.Long, plain.LongAt = nil, 0
	withLongArguments(&plain, tc.Long)
	return plain
}
