package counting

import (
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count/hf/template"
	"github.com/convkit/convkit/internal/cmderr"
)

// CheckHow refuses --no-template and --generation-prompt without
// --tokenizer, and a chat template named with --no-template.
func (o HFOptions) CheckHow(how HFCount) error {
	switch {
	case o.Tokenizer == "" && (how.NoTemplate || how.GenerationPrompt):
		return cmderr.Usagef("--no-template and --generation-prompt go with --tokenizer")
	case how.NoTemplate && (o.Template != "" || o.TemplateFile != ""):
		return cmderr.Usagef("--no-template renders no chat template: it takes no --template or --template-file")
	case how.NoTemplate && how.GenerationPrompt:
		return cmderr.Usagef("--no-template renders no chat template: it takes no --generation-prompt")
	}
	return o.Check()
}

// TrimCounter returns what trim counts with for an open model: a
// trim.Whole that counts as ConversationCount does, the conversation
// rendered by the chat template and tokenized whole (the message texts
// alone with how.NoTemplate, which add up).
func (m *HFModel) TrimCounter(how HFCount) *HFTrimCounter { return &HFTrimCounter{m, how} }

// HFTrimCounter is trim's counter for an open model (package trim's Whole).
type HFTrimCounter struct {
	m   *HFModel
	how HFCount
}

// maxSharedPrefixes bounds the messages whose shares are found by rendering
// every prefix of the conversation (quadratic in its length); a longer
// one's shares are its texts' tokens, its template's own tokens shared
// out evenly.
const maxSharedPrefixes = 256

// Message estimates what m adds to a rendering: its text's tokens, its tool
// calls', and a few for the template's markup around it. Trim uses it for
// a marker and a cut message, then counts its result whole.
func (k *HFTrimCounter) Message(m *chat.Message) int {
	n := k.m.Tokenizer.Count(m.Content.PlainText())
	for _, tc := range m.ToolCalls {
		n += k.m.Tokenizer.Count(tc.Name) + k.m.Tokenizer.Count(tc.Arguments) + 4
	}
	if k.how.NoTemplate {
		return n
	}
	return n + 5
}

func (k *HFTrimCounter) Fixed(*chat.Conversation) int { return 0 }

func (k *HFTrimCounter) Conversation(c *chat.Conversation) (int, error) {
	cc, err := k.m.ConversationCount(c, HFCount{NoTemplate: k.how.NoTemplate, GenerationPrompt: k.how.GenerationPrompt})
	if err != nil {
		return 0, err
	}
	return cc.Tokens, nil
}

