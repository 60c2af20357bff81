package validating

import (
	"errors"
	"io"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/schema"
)

// readByFormat reports whether validate checks a file of the format
// called name by reading it with that format's reader: every format but
// OpenAI's (api, meta, jsonl), Parquet's rows of them and the trainers'
// shapes, which the embedded schemas check. An Anthropic, Gemini or
// Responses body, or ShareGPT, checked against the api schema would give
// an error at every place the formats differ.
func readByFormat(name string) bool {
	switch name {
	case "", "api", "meta", "jsonl", "parquet":
		return false
	}
	return !isShape(name)
}

// isWrapped reports whether an api or jsonl input holds its conversations
// inside response bodies, call records or batch lines, which validate
// checks by reading them as count and export do.
func isWrapped(format string, head []byte, path string) bool {
	return (format == "api" || format == "jsonl") && convert.WrapsConversation(head, path)
}

// checkByReader reads src with f's reader, as every other command reads
// it, and reports what the reader says, at its place: its first error
// (reading stops there) and its warnings; then the conversation rules
// that hold in every format (schema.ReadRules) on each conversation read.
// Long strings are read through, not held. strict makes the warnings
// errors. The error is an I/O error.
func checkByReader(src *source.Source, f *convert.Format, strict bool, report func(schema.Problem)) error {
	warned := func(p schema.Problem) {
		p.Warning = !strict
		report(p)
	}
	opts := convert.DecodeOptions{
		Warn: func(pos convert.Pos, msg string) {
			warned(schema.Problem{Pos: placed(pos), Msg: msg, Rule: schema.RuleRead})
		},
		Long: func(chat.LongKind) chat.Sink { return count.Discard{} },
	}
	d := f.NewDecoder(src.R, opts)
	for n := 1; ; n++ {
		c, err := d.Decode()
		if err == io.EOF {
			return nil
		}
		var ce *convert.Error
		if errors.As(err, &ce) {
			report(schema.Problem{Pos: placed(ce.Pos), Pointer: ce.Pointer, Msg: ce.Msg, Rule: schema.RuleRead})
			return nil
		}
		if err != nil {
			return err
		}
		for _, p := range schema.ReadRules(c, n, schema.Pos{Line: 1, Col: 1}) {
			warned(p)
		}
	}
}

// placed is a reader's place as a problem's, the file's start when the
// reader knows none.
func placed(pos convert.Pos) schema.Pos {
	if pos.Line == 0 {
		return schema.Pos{Line: 1, Col: 1}
	}
	return schema.Pos{Line: pos.Line, Col: pos.Col}
}
