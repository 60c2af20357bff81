package validating

import (
	"bytes"
	"slices"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/schema"
)

// isShape reports whether a format is one of the trainers' shapes, which
// has an embedded schema of its name.
func isShape(format string) bool {
	return format != "jsonl" && !schema.IsTarget(format) && slices.Contains(schema.Names(), format)
}

// lineShape names the schema that checks the lines of an input whose
// first bytes are head: the one its first line's keys say (a trainer reads
// one shape a file, so a line of another is an error), or "" for each
// line's own keys to decide when the first line cannot be read.
func lineShape(head []byte) string {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return schema.LineSchemaOf(line)
}

// exampleDecoder returns what reads one fine-tuning example, a line: a
// chat with the jsonl format, a record of a trainer's shape with that
// shape's (told by its keys).
func exampleDecoder() (func(line []byte) (*chat.Conversation, error), error) {
	jsonl, err := convert.Lookup("jsonl")
	if err != nil {
		return nil, err
	}
	return func(line []byte) (*chat.Conversation, error) {
		f := jsonl
		if name := schema.ShapeOfJSON(line); name != "" {
			if f, err = convert.Lookup(name); err != nil {
				return nil, err
			}
		}
		return f.NewDecoder(bytes.NewReader(line), convert.DecodeOptions{}).Decode()
	}, nil
}
