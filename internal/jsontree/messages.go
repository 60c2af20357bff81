package jsontree

import "github.com/convkit/convkit/chat"

// A LongPath is a place of strings that may go to sinks, as the keys that
// lead to it, "#" standing for any index of an array, and their kind.
type LongPath struct {
	Kind chat.LongKind
	Path []string
}

// longPaths are the places in a message of the strings that may go to
// sinks.
var longPaths = []LongPath{
	{chat.LongText, []string{"content"}},
	{chat.LongText, []string{"content", "#", "text"}},
	{chat.LongText, []string{"tool_calls", "#", "function", "arguments"}},
	{chat.LongText, []string{"tool_calls", "#", "custom", "input"}},
	{chat.LongImageURL, []string{"content", "#", "image_url"}},
	{chat.LongImageURL, []string{"content", "#", "image_url", "url"}},
	{chat.LongData, []string{"content", "#", "input_audio", "data"}},
	{chat.LongData, []string{"content", "#", "file", "file_data"}},
	// The data of a vendor's image kept as JSON: an Anthropic block's, a
	// Gemini part's (convert's {"type": "gemini", "part": …}).
	{chat.LongData, []string{"content", "#", "source", "data"}},
	{chat.LongData, []string{"content", "#", "part", "inlineData", "data"}},
	{chat.LongData, []string{"content", "#", "part", "inline_data", "data"}},
}

// MessageLongKind says which of the strings of a message that may be too
// long to hold path leads to, in an ArrayStream's element: a message, or a
// conversation as an array of messages or as an object with "messages".
// Readers of conversations (convert, schema) sink those strings.
func MessageLongKind(path []Step) (chat.LongKind, bool) {
	return LongKindAt(inMessage(path), longPaths)
}

// IsMessageContent reports whether path, in an ArrayStream's element as
// for MessageLongKind, leads to a message's content.
func IsMessageContent(path []Step) bool {
	return pathIs(inMessage(path), []string{"content"})
}

// inMessage returns path from the message it goes into on.
func inMessage(path []Step) []Step {
	if len(path) > 0 && path[0].Index < 0 && path[0].Key == "messages" {
		path = path[1:]
	}
	if len(path) > 0 && path[0].Index >= 0 {
		path = path[1:] // the message's index in its conversation
	}
	return path
}

// LongKindAt says which of places path leads to, if any.
func LongKindAt(path []Step, places []LongPath) (chat.LongKind, bool) {
	for _, lp := range places {
		if pathIs(path, lp.Path) {
			return lp.Kind, true
		}
	}
	return 0, false
}

// MessageLongPaths returns every path in an ArrayStream's element that
// MessageLongKind names, an index (any) standing as Step{Index: 0}.
func MessageLongPaths() [][]Step {
	var paths [][]Step
	for _, prefix := range [][]Step{{}, {{Key: "messages", Index: -1}}, {{Index: 0}}, {{Key: "messages", Index: -1}, {Index: 0}}} {
		for _, lp := range longPaths {
			path := append([]Step(nil), prefix...)
			for _, k := range lp.Path {
				step := Step{Key: k, Index: -1}
				if k == "#" {
					step = Step{Index: 0}
				}
				path = append(path, step)
			}
			paths = append(paths, path)
		}
	}
	return paths
}

// pathIs reports whether path is the path of keys and "#" indexes want.
func pathIs(path []Step, want []string) bool {
	if len(path) != len(want) {
		return false
	}
	for i, step := range path {
		if index := want[i] == "#"; index != (step.Index >= 0) || !index && step.Key != want[i] {
			return false
		}
	}
	return true
}
