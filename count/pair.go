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

// addRejected counts the second conversation of a pair, prompt + rejected,
// into cc (whose counts so far are prompt + chosen): its tokens in the
// total and the role rows, its rejected messages as messages (the prompt's
// are counted once), and with ByMessage a row for each of its messages,
// marked Rejected and numbered within it.
func (c *Counter) addRejected(cc *ConversationCount, conv *chat.Conversation, o BreakdownOptions) {
	rejected := conv.Rejected()
	if rejected == nil || o.More {
		return
	}
	prompt := conv.Messages[:conv.PromptLen()]
	pair := &PairCount{Chosen: cc.Tokens, Rejected: cc.Priming + cc.Tools}
	for i, m := range append(prompt[:len(prompt):len(prompt)], rejected...) {
		mc := MessageCount{Index: i + 1, Role: string(m.Role), Name: m.Name, Estimated: Estimated(&m), Rejected: true}
		if o.Raw {
			mc.Tokens = c.Content(&m)
		} else {
			mc.Tokens = c.Message(&m)
		}
		pair.Rejected += mc.Tokens
		rc := RoleCount{Role: mc.Role, Tokens: mc.Tokens}
		if i >= len(prompt) {
			rc.Messages = 1
			cc.Messages++
		}
		cc.addRole(rc)
		cc.Estimated = cc.Estimated || mc.Estimated
		if o.ByMessage {
			cc.ByMessage = append(cc.ByMessage, mc)
		}
	}
	cc.Tokens = pair.Chosen + pair.Rejected
	cc.Pair = pair
}

// fitTokens is what of cc must fit a limit: a pair's longer conversation,
// or the whole.
func (cc *ConversationCount) fitTokens() int {
	if cc.Pair != nil {
		return cc.Pair.Longer()
	}
	return cc.Tokens
}
