// Package trim fits a conversation to a context window: it keeps the last
// (or first) messages by count, by user turn or by token budget, and can put
// one marker message where the dropped ones were.
//
// Trim never breaks a conversation: leading system and developer messages
// stay, an assistant message with tool calls and the tool messages answering
// it are kept or dropped together, the kept messages are one contiguous run
// of the input, and with a budget the result never costs more tokens than
// the budget allows. It never changes its input: kept messages are the same
// chat.Message values, unknown fields included.
//
// Tokens are counted by a Counter, which convkit backs with package count so
// that trim counts exactly as convkit count does.
package trim
