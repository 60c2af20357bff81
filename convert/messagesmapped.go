package convert

import (
	"slices"

	"github.com/convkit/convkit/chat"
)

// messagesMapped returns c with each message that fn changes changed (fn
// returns the message and whether it changed), copied on write: the
// caller's conversation stays as it is.
func messagesMapped(c *chat.Conversation, fn func(*chat.Message) (chat.Message, bool, error)) (*chat.Conversation, error) {
	out := c
	for i := range c.Messages {
		m, changed, err := fn(&c.Messages[i])
		if err != nil {
			return nil, err
		}
		if !changed {
			continue
		}
		if out == c {
			cp := *c
			cp.Messages = slices.Clone(c.Messages)
			out = &cp
		}
		out.Messages[i] = m
	}
	return out, nil
}
