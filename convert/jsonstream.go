package convert

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// newJSONDocumentDecoder reads a JSON document of conversations. An array
// of conversations is read one conversation at a time, and the messages of
// a single conversation (a bare array, or an object's "messages") one
// message at a time, so that memory holds one conversation however long
// the file, parsed once (or a part of one, for DecodePart); any other
// document is read whole.
func newJSONDocumentDecoder(r io.Reader, opts DecodeOptions) Decoder {
	jr := newJSONReader(opts)
	s := jsontree.NewMemberStream(r, "messages", jsontree.Options{})
	jr.sinkLong(s)
	return &jsonDocumentDecoder{stream: s, jr: jr}
}

// newJSONLineDecoder reads r, line n of a JSONL file, which holds one
// conversation, as newJSONDocumentDecoder reads a document of one.
func newJSONLineDecoder(r io.Reader, n int, jr jsonReader) *jsonDocumentDecoder {
	s := jsontree.NewMemberStream(r, "messages", jsontree.Options{FirstLine: n})
	jr.sinkLong(s)
	return &jsonDocumentDecoder{stream: s, jr: jr, line: n}
}

type jsonDocumentDecoder struct {
	stream *jsontree.ArrayStream
	jr     jsonReader
	line   int     // the JSONL line the document is, or 0
	whole  Decoder // the document read whole, when it streams no array
	n      int     // conversations of an array of them read so far
	// The one conversation whose messages stream, once it has begun: the
	// message read next (nil after the last), how many came before it, the
	// ID its first message gives, and the ID and fields its object gives.
	single  bool
	next    *jsontree.Value
	index   int
	firstID string
	fields  chat.Conversation
	done    bool
}

func (d *jsonDocumentDecoder) Decode() (*chat.Conversation, error) {
	c, _, err := d.decodePart(-1)
	return c, err
}

// decodePart is Decode, with the single conversation in parts of at least
// max bytes of source (no limit if max < 0).
func (d *jsonDocumentDecoder) decodePart(max int) (*chat.Conversation, bool, error) {
	switch {
	case d.whole != nil:
		c, err := d.whole.Decode()
		return c, false, err
	case d.done:
		return nil, false, io.EOF
	case d.single:
		return d.messages(max)
	}
	v, err := d.stream.Next()
	if d.n == 0 && (errors.Is(err, jsontree.ErrNotArray) || err == io.EOF && !d.stream.Object()) {
		// Not an array, an object without a messages array, or an empty
		// array: the reader of whole documents knows what to make of it.
		d.whole = &documentDecoder{r: d.stream.Rest(), parse: func(data []byte) ([]*chat.Conversation, error) {
			if d.line > 0 && len(bytes.TrimSpace(data)) == 0 {
				return nil, nil // a blank line holds no conversation
			}
			v, err := parseJSON(data, cmp.Or(d.line, 1))
			if err != nil {
				return nil, err
			}
			return d.jr.conversations(v)
		}}
		c, err := d.whole.Decode()
		return c, false, err
	}
	if err != nil && err != io.EOF {
		return nil, false, located(err)
	}
	if d.n == 0 && (d.line > 0 || d.stream.Object() || !isConversation(v)) {
		d.single, d.next = true, v
		if err := d.keepFields(); err != nil {
			return nil, false, err
		}
		return d.messages(max)
	}
	if err == io.EOF {
		return nil, false, io.EOF
	}
	c, err := d.jr.conversation(v, "/"+strconv.Itoa(d.n))
	d.n++
	if err != nil {
		return nil, false, err
	}
	c.Listed = true
	return c, false, nil
}

// messages reads the single conversation's next messages, until they pass
// max bytes of source or the last; the part with the last carries the
// conversation's ID and fields.
func (d *jsonDocumentDecoder) messages(max int) (*chat.Conversation, bool, error) {
	c := &chat.Conversation{Object: d.stream.Object(), Messages: []chat.Message{}}
	ptr := "/"
	if c.Object {
		ptr = "/messages/"
	}
	for size := 0; d.next != nil && (max < 0 || size == 0 || size < max); d.index++ {
		v := d.next
		c.Messages = append(c.Messages, chat.Message{})
		if err := d.jr.message(&c.Messages[len(c.Messages)-1], v, ptr+strconv.Itoa(d.index)); err != nil {
			return nil, false, err
		}
		if d.index == 0 {
			d.firstID = metaConversationID(&c.Messages[0])
		}
		size += len(v.Src)
		next, err := d.stream.Next()
		if err := d.keepFields(); err != nil {
			return nil, false, err
		}
		if err != nil && err != io.EOF {
			return nil, false, located(err)
		}
		d.next = next
	}
	if d.next != nil {
		return c, true, nil
	}
	d.done = true
	c.ID, c.Extra = cmp.Or(d.fields.ID, d.firstID), d.fields.Extra
	return c, false, nil
}

// keepFields keeps the members of the single conversation's object that
// the stream has read since it last looked.
func (d *jsonDocumentDecoder) keepFields() error {
	for _, m := range d.stream.Members() {
		if err := conversationField(&d.fields, m); err != nil {
			return err
		}
	}
	return nil
}

// heldText is a long string content read as a stream gives it, in parts
// (sinkLong): kept in chunks, it is made a string of its length once,
// where the stream's buffer would have grown to hold it and its escapes,
// and the string been copied out of it.
type heldText struct {
	chunks [][]byte
	n      int
	lone   bool // it held a lone surrogate (jsontree.LoneSurrogateSink)
}

// heldChunkBytes is the size of a heldText's chunks.
const heldChunkBytes = 1 << 20

func (h *heldText) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := len(h.chunks) - 1
		if k < 0 || len(h.chunks[k]) == cap(h.chunks[k]) {
			h.chunks = append(h.chunks, make([]byte, 0, heldChunkBytes))
			k++
		}
		room := min(len(p), cap(h.chunks[k])-len(h.chunks[k]))
		h.chunks[k] = append(h.chunks[k], p[:room]...)
		p = p[room:]
	}
	h.n += n
	return n, nil
}

func (h *heldText) Close() error   { return nil }
func (h *heldText) Abort()         { h.chunks = nil }
func (h *heldText) LoneSurrogate() { h.lone = true }

// String returns the text, letting the chunks go.
func (h *heldText) String() string {
	var b strings.Builder
	b.Grow(h.n)
	for _, c := range h.chunks {
		b.Write(c)
	}
	h.chunks = nil
	return b.String()
}
