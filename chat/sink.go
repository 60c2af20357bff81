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
//     message at a time, its chatml one, and its anthropic, gemini, responses and
//     sharegpt ones, a conversation object at a time) fills them: it writes a long string's decoded
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
	LongData                     // the base64 data of an input_audio or file part, or of a vendor's image block kept as JSON
)

// A Spool is the second kind of Sink: one that keeps the string it takes,
// out of memory, so that a writer can copy it to its output. It is how a
// long string passes from a reader to a writer in parts.
//
// The seam is the Sink's, with these differences:
//
//   - The one who opens spools (a command that writes what it reads, with
//     a package such as internal/spool) gives them as
//     convert.DecodeOptions.Long, and removes what they keep when the
//     conversations that hold them have been written.
//   - The message holds the spool in Content.Long, Part.Long or
//     ToolCall.Long, as it would a Sink; but a Part or ToolCall keeps its
//     Raw, with an empty string "" at LongAt where the long one stood.
//   - A writer that knows spools (the JSON writers of convert) copies the
//     string from Open, escaped, into that place; Runes gives the length a
//     character count needs. A writer that does not would write "": the
//     formats whose writers know spools say so (convert.Format.PassesLong).
//
// A spool may also give what it takes to a Sink of the kind count reads
// (Tee), so that a command can count a string and write it in one reading.
type Spool interface {
	Sink
	// Kind is the kind of string the spool holds.
	Kind() LongKind
	// Open returns a reader of the whole string, decoded, from its
	// start; it may be called any number of times once Close has
	// returned.
	Open() io.Reader
	// Runes is the string's length in Unicode code points.
	Runes() int
	// Tee returns the Sink the spool also gave the string to, or nil.
	Tee() Sink
}

// Counted returns the Sink that stands for a long string's figures: s
// itself, or the sink a Spool gave its string to as well.
func Counted(s Sink) Sink {
	if sp, ok := s.(Spool); ok {
		if tee := sp.Tee(); tee != nil {
			return tee
		}
	}
	return s
}
