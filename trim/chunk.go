package trim

import (
	"fmt"

	"github.com/convkit/convkit/chat"
)

// ChunkOptions say how Chunk cuts a conversation.
type ChunkOptions struct {
	// Max is the most tokens a part may cost, counted as Counter counts a
	// whole conversation (fixed cost, repeated instructions and messages).
	Max int
	// Overlap is how many turns of the end of a part the next part repeats
	// at its start, for context.
	Overlap int
}

// UnfitError says that a run of messages that cannot be parted (a turn,
// or a tool call and its results) costs more than ChunkOptions.Max with
// the instructions repeated before it.
type UnfitError struct {
	From, To int // the run is Messages[From:To]
	Tokens   int // what a part holding it alone costs
	Max      int
}

func (e *UnfitError) Error() string {
	return fmt.Sprintf("messages %d to %d cost %d tokens with the system prompt, more than %d: they cannot be parted", e.From+1, e.To, e.Tokens, e.Max)
}

// Chunk cuts conv into parts that each cost at most opts.Max tokens, at
// turn boundaries, as FastChat's split_long_conversation does but keeping
// the shape of a chat: the leading system and developer messages are
// repeated at the start of every part; after them a part never starts on
// an assistant or tool message; a tool call and its results are never in
// different parts; parts end where a turn ends. A conversation that fits
// is returned as the only part, itself. With Overlap 0 every message
// after the instructions is in exactly one part, in order.
//
// A run that cannot fit alone is an *UnfitError, with the parts that could
// be made before it.
func Chunk(conv *chat.Conversation, c Counter, opts ChunkOptions) ([]*chat.Conversation, error) {
	msgs := conv.Messages
	fixed := c.Fixed(conv)
	cost := make([]int, len(msgs)+1) // cost[j] is the sum of the first j messages
	for i := range msgs {
		cost[i+1] = cost[i] + c.Message(&msgs[i])
	}
	if fixed+cost[len(msgs)] <= opts.Max {
		return []*chat.Conversation{conv}, nil
	}
	head := 0
	for head < len(msgs) && msgs[head].Role.Instruction() {
		head++
	}
	// units are the runs a part starts at: after a cut that is not before
	// an assistant message (a turn's answer).
	ok := boundaries(msgs, head)
	var starts []int
	for j := head; j < len(msgs); j++ {
		if ok[j] && (j == head || msgs[j].Role != chat.Assistant) {
			starts = append(starts, j)
		}
	}
	starts = append(starts, len(msgs))
	base := fixed + cost[head]
	if len(starts) == 1 { // nothing but instructions, and they do not fit
		return nil, &UnfitError{From: 0, To: head, Tokens: base, Max: opts.Max}
	}
	var parts []*chat.Conversation
	for a := 0; a < len(starts)-1; {
		b := a + 1
		if base+cost[starts[b]]-cost[starts[a]] > opts.Max {
			return parts, &UnfitError{From: starts[a], To: starts[b], Tokens: base + cost[starts[b]] - cost[starts[a]], Max: opts.Max}
		}
		for b+1 < len(starts) && base+cost[starts[b+1]]-cost[starts[a]] <= opts.Max {
			b++
		}
		part := &chat.Conversation{ID: conv.ID, Extra: conv.Extra, Object: conv.Object, Listed: conv.Listed, Verbatim: conv.Verbatim}
		part.Messages = make([]chat.Message, 0, head+starts[b]-starts[a])
		part.Messages = append(part.Messages, msgs[:head]...)
		part.Messages = append(part.Messages, msgs[starts[a]:starts[b]]...)
		parts = append(parts, part)
		if b == len(starts)-1 {
			break
		}
		// The next part repeats up to Overlap turns, fewer where they
		// would leave no room for the turn that follows them.
		a = max(a+1, b-opts.Overlap)
		for a < b && base+cost[starts[b+1]]-cost[starts[a]] > opts.Max {
			a++
		}
	}
	return parts, nil
}
