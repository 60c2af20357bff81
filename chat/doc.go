// Package chat is convkit's model of a conversation: messages with roles,
// content parts, tool calls and metadata.
//
// It does no I/O and depends on nothing but the standard library. Every field
// the model does not name is kept verbatim in an Extra list, so that reading a
// file and writing it back loses nothing.
//
// Sink is the one seam for strings too long to hold: its doc says who
// creates, fills and reads one, and why a conversation read with sinks is
// for counting only.
package chat
