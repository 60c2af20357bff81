package trim

import (
	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
)

// Count returns a Counter that counts as convkit count does: a message as
// count's Message, and a conversation's fixed cost as the reply priming plus
// its tool definitions, so that Fixed plus the messages is count's
// Conversation.
func Count(c *count.Counter) Counter { return counted{c} }

type counted struct{ c *count.Counter }

func (k counted) Message(m *chat.Message) int { return k.c.Message(m) }

func (k counted) Fixed(conv *chat.Conversation) int { return k.c.ReplyPriming() + k.c.Tools(conv) }
