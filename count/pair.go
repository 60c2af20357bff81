package count

import "github.com/convkit/convkit/chat"

// A preference pair (chat.Example with a rejected completion: TRL's
// preference shape, OpenAI's preference fine-tuning, Alpaca's chosen and
// rejected) stands for two conversations a trainer reads: prompt + chosen
// and prompt + rejected. Each is counted as a conversation of its own
// (reply priming and tool definitions included), and the pair's total is
// their sum, so the prompt counts twice: docs/counting.md.

// PairCount is what each of a pair's two conversations counts.
type PairCount struct {
	Chosen   int `json:"chosen"`   // prompt + chosen
	Rejected int `json:"rejected"` // prompt + rejected
}

// Longer is the larger of the two: what must fit a limit.
func (p *PairCount) Longer() int { return max(p.Chosen, p.Rejected) }

// RejectedConversation returns the second conversation of a preference
// pair, prompt + rejected, as a conversation of its own (its tools and
// fields kept, no Example); nil when c is no pair.
func RejectedConversation(c *chat.Conversation) *chat.Conversation {
	rejected := c.Rejected()
	if rejected == nil {
		return nil
	}
	n := c.PromptLen()
	out := *c
	out.Example = nil
	out.Messages = append(c.Messages[:n:n], rejected...)
	return &out
}

// JoinRejected adds to cc, the count of a pair's prompt + chosen, r, the
// count of its prompt + rejected (whose first prompt messages are the
// prompt): r's tokens in the total and the role rows, its rejected
// messages as messages (the prompt's are counted once), its message rows
// marked Rejected.
func (cc *ConversationCount) JoinRejected(r *ConversationCount, rejected *chat.Conversation, prompt int) {
	cc.Pair = &PairCount{Chosen: cc.Tokens, Rejected: r.Tokens}
	cc.Tokens += r.Tokens
	cc.Priming += r.Priming // the trainer primes and sends the tools twice too: the rows add up
	cc.Tools += r.Tools
	cc.Messages += len(rejected.Messages) - prompt
	cc.Estimated = cc.Estimated || r.Estimated
	cc.Unsplit = cc.Unsplit || r.Unsplit
	for _, rc := range r.Roles {
		cc.addRole(rc)
	}
	if len(r.Roles) > 0 { // the prompt's messages are cc's already
		for _, m := range rejected.Messages[:prompt] {
			cc.addRole(RoleCount{Role: string(m.Role), Messages: -1})
		}
	}
	for _, m := range r.ByMessage {
		m.Rejected = true
		cc.ByMessage = append(cc.ByMessage, m)
	}
}

// addRejected counts the second conversation of a pair into cc.
func (c *Counter) addRejected(cc *ConversationCount, conv *chat.Conversation, o BreakdownOptions) {
	rejected := RejectedConversation(conv)
	if rejected == nil || o.More {
		return
	}
	cc.JoinRejected(c.Breakdown(rejected, o), rejected, conv.PromptLen())
}

// fitTokens is what of cc must fit a limit: a pair's longer conversation,
// or the whole.
func (cc *ConversationCount) fitTokens() int {
	if cc.Pair != nil {
		return cc.Pair.Longer()
	}
	return cc.Tokens
}
