package schema

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// Strings too long to hold. A document whose messages stream (an array,
// or an object with "messages") is read a message at a time, and the long
// strings of messages — texts, image URLs, audio and file data, tool call
// arguments — are given to blankSinks as they are read, not held: the
// embedded schemas ask of those strings only that they be strings, which
// the parser has seen, and the rules only whether they are blank, which
// the sink notes. The tree is then checked as if parsed whole, each of
// those strings standing as "".

// streamDocument reads r's document with its messages' long strings left
// out, or, when it is not of a shape whose messages stream, whole.
func streamDocument(r io.Reader) (*jsontree.Value, error) {
	return streamValue(r, jsontree.Options{})
}

// streamValue is streamDocument for a value that starts on line
// opts.FirstLine: a JSON line.
func streamValue(r io.Reader, opts jsontree.Options) (*jsontree.Value, error) {
	s := jsontree.NewMemberStream(r, "messages", opts)
	s.SinkStrings(func(path []jsontree.Step) chat.Sink {
		if _, ok := jsontree.MessageLongKind(path); ok {
			return &blankSink{blank: true}
		}
		return nil
	})
	var items []*jsontree.Value
	var members []*jsontree.Member
	for {
		v, err := s.Next()
		if len(items) == 0 && (errors.Is(err, jsontree.ErrNotArray) || err == io.EOF) {
			data, err := io.ReadAll(s.Rest())
			if err != nil {
				return nil, err
			}
			return jsontree.Parse(data, opts)
		}
		for _, m := range s.Members() {
			m.Value = detach(m.Value)
			members = append(members, m)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		items = append(items, detach(v))
	}
	docPos, keyPos, arrayPos := s.Positions()
	array := &jsontree.Value{Kind: jsontree.Array, Pos: arrayPos, Items: items}
	if !s.Object() {
		return array, nil
	}
	messages := &jsontree.Member{Key: "messages", KeyPos: keyPos, Value: array}
	root := &jsontree.Value{Kind: jsontree.Object, Pos: docPos}
	placed := false
	for _, m := range members {
		if !placed && Pos(keyPos).less(Pos(m.KeyPos)) {
			root.Members, placed = append(root.Members, messages), true
		}
		root.Members = append(root.Members, m)
	}
	if !placed {
		root.Members = append(root.Members, messages)
	}
	return root, nil
}

// detach makes v and what it holds keep nothing of the stream's buffer,
// which the next element reuses: a scalar keeps a copy of its source, an
// array or object none (show rebuilds it).
func detach(v *jsontree.Value) *jsontree.Value {
	switch {
	case v.Kind == jsontree.Array:
		for _, item := range v.Items {
			detach(item)
		}
		v.Src = nil
	case v.Kind == jsontree.Object:
		for _, m := range v.Members {
			detach(m.Value)
		}
		v.Src = nil
	case v.Sink != nil:
		v.Src = []byte(`""`) // its source lacks what went to the sink
	default:
		v.Src = bytes.Clone(v.Src)
	}
	return v
}

// A blankSink takes a long string and notes whether it is blank, as
// strings.TrimSpace sees it.
type blankSink struct{ blank bool }

func (b *blankSink) Write(p []byte) (int, error) {
	if b.blank && len(bytes.TrimSpace(p)) > 0 {
		b.blank = false
	}
	return len(p), nil
}

func (b *blankSink) Close() error { return nil }
func (b *blankSink) Abort()       {}

// isBlank reports whether a string value is empty or white space, the
// long strings that went to a blankSink included.
func isBlank(v *jsontree.Value) bool {
	if b, ok := v.Sink.(*blankSink); ok {
		return b.blank
	}
	return strings.TrimSpace(v.Str) == ""
}
