// Package chat is convkit's model of a conversation: messages with roles,
// content parts, tool calls and metadata.
//
// It does no I/O and depends on nothing but the standard library. Every field
// the model does not name is kept verbatim in an Extra list, so that reading a
// file and writing it back loses nothing.
package chat
