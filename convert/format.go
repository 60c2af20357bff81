package convert

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/convkit/convkit/chat"
)

// Decoder reads conversations one at a time. Decode returns io.EOF when there
// are no more.
type Decoder interface {
	Decode() (*chat.Conversation, error)
}

// DecodePart reads the next conversation from d, as Decode does, but may
// give a long one in parts of about max bytes of source or more, its
// messages in order: more is true for every part but the last, and the
// last alone carries the conversation's ID and Extra. A reader that needs
// one message at a time, as counting does, then holds a part in memory, not
// the whole conversation. Formats that cannot read a conversation in parts
// give it whole.
func DecodePart(d Decoder, max int) (c *chat.Conversation, more bool, err error) {
	if pd, ok := d.(interface {
		decodePart(max int) (*chat.Conversation, bool, error)
	}); ok {
		return pd.decodePart(max)
	}
	c, err = d.Decode()
	return c, false, err
}

// A RawDecoder is a Decoder that can also give the exact source of the
// conversation it last read, or of the line its last error is about: the
// jsonl reader does, so that a command that keeps a conversation unchanged
// can write its line back byte for byte. Raw returns nil when it cannot
// (a line too long to hold); line is the source line.
type RawDecoder interface {
	Decoder
	Raw() (raw []byte, line int)
}

// A LineDecoder is a Decoder whose conversations are each one line (the
// jsonl reader), that can give the next line unparsed so that the caller
// parses it, on any goroutine, with ParseLine: parsing, most of the work of
// reading, can then run on every core.
type LineDecoder interface {
	RawDecoder
	// NextLine reads the next non-blank line and returns it unparsed, valid
	// until the next call, and its line number; or, with long set, says
	// that the line n is too long to hold: the next Decode reads it, a
	// message at a time. Once NextLine is called, the warnings Decode
	// finds are held too, until TakeWarnings.
	NextLine() (raw []byte, n int, long bool, err error)
	// TakeWarnings returns what tells the warnings Decode has held since
	// the last call, as ParseLine's tell does.
	TakeWarnings() (tell func(warn func(Pos, string)))
	// ParseLine parses a line that NextLine returned, as Decode would,
	// but holds the warnings it finds: tell gives them to warn, or to
	// DecodeOptions.Warn if nil (those told once per input, if not told
	// yet). Call tell for each line in input order, so that the warnings
	// are the same whichever goroutine parsed first.
	ParseLine(raw []byte, n int) (c *chat.Conversation, tell func(warn func(Pos, string)), err error)
}

// Encoder writes conversations. Close finishes the output (closing brackets,
// a final newline); it does not close the underlying writer.
type Encoder interface {
	Encode(*chat.Conversation) error
	Close() error
}

// DecodeOptions adjust decoding.
type DecodeOptions struct {
	// Warn, when set, is told of things that were read but look wrong
	// (an unknown role); decoding goes on.
	Warn func(pos Pos, msg string)
	// AllBranches makes formats that hold a tree of messages (chatgpt) give
	// every branch as its own conversation, not only the active thread.
	AllBranches bool
	// Hidden makes exports that hide some messages from their reader
	// (chatgpt: hidden system messages, custom-instruction context) keep them.
	Hidden bool
	// Long, when set, opens a sink for each string too long to hold that
	// the formats that read a message at a time (api, meta, jsonl) meet
	// in a message — a text, an image URL, audio or file data — and that
	// anthropic, gemini, responses and sharegpt meet in a text or a
	// call's arguments (see longObjectDecoder), or returns nil to keep it
	// whole. The message then holds the sink
	// instead of the string: see chat.Sink, and the rule that such a
	// conversation is for counting only, unless its sinks are Spools
	// (chat.Spool) and the format it is written in PassesLong.
	Long func(kind chat.LongKind) chat.Sink
	// Strict makes a reader refuse (ErrChanged) what it would otherwise
	// read with a warning that writing it back in its own format gives
	// something else: ShareGPT senders that are renamed, a system turn
	// that becomes the top-level system prompt; in the exports (chatgpt,
	// claude), what becomes a placeholder or is skipped.
	Strict bool
	// LongLines, when set, is given each line of JSON Lines too long to
	// hold (which Raw cannot give), as it is read: the writer it returns
	// for line n gets the whole line without its newline, even one that
	// cannot be parsed.
	LongLines func(n int) io.Writer
}