// Shares splits c's rendering between its messages. The leading
// instructions (system and developer messages) end where the rendering of
// them alone leaves the rendering of the whole; every later message begins
// where the rendering of the instructions followed by it and all after it
// (what trim renders when it keeps the newest messages) ends as the whole
// ends, and the last ends where the instructions alone, rendered with the
// generation prompt, end as the whole does. Cutting at the end, not where
// renderings of the first messages depart from the whole's, keeps a message
// that a template writes differently when it comes last (Qwen3 adds an
// empty reasoning block to the last assistant message) from passing its
// text to the next message. Where the template raises, or the places are
// not in order, a message takes its neighbour's part. What is left, before
// the first and after the last, and what the parts' counts miss of the
// whole's (tokens that merge across a cut), is fixed.
//
// Each place is a rendering of the conversation, so finding them all takes
// time that grows with the square of its length. With newest set, they are
// found from the newest message back only while what follows may fit in
// newest tokens, and for sharesReach messages more; the older messages,
// which trim cannot keep, share the rest of the rendering by their
// estimates (Message).
func (k *HFTrimCounter) Shares(c *chat.Conversation, newest int) (int, []int, error) {
	shares := make([]int, len(c.Messages))
	if k.how.NoTemplate {
		for i := range c.Messages {
			shares[i] = k.m.Tokenizer.Count(c.Messages[i].Content.PlainText())
		}
		return 0, shares, nil
	}
	messages, tools := template.Messages(c), template.Tools(c)
	full, err := k.m.Render(c, k.how.GenerationPrompt)
	if err != nil {
		return 0, nil, err
	}
	total := k.m.Tokenizer.Count(full)
	sum := 0
	if len(messages) > maxSharedPrefixes && newest < 0 {
		for i := range c.Messages {
			shares[i] = k.Message(&c.Messages[i])
			sum += shares[i]
		}
		if sum > total { // the template writes less than the estimates say
			for i := range shares {
				shares[i] = shares[i] * total / sum
			}
		}
	} else {
		head := 0
		for head < len(c.Messages) && c.Messages[head].Role.Instruction() {
			head++
		}
		// starts[i] is where message i begins in full, starts[len] where
		// the last ends; -1 where the template raises.
		starts := make([]int, len(messages)+1)
		for i := 0; i <= head; i++ {
			starts[i] = k.sameStart(full, messages[:i], tools)
		}
		headEnd := max(starts[head], 0)
		// From the newest back: starts[oldest:] are found.
		oldest, after, newer, past := len(messages)+1, len(full), 0, 0
		for i := len(messages); i > head && past <= sharesReach && len(messages)-i < maxSharedPrefixes; i-- {
			rest := append(messages[:head:head], messages[i:]...)
			starts[i], oldest = k.sameEnd(full, rest, tools, headEnd), i
			if newest >= 0 && starts[i] >= headEnd && starts[i] <= after {
				newer += k.m.Tokenizer.Count(full[starts[i]:after])
				after = starts[i]
				if newer > newest {
					past++
				}
			}
		}
		before := max(starts[0], 0)
		for i := range messages {
			if i >= head && i < oldest-1 { // estimated, below
				continue
			}
			if i == oldest-1 && i > head {
				before = k.estimated(c.Messages[head:oldest], full, before, starts[oldest], shares[head:oldest])
				continue
			}
			at := starts[i+1]
			if at < before {
				continue // its part goes to the next
			}
			shares[i] = k.m.Tokenizer.Count(full[before:at])
			before = at
		}
	}
	sum = 0
	for _, n := range shares {
		sum += n
	}
	return total - sum, shares, nil
}

// sharesReach is how many messages past those that may fit Shares places
// exactly: the one trim may cut or stand a marker for, and one more.
const sharesReach = 2

// estimated shares full[from:to], the rendering of messages, between them
// by their estimates, into shares, and returns where the next message
// begins: to, or from when to is not after it (the template raised).
func (k *HFTrimCounter) estimated(messages []chat.Message, full string, from, to int, shares []int) int {
	if to < from {
		return from
	}
	n, weights := k.m.Tokenizer.Count(full[from:to]), 0
	for i := range messages {
		shares[i] = max(k.Message(&messages[i]), 1)
		weights += shares[i]
	}
	left := n
	for i := range shares {
		shares[i] = n * shares[i] / weights
		left -= shares[i]
	}
	shares[len(shares)-1] += left
	return to
}

// sameStart returns how far the rendering of messages (without the
// generation prompt) matches full from its start, at a character boundary;
// -1 when the template raises.
func (k *HFTrimCounter) sameStart(full string, messages []any, tools any) int {
	text, err := k.m.template.Render(k.m.config.Vars(messages, tools, false))
	if err != nil {
		return -1
	}
	i := 0
	for i < len(text) && i < len(full) && text[i] == full[i] {
		i++
	}
	for i > 0 && i < len(full) && !utf8.RuneStart(full[i]) {
		i--
	}
	return i
}

// sameEnd returns where, in full, the part that the rendering of messages
// (with the generation prompt if full has it) shares with full's end
// begins, at a character boundary, the first headEnd bytes of the
// rendering (the instructions, as full starts) left out: where they end
// as a message before them ends (both with an end-of-turn token), that
// token stays with that message. -1 when the template raises.
func (k *HFTrimCounter) sameEnd(full string, messages []any, tools any, headEnd int) int {
	text, err := k.m.template.Render(k.m.config.Vars(messages, tools, k.how.GenerationPrompt))
	if err != nil {
		return -1
	}
	n := 0
	for n < len(text)-headEnd && n < len(full) && text[len(text)-1-n] == full[len(full)-1-n] {
		n++
	}
	i := len(full) - n
	for i < len(full) && !utf8.RuneStart(full[i]) {
		i++
	}
	return i
}
