package trim

import (
	"testing"

	"github.com/convkit/convkit/chat"
)

// TestMarkerCumulative trims the result of a trim again, as a chat loop
// does: the earlier marker is not kept as an instruction but dropped, and
// the one new marker counts what the earlier one stood for.
func TestMarkerCumulative(t *testing.T) {
	opts := with(func(o *Options) { o.Last = 2; o.Marker = MarkerTemplate("", KeepLast) })
	first, _, err := Trim(weather(), words{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := first.Messages[2].Content.Text; got != "[5 earlier messages (43 tokens) were left out]" {
		t.Fatalf("first marker %q", got)
	}
	next := conv(append(first.Messages, msg(chat.User, "And the day after?"), msg(chat.Assistant, "Snow."))...)
	second, rep, err := Trim(next, words{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	markers := 0
	for i := range second.Messages {
		if IsMarker(&second.Messages[i]) {
			markers++
		}
	}
	// 5 messages before, the marker itself, then alice's turn: 7 and 14 tokens more.
	if markers != 1 || len(second.Messages) != 5 || rep.Dropped != 3 {
		t.Fatalf("%d markers, %d messages, %d dropped; want 1, 5, 3: %s", markers, len(second.Messages), rep.Dropped, jsonOf(second.Messages))
	}
	if got := second.Messages[2].Content.Text; got != "[7 earlier messages (57 tokens) were left out]" {
		t.Errorf("second marker %q", got)
	}
	if got := string(second.Messages[2].Extra.Get(MarkerField)); got != `{"messages":7,"tokens":57}` {
		t.Errorf("marker field %s", got)
	}
}

// TestInstructions checks which leading messages are the system prompt.
func TestInstructions(t *testing.T) {
	marker := markerMessage(chat.System, "[gone]", Dropped{Messages: make([]chat.Message, 2), Tokens: 9})
	tests := []struct {
		name string
		msgs []chat.Message
		want int
	}{
		{"system and developer", weather().Messages, 2},
		{"a marker ends it", []chat.Message{msg(chat.System, "a"), marker, msg(chat.System, "b")}, 1},
		{"named few-shot examples end it", []chat.Message{msg(chat.System, "a"), named(msg(chat.System, "q"), "example_user"), named(msg(chat.System, "r"), "example_assistant"), msg(chat.User, "u")}, 1},
		{"a named first message is the prompt", []chat.Message{named(msg(chat.System, "a"), "rules"), msg(chat.User, "u")}, 1},
		{"none", []chat.Message{marker, msg(chat.User, "u")}, 0},
	}
	for _, tc := range tests {
		if got := Instructions(tc.msgs); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestFewShotDropped drops named few-shot system messages like the rest,
// keeping the main instruction.
func TestFewShotDropped(t *testing.T) {
	in := conv(msg(chat.System, "Translate to French."),
		named(msg(chat.System, "Hello"), "example_user"), named(msg(chat.System, "Bonjour"), "example_assistant"),
		msg(chat.User, "Good night"), msg(chat.Assistant, "Bonne nuit"))
	out, _, err := Trim(in, words{}, with(func(o *Options) { o.Last = 2 }))
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 3 || out.Messages[0].Content.Text != "Translate to French." || out.Messages[1].Role != chat.User {
		t.Errorf("kept %s", jsonOf(out.Messages))
	}
}