// EncodeOptions adjust encoding.
type EncodeOptions struct {
	// Color makes human-readable formats colour their role labels.
	Color bool
	// TokenCount, when set, fills each message's metadata token_count (meta).
	TokenCount func(*chat.Message) int
	// Warn, when set, is told once per kind of thing the target format
	// cannot hold and wrote in its nearest form ("sharegpt: tool call ids
	// dropped").
	Warn func(kind string)
	// Strict makes anything the target cannot hold an error (*LossError)
	// instead of a warning.
	Strict bool
	// AllowSpecialText lets chatml write message text that holds its
	// markup (<|im_start|>, <|im_end|>, an assistant's <tool_call>, a
	// user's <tool_response>) as it is, with a warning; without it such a
	// message is refused (ErrSpecialText), as it would read back as other
	// messages or tool calls.
	AllowSpecialText bool
	// Lines makes the formats that write one JSON object per conversation
	// (sharegpt, anthropic, gemini, responses) write JSON Lines, one
	// compact object a line, instead of an array: datasets are read both
	// ways, and a .jsonl file must be lines.
	Lines bool
	// Render, when set, gives the text an open model sees of a
	// conversation (its chat template's rendering): what the prompt format
	// writes.
	Render func(*chat.Conversation) (string, error)
	// KeepVendor makes api keep the parts and the tools OpenAI's API has
	// no type for (Anthropic thinking blocks, Gemini parts, Responses
	// items, server tools) verbatim, for a lossless round trip, and api
	// and jsonl the fields of the Responses items messages were read from;
	// by default they are dropped with a warning, so that what api and
	// jsonl write is what the API, fine-tuning and convkit validate accept.
	KeepVendor bool
	// Model, when set, is the model the request bodies name (api,
	// anthropic, responses: "model"; gemini takes it in the URL, so it is
	// told as not written). It replaces the model the input names.
	Model string
	// MaxTokens, when above 0, is the reply's token limit the request
	// bodies set, in the target's spelling (max_completion_tokens,
	// max_tokens, max_output_tokens, generationConfig.maxOutputTokens),
	// replacing the input's in any spelling.
	MaxTokens int
}

// Format is one conversation format. A nil NewDecoder or NewEncoder means
// convkit cannot read or write it.
type Format struct {
	Name        string
	Aliases     []string // other names -f accepts: the extensions people type (md, yml…)
	Description string
	Extensions  []string // file extensions that hint at this format, with the dot
	NewDecoder  func(r io.Reader, opts DecodeOptions) Decoder
	NewEncoder  func(w io.Writer, opts EncodeOptions) Encoder
	// Sniff scores how much a file that starts like shape looks like this
	// format: 0 not at all, higher is surer.
	Sniff func(shape *Shape) int
	// PassesLong is true when the format's encoder writes the strings
	// that Spools hold (chat.Spool) in full: a command that reads with
	// spools as DecodeOptions.Long may write only formats that say so.
	// It copies them through where it writes them as they are, and reads
	// the others whole (see renderMarked).
	PassesLong bool
	// Binary is true when what the encoder writes is not text (Parquet):
	// commands refuse to write it to a terminal.
	Binary bool
	// pairs is true when the format's encoder writes a preference pair's
	// rejected completion; every other encoder warns that it drops it
	// (see dropping).
	pairs bool
	// signatures is true when the format's encoder writes the thought
	// signature a Gemini text part carries (geminiSignedText); every
	// other encoder warns that it drops it (see dropping).
	signatures bool
}

// CanRead reports whether the format can be read.
func (f *Format) CanRead() bool { return f.NewDecoder != nil }

// CanWrite reports whether the format can be written.
func (f *Format) CanWrite() bool { return f.NewEncoder != nil }

// registry lists the formats in the order help shows them.
var registry = []*Format{apiFormat, metaFormat, jsonlFormat, textFormat, markdownFormat, yamlFormat,
	anthropicFormat, geminiFormat, responsesFormat, sharegptFormat,
	alpacaFormat, trlCompletionFormat, trlPreferenceFormat, trlUnpairedFormat, openaiPreferenceFormat, chatmlFormat, chatgptFormat, claudeFormat, htmlFormat, parquetFormat, promptFormat}

// Formats returns every format in help order.
func Formats() []*Format { return registry }

// UnknownFormatError is returned by Lookup for a name no format has.
type UnknownFormatError struct {
	Name string
}

func (e *UnknownFormatError) Error() string {
	return fmt.Sprintf("unknown format %q (known: %s)", e.Name, strings.Join(Names(), ", "))
}

// Unwrap returns ErrUnknownFormat.
func (e *UnknownFormatError) Unwrap() error { return ErrUnknownFormat }

// AllNames returns every name and alias a format is known by, in help
// order: what a misspelt name is compared with.
func AllNames() []string {
	var names []string
	for _, f := range registry {
		names = append(names, f.Name)
		names = append(names, f.Aliases...)
	}
	return names
}

// Names returns the names of all formats in help order.
func Names() []string {
	names := make([]string, len(registry))
	for i, f := range registry {
		names[i] = f.Name
	}
	return names
}

// Lookup returns the format called name, or one of its aliases.
func Lookup(name string) (*Format, error) {
	lower := strings.ToLower(name)
	for _, f := range registry {
		if f.Name == lower || slices.Contains(f.Aliases, lower) {
			return f, nil
		}
	}
	return nil, &UnknownFormatError{name}
}

// ForExtension returns the first writable format, in help order, whose
// extensions include ext (".md"), or nil: the format an output file's name
// implies.
func ForExtension(ext string) *Format {
	ext = strings.ToLower(ext)
	for _, f := range registry {
		if f.CanWrite() && slices.Contains(f.Extensions, ext) {
			return f
		}
	}
	return nil
}

// lazyRegexp compiles expr the first time it is used: compiling every
// format's patterns at start-up would slow down each command that needs none.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
