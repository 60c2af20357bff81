package convert

import "io"

// metaFormat is the seeds' metadata-rich JSON: every message carries
// "metadata" {timestamp, message_index, character_count, conversation_id,
// token_count}, as a bare array or {"conversation_id": …, "messages": […]}.
var metaFormat = &Format{
	Name:        "meta",
	Description: "metadata-rich JSON: each message with timestamp, index, character and token counts",
	Extensions:  []string{".json"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return newJSONDocumentDecoder(r, opts)
	},
	PassesLong: true,
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return jsonDocuments(w, jsonStyle{indent: "  ", metadata: true, tokens: opts.TokenCount})
	},
	Sniff: func(s *Shape) int {
		if s.JSON && !s.Lines && (s.HasSuffix("[].metadata") || s.HasSuffix("conversation_id") && s.HasSuffix("messages")) {
			return 30
		}
		return 0
	},
	signatures: true,
}
