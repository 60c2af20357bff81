// Provider response bodies read as conversations: what the four API
// readers share when they meet a response (an OpenAI chat.completion, a
// Responses API response, an Anthropic message, a Gemini
// generateContent response) or a {"request", "response"} record, a log of
// one API call.

package convert

import (
	"encoding/json"
	"fmt"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// A response's assistant turns become messages. The response's other
// fields (id, usage, finish reason …) are kept verbatim as the metadata of
// the first of them, so that the meta format shows them and count can
// compare its count with the response's usage (ResponseUsage); its model
// becomes the conversation's "model", as a request body's is.

// responseMeta returns the members of a response object other than the
// named ones, verbatim, as message metadata.
func responseMeta(v *jsontree.Value, known ...string) chat.Fields {
	return extras(v, known...)
}

// responseConversation builds the conversation a response body gives: its
// turns, the first carrying meta, and the model the body names.
func responseConversation(msgs []chat.Message, meta chat.Fields, model *jsontree.Value) *chat.Conversation {
	c := &chat.Conversation{Object: true, Messages: msgs, ReplyMessages: len(msgs)}
	if len(msgs) > 0 {
		msgs[0].Meta = append(meta, msgs[0].Meta...)
	}
	if model != nil {
		c.Extra = chat.Fields{{Key: "model", Value: model.Compact()}}
	}
	return c
}

// alternatives keeps the choices or candidates after the first, which a
// conversation has no place for, as metadata under key, and tells warn.
func alternatives(meta chat.Fields, list *jsontree.Value, key, ptr string, warn func(Pos, string)) chat.Fields {
	if len(list.Items) < 2 {
		return meta
	}
	if warn != nil {
		warn(Pos(list.Items[1].Pos), fmt.Sprintf("%s: %d %s: the first is read as the reply, the others are kept in its metadata", ptr, len(list.Items), key))
	}
	rest := make([][]byte, len(list.Items)-1)
	for i, item := range list.Items[1:] {
		rest[i] = item.Compact()
	}
	return append(meta, chat.Field{Key: key, Value: array(rest)})
}

// callRecord returns the request and response of a {"request": …,
// "response": …} record, the shape logs of API calls take, when v is one.
func callRecord(v *jsontree.Value) (req, resp *jsontree.Value, ok bool) {
	if v.Kind != jsontree.Object {
		return nil, nil, false
	}
	req, resp = v.Get("request"), v.Get("response")
	if req == nil || resp == nil || req.Kind != jsontree.Object || resp.Kind != jsontree.Object {
		return nil, nil, false
	}
	return req, resp, true
}

// batchLine returns the body a batch API line holds, its pointer below
// the line and the line's custom_id, when v is one: a request's (OpenAI's
// "body", Anthropic's "params") or a result's response (OpenAI's
// "response": {"body"}, Anthropic's "result": {"message"}). A chat
// completions line is the api reader's (batchRequest).
func batchLine(v *jsontree.Value) (body *jsontree.Value, at, customID string, ok bool) {
	id := v.Get("custom_id")
	if v.Kind != jsontree.Object || id == nil || id.Kind != jsontree.String || v.Get("messages") != nil {
		return nil, "", "", false
	}
	for _, p := range [][2]string{{"body", ""}, {"params", ""}, {"response", "body"}, {"result", "message"}} {
		body, at = v.Get(p[0]), "/"+p[0]
		if body != nil && p[1] != "" && body.Kind == jsontree.Object {
			body, at = body.Get(p[1]), at+"/"+p[1]
		}
		if body != nil && body.Kind == jsontree.Object {
			return body, at, id.Str, true
		}
	}
	return nil, "", "", false
}

// joinCall appends the response's turns to the request's conversation:
// what was asked, then what came back. The record's other fields are kept
// as conversation fields; the response's model names the conversation's
// when the request names none.
func joinCall(record *jsontree.Value, req, resp *chat.Conversation) *chat.Conversation {
	req.Messages, req.ReplyMessages = append(req.Messages, resp.Messages...), resp.ReplyMessages
	if !req.Extra.Has("model") && resp.Extra.Has("model") {
		req.Extra.Set("model", resp.Extra.Get("model"))
	}
	req.Extra = append(req.Extra, extras(record, "request", "response")...)
	return req
}

// readCallOr reads v as a {request, response} record with readReq and
// readResp, else as a response when isResp says it is one, else with
// readReq; a batch API line as its body, read the same way.
func readCallOr(v *jsontree.Value, ptr string, warn func(Pos, string),
	readReq, readResp func(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error),
	isResp func(v *jsontree.Value) bool) (*chat.Conversation, error) {
	if body, at, id, ok := batchLine(v); ok {
		c, err := readCallOr(body, ptr+at, warn, readReq, readResp, isResp)
		if err == nil && c.ID == "" {
			c.ID = id
		}
		return c, err
	}
	if req, resp, ok := callRecord(v); ok {
		q, err := readReq(req, ptr+"/request", warn)
		if err != nil {
			return nil, err
		}
		r, err := readResp(resp, ptr+"/response", warn)
		if err != nil {
			return nil, err
		}
		return joinCall(v, q, r), nil
	}
	if isResp(v) {
		return readResp(v, ptr, warn)
	}
	return readReq(v, ptr, warn)
}

// ResponseUsage returns the usage a response body gave and the index of
// the message that carries it — the first of the response's turns, so
// Messages[:at] are the request's and Messages[at:] the response's — or
// ok false when no message does. The output of a response with several
// choices or candidates is theirs together: it is given as -1, as no
// message holds all of it.
func ResponseUsage(c *chat.Conversation) (u chat.Usage, at int, ok bool) {
	if c == nil {
		return chat.Usage{}, 0, false
	}
	for i := range c.Messages {
		u, ok := usageIn(c.Messages[i].Meta)
		if !ok {
			continue
		}
		if c.Messages[i].Meta.Has("choices") || c.Messages[i].Meta.Has("candidates") {
			u.Output, u.Reasoning = -1, 0
		}
		return u, i, true
	}
	return chat.Usage{}, 0, false
}

// usageIn reads the usage that a response's fields, kept as metadata,
// give: Gemini's usageMetadata, or the usage of the others.
func usageIn(meta chat.Fields) (u chat.Usage, ok bool) {
	if raw := meta.Get("usageMetadata"); raw != nil {
		var g struct {
			Prompt     *int `json:"promptTokenCount"`
			Candidates *int `json:"candidatesTokenCount"`
			Thoughts   int  `json:"thoughtsTokenCount"`
			ToolPrompt int  `json:"toolUsePromptTokenCount"`
		}
		if json.Unmarshal(raw, &g) != nil {
			return u, false
		}
		u = chat.Usage{Provider: "gemini", Input: -1, Output: -1, Reasoning: g.Thoughts}
		if g.Prompt != nil {
			u.Input = *g.Prompt + g.ToolPrompt
		}
		if g.Candidates != nil {
			u.Output = *g.Candidates + g.Thoughts
		}
		return u, true
	}
	raw := meta.Get("usage")
	if raw == nil {
		return u, false
	}
	var o struct {
		Prompt        *int `json:"prompt_tokens"`
		Completion    *int `json:"completion_tokens"`
		Input         *int `json:"input_tokens"`
		Output        *int `json:"output_tokens"`
		CacheCreation int  `json:"cache_creation_input_tokens"`
		CacheRead     int  `json:"cache_read_input_tokens"`
		Completion2   struct {
			Reasoning int `json:"reasoning_tokens"`
		} `json:"completion_tokens_details"`
		Output2 struct {
			Reasoning int `json:"reasoning_tokens"`
		} `json:"output_tokens_details"`
	}
	if json.Unmarshal(raw, &o) != nil {
		return u, false
	}
	u = chat.Usage{Input: -1, Output: -1}
	switch {
	case o.Prompt != nil || o.Completion != nil:
		u.Provider, u.Reasoning = "openai", o.Completion2.Reasoning
		u.Input, u.Output = intOr(o.Prompt), intOr(o.Completion)
	case string(meta.Get("object")) == `"response"`:
		u.Provider, u.Reasoning = "responses", o.Output2.Reasoning
		u.Input, u.Output = intOr(o.Input), intOr(o.Output)
	case o.Input != nil || o.Output != nil:
		// Anthropic's input_tokens leaves out the tokens read from or
		// written to the cache.
		u.Provider = "anthropic"
		u.Input, u.Output = intOr(o.Input), intOr(o.Output)
		if u.Input >= 0 {
			u.Input += o.CacheCreation + o.CacheRead
		}
	default:
		return u, false
	}
	return u, true
}

func intOr(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}
