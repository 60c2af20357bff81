package convert

import (
	"io"
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
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return metadataDropped{jsonDocuments(w, jsonStyle{indent: "  "}), newLosses("api", opts)}
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
