package chat

// Example is how a trainer's dataset example divides a conversation: TRL's
// prompt-completion and preference shapes, OpenAI's preference fine-tuning,
// Alpaca's chosen and rejected outputs. The conversation's first Prompt
// messages are the prompt and the rest of its Messages the completion: for
// a preference pair, the chosen one, and Rejected the other. A conversation
// with no Example is a plain chat; its prompt is what PromptLen says.
//
// Messages stays prompt + chosen, so that every command that knows only
// chats (count, trim, filter, a plain chat format) sees the example a
// trainer fine-tunes on; a writer that has no place for Rejected keeps the
// chosen branch and warns.
type Example struct {
	// Prompt is how many of Messages are the prompt.
	Prompt int
	// Rejected is a preference pair's rejected completion; nil for an
	// example that is no pair.
	Rejected []Message
	// Text is true when the source wrote the prompt and completions as
	// plain strings (TRL's "standard" form), not as message lists: the
	// prompt is then a user message and each completion an assistant one.
	Text bool
	// ImplicitPrompt is true when the source wrote the prompt inside both
	// chosen and rejected (TRL's implicit prompt), not on its own.
	ImplicitPrompt bool
}

// PromptLen returns how many of c's messages are the prompt: its Example's
// Prompt (never more than there are messages), or for a plain chat the
// messages up to its last user message, so that the completion is the
// answer to it, tool calls and results included.
func (c *Conversation) PromptLen() int {
	if c.Example != nil {
		return max(0, min(c.Example.Prompt, len(c.Messages)))
	}
	for i := len(c.Messages) - 1; i >= 0; i-- {
		if c.Messages[i].Role == User {
			return i + 1
		}
	}
	// No user message: the instructions, if any, are the prompt.
	n := 0
	for n < len(c.Messages) && c.Messages[n].Role.Instruction() {
		n++
	}
	return n
}

// Rejected returns c's rejected completion, nil when c is no preference pair.
func (c *Conversation) Rejected() []Message {
	if c.Example == nil {
		return nil
	}
	return c.Example.Rejected
}

// Kept returns e for a conversation whose messages were rebuilt from
// those of e's (some dropped, joined, shortened or inserted): from[j] is
// the index of the message the new message j was made from, or for an
// inserted one the place it stands for. The prompt is the new messages
// made from its own. Kept returns nil for a nil e.
func (e *Example) Kept(from []int) *Example {
	if e == nil {
		return nil
	}
	out := *e
	out.Prompt = 0
	for _, i := range from {
		if i < e.Prompt {
			out.Prompt++
		}
	}
	return &out
}
