// The fields an OpenAI message carries beside its content: a refusal, an
// audio reply with its transcript, and the nulls an SDK's dump writes for
// what is absent ("tool_calls": null, "annotations": null …). The formats
// whose messages are OpenAI's keep them as they are; the others write
// them as they can.

package convert

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"

	"github.com/convkit/convkit/chat"
)

func init() {
	for _, f := range []*Format{anthropicFormat, geminiFormat, responsesFormat, textFormat, markdownFormat, chatmlFormat, alpacaFormat} {
		f.NewEncoder = replyFieldsMapped(f.Name, true, f.NewEncoder)
	}
	// A ShareGPT turn keeps its other fields as they are, nulls too:
	// datasets fill a turn's missing fields with null.
	sharegptFormat.NewEncoder = replyFieldsMapped(sharegptFormat.Name, false, sharegptFormat.NewEncoder)
}

// replyFieldsMapped wraps the encoder of a format whose messages have no
// refusal and no audio: a message's refusal becomes a refusal part of its
// content, which the format writes as it writes that part (as text, or,
// in responses, as its own refusal part), and an audio reply's transcript
// a text part, the audio itself dropped with a warning; so that the turn
// is not left empty, which the providers' APIs refuse. With dropEmpty,
// the fields whose value says nothing (null, "", [], {}) are dropped
// too, without a warning: nothing is lost.
func replyFieldsMapped(name string, dropEmpty bool, newEnc func(io.Writer, EncodeOptions) Encoder) func(io.Writer, EncodeOptions) Encoder {
	return func(w io.Writer, opts EncodeOptions) Encoder {
		return replyFields{newEnc(w, opts), newLosses(name, opts), dropEmpty}
	}
}

type replyFields struct {
	Encoder
	losses    *losses
	dropEmpty bool
}

func (e replyFields) Encode(c *chat.Conversation) error {
	out, err := messagesMapped(c, e.message)
	if err != nil {
		return err
	}
	return e.Encoder.Encode(out)
}

// message returns m as replyFieldsMapped writes it, and whether that is
// not m itself.
func (e replyFields) message(m *chat.Message) (chat.Message, bool, error) {
	// Parts are added to null, absent, empty or held content only: a
	// text a sink stands for cannot be made a part here.
	canAdd := m.Content.Form != chat.ContentString || m.Content.Long == nil
	var kept chat.Fields
	var added []chat.Part
	for _, f := range m.Extra {
		switch {
		case e.dropEmpty && sayNothing(f.Value):
			continue
		case f.Key == "refusal" && canAdd:
			var s string
			if json.Unmarshal(f.Value, &s) == nil && s != "" {
				added = append(added, chat.RefusalPart(s))
				continue
			}
		case f.Key == "audio" && canAdd:
			var audio struct {
				Transcript string `json:"transcript"`
			}
			if json.Unmarshal(f.Value, &audio) == nil && audio.Transcript != "" {
				if err := e.losses.lose("assistant audio written as its transcript (the audio dropped)"); err != nil {
					return chat.Message{}, false, err
				}
				added = append(added, chat.TextPart(audio.Transcript))
				continue
			}
		}
		kept = append(kept, f)
	}
	if len(kept) == len(m.Extra) {
		return *m, false, nil
	}
	out := *m
	out.Extra = kept
	if len(added) > 0 {
		var parts []chat.Part
		if m.Content.Form != chat.ContentString || m.Content.Text != "" {
			parts = slices.Clip(m.Content.AsParts())
		}
		out.Content = chat.Content{Form: chat.ContentParts, Parts: append(parts, added...)}
	}
	return out, true, nil
}

// sayNothing reports whether a JSON value is null or empty.
func sayNothing(v json.RawMessage) bool {
	switch string(bytes.TrimSpace(v)) {
	case "null", `""`, "[]", "{}":
		return true
	}
	return false
}
