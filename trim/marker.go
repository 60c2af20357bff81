package trim

import (
	"encoding/json"

	"github.com/convkit/convkit/chat"
)

// MarkerField is the field trim writes in each marker message it adds:
// {"messages": N, "tokens": T}, what the marker stands for. Writers that
// keep unknown fields (api, jsonl, meta, yaml) keep it, so that the next
// trim of the same file recognises the marker: it is never kept as an
// instruction, and when it is dropped the new marker counts what it stood
// for, so a chat loop carries one cumulative marker, not one per trim.
const MarkerField = "convkit_marker"

// markerInfo is the value of MarkerField.
type markerInfo struct {
	Messages int `json:"messages"`
	Tokens   int `json:"tokens"`
}

// IsMarker reports whether m is a marker trim added.
func IsMarker(m *chat.Message) bool {
	_, ok := markerOf(m)
	return ok
}

// markerOf returns what the marker m stands for; ok is false when m is
// not a marker.
func markerOf(m *chat.Message) (info markerInfo, ok bool) {
	raw := m.Extra.Get(MarkerField)
	if raw == nil || json.Unmarshal(raw, &info) != nil {
		return markerInfo{}, false
	}
	return info, true
}

// Count returns how many messages were left out, counting for an earlier
// marker among the dropped messages the messages it stood for.
func (d Dropped) Count() int {
	n := 0
	for i := range d.Messages {
		if info, ok := markerOf(&d.Messages[i]); ok {
			n += info.Messages
		} else {
			n++
		}
	}
	return n
}

// markerMessage builds the marker message for d.
func markerMessage(role chat.Role, text string, d Dropped) chat.Message {
	info, _ := json.Marshal(markerInfo{Messages: d.Count(), Tokens: d.Tokens})
	m := chat.Message{Role: role, Content: chat.TextContent(text)}
	m.Extra.Set(MarkerField, info)
	return m
}

// Instructions returns how many leading messages are the system prompt,
// which trim keeps unless told to drop it: the run of leading system and
// developer messages, ended by a marker trim added, and after the first by
// one with a name — OpenAI's few-shot examples are system messages named
// example_user and example_assistant, dropped like the rest of the
// conversation.
func Instructions(msgs []chat.Message) int {
	n := 0
	for n < len(msgs) && msgs[n].Role.Instruction() && !IsMarker(&msgs[n]) && (n == 0 || msgs[n].Name == "") {
		n++
	}
	return n
}
