package counting

import (
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count/hf"
	"github.com/convkit/convkit/count/hf/template"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/trim"
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

// maxPlacedInReach bounds the messages whose shares Shares places walking
// from the end a budget keeps, one rendering of the conversation each.
const maxPlacedInReach = 256

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
// not in order, a message takes its neighbour's part. A message's share is
// what the rendering counts from where it begins less what it counts from
// where the next begins: a token that merges across a cut goes to one side,
// and the shares of a run of messages add up to the same whatever is placed
// inside it. What is left, before the first and after the last, is fixed.
//
// Each place is a rendering of the conversation, so placing them all takes
// time that grows with the square of its length. Shares places only those
// reach needs (placeFor); each run of messages between places shares its
// part of the rendering by their estimates (Message).
func (k *HFTrimCounter) Shares(c *chat.Conversation, reach trim.Reach) (int, []int, error) {
	if k.how.NoTemplate {
		shares := make([]int, len(c.Messages))
		for i := range c.Messages {
			shares[i] = k.m.Tokenizer.Count(c.Messages[i].Content.PlainText())
		}
		return 0, shares, nil
	}
	full, err := k.m.Render(c, k.how.GenerationPrompt)
	if err != nil {
		return 0, nil, err
	}
	messages := template.Messages(c)
	p := &places{k: k, full: full, messages: messages, tools: template.Tools(c),
		starts: make([]int, len(messages)+1), placed: make([]bool, len(messages)+1), tokens: k.m.Tokenizer.Suffixes(full)}
	for p.head < len(messages) && c.Messages[p.head].Role.Instruction() {
		p.head++
	}
	for i := 0; i <= p.head; i++ {
		p.starts[i], p.placed[i] = k.sameStart(full, messages[:i], p.tools), true
	}
	p.headEnd = max(p.starts[p.head], 0)
	p.placeFor(reach)
	shares, sum := p.shares(c.Messages)
	return p.tokens.Count(0) - sum, shares, nil
}

// places are where messages begin in a conversation's rendering, each
// found by a rendering of its own.
type places struct {
	k        *HFTrimCounter
	full     string // the conversation's rendering
	messages []any
	tools    any
	head     int // the leading instructions, rendered before every suffix
	headEnd  int // where they end in full
	// starts[i] is where message i begins in full, starts[len] where the
	// last ends, once placed[i]; -1 where the template raises.
	starts []int
	placed []bool
	tokens *hf.Suffixes // what full counts from a place on
}

// place finds where message i begins: where the instructions followed by
// messages i and after (what trim renders when it keeps the newest
// messages) end as the whole ends.
func (p *places) place(i int) int {
	if !p.placed[i] {
		rest := append(p.messages[:p.head:p.head], p.messages[i:]...)
		p.starts[i], p.placed[i] = p.k.sameEnd(p.full, rest, p.tools, p.headEnd), true
	}
	return p.starts[i]
}

// placeFor places what reach needs: the end; where the kept part starts
// at the earliest; with a budget that the conversation does not fit whole,
// the messages from the end it keeps while what is passed may fit in it,
// and sharesReach more (at most maxPlacedInReach); around each earlier
// marker.
func (p *places) placeFor(reach trim.Reach) {
	n := len(p.messages)
	p.place(n)
	from := min(max(reach.From, p.head), n)
	switch {
	case reach.Budget < 0 || from == p.head && reach.Budget >= p.tokens.Count(0):
		p.place(from) // all from there on is kept: only what they add up to is needed
	case reach.Keep == trim.KeepFirst:
		p.walkForward(from, reach.Budget)
	default:
		p.walkBack(from, reach.Budget)
	}
	for _, m := range reach.Markers {
		p.place(m)
		p.place(m + 1)
	}
}

// shares returns each message's share, and their sum: what the rendering
// counts from where it begins less from where the next begins, for a run
// of messages between places their estimates of the run's.
func (p *places) shares(msgs []chat.Message) ([]int, int) {
	shares := make([]int, len(msgs))
	before, sum := max(p.starts[0], 0), 0
	for i := 0; i < len(msgs); {
		next := i + 1
		for !p.placed[next] {
			next++
		}
		if at := p.starts[next]; at >= before { // else its part goes to the next
			part := p.tokens.Count(before) - p.tokens.Count(at)
			if next > i+1 {
				p.k.estimated(msgs[i:next], part, shares[i:next])
			} else {
				shares[i] = part
			}
			sum += part
			before = at
		}
		i = next
	}
	return shares, sum
}

// walkBack places the messages from the newest back to from, while what
// follows them may fit in budget tokens, and sharesReach more.
func (p *places) walkBack(from, budget int) {
	n := len(p.messages)
	after, past := len(p.full), 0
	for i := n; i >= from && i > p.head && past <= sharesReach && n-i < maxPlacedInReach; i-- {
		if at := p.place(i); at >= p.headEnd && at <= after {
			after = at
			if p.tokens.Count(at) > budget {
				past++
			}
		}
	}
}

// walkForward places the messages from from on, while what precedes them
// from there may fit in budget tokens, and sharesReach more.
func (p *places) walkForward(from, budget int) {
	n := len(p.messages)
	start := max(p.place(from), 0)
	before, past := start, 0
	for i := from + 1; i <= n && past <= sharesReach && i-from <= maxPlacedInReach; i++ {
		if at := p.place(i); at >= before {
			before = at
			if p.tokens.Count(start)-p.tokens.Count(at) > budget {
				past++
			}
		}
	}
}

// sharesReach is how many messages past those that may fit Shares places
// exactly: the one trim may cut or stand a marker for, and one more.
const sharesReach = 2

// estimated shares n tokens, what a run of messages adds to the rendering,
// between them by their estimates, into shares.
func (k *HFTrimCounter) estimated(messages []chat.Message, n int, shares []int) {
	weights := 0
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
