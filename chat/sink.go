package chat

import "io"

// A Sink takes a string too long to hold — a message text, an image URL,
// audio or file data of tens of megabytes in one JSON string — in parts,
// as it is read, so that memory does not grow with it.
//
// The seam has three sides:
//
//   - The one who wants the strings' sizes and nothing else (package
//     count: Counter.Sinks) creates the sinks: it gives a function that
//     opens a Sink for a kind of string, or returns nil to keep the
//     string whole, as convert.DecodeOptions.Long.
//   - The reader (convert's api, meta and jsonl decoders, which read a
//     message at a time) fills them: it writes a long string's decoded
//     text to its sink and then calls Close, or Abort if the input fails
//     before the string's end. The message holds the sink where the
//     string would be: Content.Long, Part.Long or ToolCall.Long, with an
//     empty Text, ImageURL or Arguments and a nil Raw.
//   - The one who created the sink reads it back from the message, by its
//     own type (count reads a LongText's tokens, a LongImage's size).
//
// A conversation decoded with sinks is for counting only: its long texts
// are empty, and writing it out would lose them.
type Sink interface {
	io.Writer
	// Close follows the last part; an error fails the input.
	Close() error
	// Abort stands for Close when the input fails before the string has
	// been read to its end.
	Abort()
}

// LongKind says what a string given to a Sink is.
type LongKind uint8

// The kinds of long strings.
const (
	LongText     LongKind = iota // string content, a text part's text, a tool call's arguments
	LongImageURL                 // an image_url part's URL (a data: URL)
	LongData                     // the base64 data of an input_audio or file part
)
