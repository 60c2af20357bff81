package convert

import (
	"io"

	"github.com/convkit/convkit/chat"
)

// apiFormat is OpenAI's Chat Completions shape: a messages array, or a
// request body {"model": …, "messages": […], …} whose other fields are kept.
var apiFormat = &Format{
	Name:        "api",
	Aliases:     []string{"json"},
	Description: "OpenAI Chat Completions messages array or request body",
	Extensions:  []string{".json"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return newJSONDocumentDecoder(r, opts)
	},
	PassesLong: true,
	NewEncoder: requestEncoder("api", func(w io.Writer, opts EncodeOptions) Encoder {
		l := newLosses("api", opts)
		enc := metadataDropped{citationsNested{jsonDocuments(w, jsonStyle{indent: "  "})}, l}
		if opts.KeepVendor {
			return enc
		}
		return vendorDropped{itemFieldsDropped{enc, l}, l}
	}),
	Sniff: func(s *Shape) int {
		if !s.JSON || s.Lines {
			return 0
		}
		for _, p := range []string{"[].role", "messages.[].role", "[].[].role", "[].messages.[].role", "messages",
			"choices.[].message.role", "request.messages.[].role", "response.body.choices.[].message.role"} {
			if s.Has(p) {
				return 20
			}
		}
		return 5 // JSON that is nothing else: let the reader say what is wrong
	},
	signatures: true,
}

// apiPartTypes are the content part types of OpenAI's Chat Completions API.
var apiPartTypes = map[string]bool{"text": true, "image_url": true, "input_audio": true, "file": true, "refusal": true}

// vendorDropped drops, with a warning once per type, the content parts
// and the tools OpenAI's API has no type for, which other providers'
// bodies hold, or writes parts as text where they have a text form
// (partText) (EncodeOptions.KeepVendor keeps them).
type vendorDropped struct {
	Encoder
	losses *losses
}

func (e vendorDropped) Encode(c *chat.Conversation) error {
	out := c
	extra, toolsChanged, err := apiTools(c.Extra, e.losses)
	if err != nil {
		return err
	}
	if extra, changed, err := apiParams(extra, e.losses); err != nil {
		return err
	} else if changed || toolsChanged { // copy on write, messages too: they may change below
		cp := *c
		cp.Extra, cp.Messages = extra, append([]chat.Message(nil), c.Messages...)
		out = &cp
	}
	writable := func() { // copy on write: the caller's conversation stays as it is
		if out == c {
			cp := *c
			cp.Messages = append([]chat.Message(nil), c.Messages...)
			out = &cp
		}
	}
	for i := range c.Messages {
		m := &c.Messages[i]
		if m.Role == chat.Tool && m.ToolCallID == "" && m.Name != "" {
			// A tool result with no call to answer (a ChatGPT export's
			// code output): the API takes it as the result of a named
			// function.
			if err := e.losses.lose("tool results without a call id written as role function"); err != nil {
				return err
			}
			writable()
			out.Messages[i].Role = chat.Function
		}
		if m.Content.Form != chat.ContentParts {
			continue
		}
		var kept []chat.Part
		for j, p := range m.Content.Parts {
			if apiPartTypes[p.Type] {
				if kept != nil {
					kept = append(kept, p)
				}
				continue
			}
			if kept == nil {
				kept = append(make([]chat.Part, 0, len(m.Content.Parts)), m.Content.Parts[:j]...)
			}
			if text, kind, ok := partText(p); ok {
				if err := e.losses.lose(kind + " (--keep-vendor keeps them)"); err != nil {
					return err
				}
				kept = append(kept, chat.TextPart(text))
				continue
			}
			if err := e.losses.lose(partsNamed(p) + ", which the API has no type for, dropped (--keep-vendor keeps them)"); err != nil {
				return err
			}
		}
		if kept == nil {
			continue
		}
		writable()
		out.Messages[i].Content.Parts = kept
		if len(kept) == 0 { // an empty array is no content the API takes
			out.Messages[i].Content = chat.TextContent("")
			if len(m.ToolCalls) > 0 {
				out.Messages[i].Content = chat.Content{Form: chat.ContentNull}
			}
		}
	}
	return e.Encoder.Encode(out)
}

// vendorTold tells, once per type, of the content parts OpenAI's API has
// no type for that jsonl writes as they are: fine-tuning refuses a line
// holding one, as convkit validate does. It keeps them, as jsonl is also
// what the dataset verbs write a jsonl input back in, where dropping them
// would lose them (EncodeOptions.KeepVendor: nothing to tell).
type vendorTold struct {
	Encoder
	told *losses // a warning, never a loss: Strict does not refuse them
}

func (e vendorTold) Encode(c *chat.Conversation) error {
	for i := range c.Messages {
		for _, p := range c.Messages[i].Content.Parts {
			if !apiPartTypes[p.Type] {
				e.told.lose(partsNamed(p) + ", which OpenAI's API and fine-tuning have no type for, kept: convkit validate refuses them (-f api drops them)")
			}
		}
	}
	return e.Encoder.Encode(c)
}
