// Package filter decides which conversations, and which messages in them,
// a dataset keeps: expressions in the expr language
// (github.com/expr-lang/expr) over a documented environment, compiled
// once and run on each conversation.
//
// The environment of a conversation expression (Compile):
//
//	messages   list of messages, each with role, content (its text: a
//	           string, or the text of its parts joined by newlines; "" for
//	           null), name, tool_call_id, tool_calls (each with id, name,
//	           arguments) and tokens
//	tokens     the conversation's tokens, as convkit count counts them
//	turns      the number of user messages
//	roles      the roles of its messages, in order, repeats included
//	has_tools  whether it has a tool call, a tool result or tool definitions
//	line       the line it starts on (its number in the input when that is
//	           not known)
//	id, title  its id and title where the source has them, else ""
//
// A message expression (CompileMessages) sees one message's fields
// (role, content, name, tool_call_id, tool_calls, tokens) and index, its
// place from 0. Both can call matches(text, regex) and contains(text, s),
// and use expr's operators and builtins (any, all, filter, len, lower…).
// Expressions cannot do I/O and always end.
package filter
