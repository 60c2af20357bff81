package convert

import (
	"io"

	"github.com/convkit/convkit/chat"
)

// apiFormat is OpenAI's Chat Completions shape: a messages array, or a
// request body {"model": …, "messages": […], …} whose other fields are kept.
var apiFormat = &Format{
	Name:        "api",
	Description: "OpenAI Chat Completions messages array or request body",
	Extensions:  []string{".json"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return newJSONDocumentDecoder(r, opts)
	},
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &documentEncoder{w: w, style: jsonStyle{indent: "  "}}
	},
	Sniff: func(s *Shape) int {
		if !s.JSON || s.Lines {
			return 0
		}
		for _, p := range []string{"[].role", "messages.[].role", "[].[].role", "[].messages.[].role", "messages"} {
			if s.Has(p) {
				return 20
			}
		}
		return 5 // JSON that is nothing else: let the reader say what is wrong
	},
}

func newJSONDocumentDecoder(r io.Reader, opts DecodeOptions) Decoder {
	jr := jsonReader{warn: opts.Warn}
	return &documentDecoder{r: r, parse: func(data []byte) ([]*chat.Conversation, error) {
		v, err := parseJSON(data, 1)
		if err != nil {
			return nil, err
		}
		return jr.conversations(v)
	}}
}
