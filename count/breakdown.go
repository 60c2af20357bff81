package count

import "github.com/convkit/convkit/chat"

// ConversationCount is what counting one conversation found: its total, a
// row per role and, when asked, a row per message. A conversation too long
// to hold is counted a part at a time, each part by Breakdown, and the
// parts joined in order with Join.
type ConversationCount struct {
	File  string // the input it came from, as it is shown
	Index int    // 1-based, within its file
	Line  int    // the line it starts on, for a file of one per line (JSONL); else 0
	Label string // how a report names it: File, or File#Index (File:Line for JSONL) when File holds several
	ID    string

	Messages  int
	Tokens    int // everything: messages, reply priming and tool definitions
	Priming   int // the reply priming
	Tools     int // the tool definitions
	Estimated bool
	Roles     []RoleCount    // in order of first appearance
	ByMessage []MessageCount // with BreakdownOptions.ByMessage only
	// Pair is a preference pair's two conversations (pair.go); Tokens is
	// then their sum.
	Pair *PairCount
	// Unsplit says Tokens is not shared out between roles, messages and
	// priming: an open model's rendering counted whole (count --tokenizer
	// without --by, or a template that refuses a shorter conversation).
	Unsplit bool

	// More says this is a part whose conversation's next part follows.
	More bool
}

// RoleCount is the messages and tokens of one role in a conversation.
type RoleCount struct {
	Role     string `json:"role"`
	Messages int    `json:"messages"`
	Tokens   int    `json:"tokens"`
}

// MessageCount is the tokens of one message; Index is 1-based.
type MessageCount struct {
	Index     int    `json:"index"`
	Role      string `json:"role"`
	Name      string `json:"name,omitempty"`
	Tokens    int    `json:"tokens"`
	Estimated bool   `json:"estimated,omitempty"`
	Rejected  bool   `json:"rejected,omitempty"` // of a pair's prompt + rejected
}

// BreakdownOptions say what Breakdown counts.
type BreakdownOptions struct {
	Raw       bool // content only, without the chat overhead
	ByMessage bool // keep a row per message
	// More says conv is a part and its conversation's next part follows:
	// the reply priming and the tools are counted with the last part,
	// which carries them.
	More bool
}

// Breakdown counts conv, or a part of one, message by message.
func (c *Counter) Breakdown(conv *chat.Conversation, o BreakdownOptions) *ConversationCount {
	cc := &ConversationCount{ID: conv.ID, More: o.More}
	if !o.Raw && !o.More {
		cc.Priming, cc.Tools = c.ReplyPriming(), c.Tools(conv)
	}
	cc.Tokens = cc.Priming + cc.Tools
	for i := range conv.Messages {
		m := &conv.Messages[i]
		mc := MessageCount{Index: i + 1, Role: string(m.Role), Name: m.Name, Estimated: Estimated(m)}
		if o.Raw {
			mc.Tokens = c.Content(m)
		} else {
			mc.Tokens = c.Message(m)
		}
		cc.Add(mc)
		if o.ByMessage {
			cc.ByMessage = append(cc.ByMessage, mc)
		}
	}
	c.addRejected(cc, conv, o)
	return cc
}

// Add counts one more message in the totals and the role rows (not in
// ByMessage, which is the caller's to keep).
func (cc *ConversationCount) Add(m MessageCount) {
	cc.Messages++
	cc.Tokens += m.Tokens
	cc.Estimated = cc.Estimated || m.Estimated
	cc.addRole(RoleCount{Role: m.Role, Messages: 1, Tokens: m.Tokens})
}

// Join adds to cc the count of next, its conversation's next part: the
// messages of next are numbered on from those of cc.
func (cc *ConversationCount) Join(next *ConversationCount) {
	for _, m := range next.ByMessage {
		m.Index += cc.Messages
		cc.ByMessage = append(cc.ByMessage, m)
	}
	for _, r := range next.Roles {
		cc.addRole(r)
	}
	cc.Messages += next.Messages
	cc.Tokens += next.Tokens
	cc.Priming, cc.Tools = next.Priming, next.Tools
	cc.Estimated = cc.Estimated || next.Estimated
	cc.ID, cc.More = next.ID, next.More
}

func (cc *ConversationCount) addRole(rc RoleCount) {
	for i := range cc.Roles {
		if cc.Roles[i].Role == rc.Role {
			cc.Roles[i].Messages += rc.Messages
			cc.Roles[i].Tokens += rc.Tokens
			return
		}
	}
	cc.Roles = append(cc.Roles, rc)
}

// RoleTokens returns the tokens of role's messages.
func (cc *ConversationCount) RoleTokens(role chat.Role) int {
	for _, rc := range cc.Roles {
		if rc.Role == string(role) {
			return rc.Tokens
		}
	}
	return 0
}
