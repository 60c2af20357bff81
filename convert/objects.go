package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// jsonValues parses a document that holds one JSON value, or JSON Lines
// (one value per line), into its top-level conversations: an array's
// elements, or the value itself.
func jsonValues(data []byte) ([]*jsontree.Value, error) {
	v, err := parseJSON(data, 1)
	if err == nil {
		if v.Kind == jsontree.Array {
			return v.Items, nil
		}
		return []*jsontree.Value{v}, nil
	}
	// JSON Lines: fall back only when the first line is a whole value.
	lines := bytes.Split(data, []byte("\n"))
	if len(lines) < 2 || !json.Valid(bytes.TrimPrefix(lines[0], []byte("\xef\xbb\xbf"))) {
		return nil, err
	}
	var out []*jsontree.Value
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := parseJSON(line, i+1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// objectDecoder reads each top-level object of a JSON document (or JSON
// Lines) with conv. The elements of a top-level array, as in a dataset or
// a data export, are read one at a time, so that memory holds about one
// conversation however many there are; any other document is read whole.
func objectDecoder(r io.Reader, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) Decoder {
	return &objectArrayDecoder{stream: jsontree.NewMemberStream(r, "", jsontree.Options{}), conv: conv}
}

type objectArrayDecoder struct {
	stream *jsontree.ArrayStream
	conv   func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)
	whole  Decoder // the document read whole, when it is not an array
	n      int     // elements read so far
	convs  []*chat.Conversation
}

func (d *objectArrayDecoder) Decode() (*chat.Conversation, error) {
	for len(d.convs) == 0 {
		if d.whole != nil {
			return d.whole.Decode()
		}
		v, err := d.stream.Next()
		switch {
		case d.n == 0 && errors.Is(err, jsontree.ErrNotArray):
			d.whole = wholeObjectDecoder(d.stream.Rest(), d.conv)
			continue
		case err == io.EOF:
			return nil, io.EOF
		case err != nil:
			return nil, located(err)
		}
		ptr := "/" + strconv.Itoa(d.n)
		d.n++
		if v.Kind != jsontree.Object {
			return nil, errAt(v, ptr, "expected a conversation object, got %s", kindName(v))
		}
		if d.convs, err = d.conv(v, ptr); err != nil {
			return nil, err
		}
	}
	c := d.convs[0]
	d.convs[0], d.convs = nil, d.convs[1:]
	return c, nil
}

// wholeObjectDecoder is objectDecoder for a document read whole.
func wholeObjectDecoder(r io.Reader, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) Decoder {
	return &documentDecoder{r: r, parse: func(data []byte) ([]*chat.Conversation, error) {
		vals, err := jsonValues(data)
		if err != nil {
			return nil, err
		}
		var convs []*chat.Conversation
		for i, v := range vals {
			ptr := ""
			if len(vals) > 1 || v.Kind != jsontree.Object {
				ptr = "/" + strconv.Itoa(i)
			}
			if v.Kind != jsontree.Object {
				return nil, errAt(v, ptr, "expected a conversation object, got %s", kindName(v))
			}
			cs, err := conv(v, ptr)
			if err != nil {
				return nil, err
			}
			convs = append(convs, cs...)
		}
		return convs, nil
	}}
}

// singleDecoder reads each top-level object as one conversation.
func singleDecoder(read func(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error)) func(io.Reader, DecodeOptions) Decoder {
	return func(r io.Reader, opts DecodeOptions) Decoder {
		return objectDecoder(r, func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			c, err := read(v, ptr, opts.Warn)
			return []*chat.Conversation{c}, err
		})
	}
}
