package chat

import "testing"

// TestExampleKept: when messages are dropped, joined or inserted, the
// prompt is the new messages made from its own, and a plain chat's prompt
// ends at its last user message.
func TestExampleKept(t *testing.T) {
	e := &Example{Prompt: 3, Rejected: []Message{{Role: Assistant}}}
	if got := e.Kept([]int{0, 2, 3, 4}); got.Prompt != 2 || len(got.Rejected) != 1 || e.Prompt != 3 {
		t.Errorf("dropping message 1 of a prompt of 3: %+v (was %+v)", got, e)
	}
	if got := e.Kept([]int{0, 1, 2, 2, 3}); got.Prompt != 4 {
		t.Errorf("a marker in the prompt: prompt %d, want 4", got.Prompt)
	}
	if (*Example)(nil).Kept([]int{0}) != nil {
		t.Error("a plain chat gained an example")
	}
	for _, tt := range []struct {
		roles []Role
		want  int
	}{
		{[]Role{System, User, Assistant, Tool, Assistant}, 2},
		{[]Role{User, Assistant, User}, 3},
		{[]Role{System, Assistant}, 1},
		{[]Role{Assistant}, 0},
	} {
		c := &Conversation{}
		for _, r := range tt.roles {
			c.Messages = append(c.Messages, Message{Role: r})
		}
		if got := c.PromptLen(); got != tt.want {
			t.Errorf("%v: prompt of %d messages, want %d", tt.roles, got, tt.want)
		}
	}
	c := &Conversation{Messages: []Message{{Role: User}}, Example: &Example{Prompt: 5}}
	if got := c.PromptLen(); got != 1 {
		t.Errorf("a prompt longer than the messages: %d, want 1", got)
	}
}
