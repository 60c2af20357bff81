package count

import (
	"fmt"
	"strings"

	"github.com/convkit/convkit/chat"
)

// UsageCheck sets convkit's count of a logged API call beside the usage
// the provider's response reported (chat.Usage, read from the metadata
// convert's readers keep on a response's first message).
type UsageCheck struct {
	Usage chat.Usage
	// Prompt is convkit's count of the request as the API counts a prompt
	// (Conversation: messages, reply priming, tools), or -1 when the
	// conversation holds the response alone or the usage gives no input.
	Prompt int
	// Reply is convkit's count of the reply's content, or -1 when the
	// reply calls tools (whose wrapping the API counts and convkit does
	// not see) or the usage gives no output.
	Reply int
	// Model and Encoding are what convkit counted with.
	Model, Encoding string
}

// CheckUsage counts conv's request (Messages[:at]) and reply
// (Messages[at:]) for comparison with u, what the response reported.
func (c *Counter) CheckUsage(conv *chat.Conversation, at int, u chat.Usage) UsageCheck {
	chk := UsageCheck{Usage: u, Prompt: -1, Reply: -1, Model: c.model.Name, Encoding: c.model.Encoding}
	if at > 0 && at <= len(conv.Messages) && u.Input >= 0 {
		chk.Prompt = c.Conversation(&chat.Conversation{Messages: conv.Messages[:at], Extra: conv.Extra})
	}
	if u.Output >= 0 && at < len(conv.Messages) {
		chk.Reply = 0
		for i := at; i < len(conv.Messages); i++ {
			m := &conv.Messages[i]
			if len(m.ToolCalls) > 0 {
				chk.Reply = -1
				break
			}
			chk.Reply += c.Content(m)
		}
	}
	return chk
}

// Differs reports whether a count convkit could compare differs from the
// usage reported.
func (u UsageCheck) Differs() bool {
	return u.Prompt >= 0 && u.Prompt != u.Usage.Input || u.Reply >= 0 && u.Reply != u.Usage.Output-u.Usage.Reasoning
}

// String says how the counts differ, one line: "the response's usage says
// 99 prompt tokens, convkit counts 34 (gpt-4o, o200k_base)", with why they
// may differ when the provider's tokenizer is not one convkit has.
func (u UsageCheck) String() string {
	var diffs []string
	if u.Prompt >= 0 && u.Prompt != u.Usage.Input {
		diffs = append(diffs, fmt.Sprintf("%d prompt tokens, convkit counts %d", u.Usage.Input, u.Prompt))
	}
	if want := u.Usage.Output - u.Usage.Reasoning; u.Reply >= 0 && u.Reply != want {
		s := fmt.Sprintf("%d reply tokens", u.Usage.Output)
		if u.Usage.Reasoning > 0 {
			s = fmt.Sprintf("%d reply tokens besides %d of reasoning", want, u.Usage.Reasoning)
		}
		diffs = append(diffs, fmt.Sprintf("%s, convkit counts %d", s, u.Reply))
	}
	if len(diffs) == 0 {
		return ""
	}
	s := "the response's usage says " + strings.Join(diffs, "; ") + fmt.Sprintf(" (%s, %s)", u.Model, u.Encoding)
	switch u.Usage.Provider {
	case "anthropic", "gemini":
		s += fmt.Sprintf(": %s counts with its own tokenizer, which convkit does not have", providerName[u.Usage.Provider])
	}
	return s
}

var providerName = map[string]string{"anthropic": "Anthropic", "gemini": "Gemini"}
