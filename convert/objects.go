package convert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
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
	return jsonLines(lines, 1)
}

// jsonLines parses each line that is not blank as one value; the first is
// line number first.
func jsonLines(lines [][]byte, first int) ([]*jsontree.Value, error) {
	var out []*jsontree.Value
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := parseJSON(line, first+i)
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
	return longObjectDecoder(r, conv, nil, nil)
}

// A longString says a string may go to a sink, and of what kind.
type longString struct {
	kind chat.LongKind
	json bool // the value is an object whose compact text goes (jsontree.SinkJSON)
	// head goes to the sink before the string: "data:…;base64," before an
	// image's data, so that the sink takes the data: URL a plain image's
	// part holds (dataHead).
	head string
}

// longObjectDecoder is objectDecoder that gives the strings of a
// conversation object that long says may go to sinks (by their path in
// it) to the sinks open opens (see DecodeOptions.Long), if it is set; a
// document of one object is then streamed as well, so that it is held
// without them.
func longObjectDecoder(r io.Reader, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error), long func([]jsontree.Step) (longString, bool), open func(chat.LongKind) chat.Sink) Decoder {
	s := jsontree.NewMemberStream(r, "", jsontree.Options{})
	if open != nil && long != nil {
		sinkFor := func(json bool) func(path []jsontree.Step) chat.Sink {
			return func(path []jsontree.Step) chat.Sink {
				ls, ok := long(path)
				if !ok || ls.json != json {
					return nil
				}
				sink := open(ls.kind)
				if sink != nil && ls.head != "" {
					if _, err := io.WriteString(sink, ls.head); err != nil {
						sink.Abort() // the string is then held
						return nil
					}
				}
				return sink
			}
		}
		s.SinkStrings(sinkFor(false))
		s.SinkJSON(sinkFor(true))
		s.LoneValue()
	}
	return &objectArrayDecoder{stream: s, conv: conv, sinks: open != nil && long != nil}
}

type objectArrayDecoder struct {
	stream *jsontree.ArrayStream
	conv   func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)
	sinks  bool    // the stream gives long strings to sinks
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
		if d.stream.Lone() {
			if d.convs, err = d.lone(v); err != nil {
				return nil, err
			}
			continue
		}
		ptr := "/" + strconv.Itoa(d.n)
		d.n++
		if v.Kind != jsontree.Object {
			return nil, errAt(v, ptr, "expected a conversation object, got %s", kindName(v))
		}
		if d.convs, err = d.conv(v, ptr); err != nil {
			return nil, err
		}
		for _, c := range d.convs {
			c.Listed = true
		}
		if err := d.unheld(v, ptr, d.convs); err != nil {
			return nil, err
		}
	}
	c := d.convs[0]
	d.convs[0], d.convs = nil, d.convs[1:]
	return c, nil
}

// longAt says a string of longPaths that path leads to may go to a sink.
func longAt(path []jsontree.Step, longPaths []jsontree.LongPath) (longString, bool) {
	kind, ok := jsontree.LongKindAt(path, longPaths)
	return longString{kind: kind}, ok
}

// longWhereTyped is longAt, leaving out a string in an object whose
// "type", read before it, is not one types gives for its key: a block
// kept as JSON rather than as a text.
func longWhereTyped(path []jsontree.Step, longPaths []jsontree.LongPath, types map[string][]string) (longString, bool) {
	ls, ok := longAt(path, longPaths)
	if !ok {
		return ls, false
	}
	last := path[len(path)-1]
	if t := last.In.Get("type"); t != nil && types[last.Key] != nil && !slices.Contains(types[last.Key], t.Str) {
		return ls, false
	}
	return ls, true
}

// unheldSink returns an error for the first string of v that went to a
// sink none of convs holds: one a reader kept as JSON rather than as a
// text (a block kept verbatim), which would be written without it.
func unheldSink(v *jsontree.Value, ptr string, convs []*chat.Conversation) error {
	held := map[chat.Sink]bool{}
	for _, c := range convs {
		for i := range c.Messages {
			m := &c.Messages[i]
			held[readerSink(m.Content.Long)] = true
			for _, p := range m.Content.Parts {
				held[readerSink(p.Long)] = true
			}
			for _, tc := range m.ToolCalls {
				held[readerSink(tc.Long)] = true
			}
		}
	}
	var walk func(v *jsontree.Value, ptr string) error
	walk = func(v *jsontree.Value, ptr string) error {
		if v.Sink != nil && !held[v.Sink] && v.Kind != jsontree.String {
			return errAt(v, ptr, "a value this long (over 64 KiB) is read here only as a call's arguments, not within a value kept as JSON")
		}
		if v.Sink != nil && !held[v.Sink] {
			return errAt(v, ptr, "a string this long (over 64 KiB) is read here only as a text, not within a value kept as JSON")
		}
		for i, item := range v.Items {
			if err := walk(item, ptr+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		for _, m := range v.Members {
			if err := walk(m.Value, ptr+"/"+m.Key); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(v, ptr)
}

// lone reads the document's value that is not an array, v, as
// wholeObjectDecoder would: if it is the first line of JSON Lines, the
// lines after it are read next, a line at a time.
func (d *objectArrayDecoder) lone(v *jsontree.Value) ([]*chat.Conversation, error) {
	d.n++
	if rest, line, ok := d.stream.LinesAfter(); ok {
		d.whole = linesFrom(rest, line, d.conv)
	}
	convs, err := conversationsOf([]*jsontree.Value{v}, d.conv)
	if err != nil {
		return nil, err
	}
	return convs, d.unheld(v, "", convs)
}

// unheld is unheldSink, for a stream that gives long strings to sinks.
func (d *objectArrayDecoder) unheld(v *jsontree.Value, ptr string, convs []*chat.Conversation) error {
	if !d.sinks {
		return nil
	}
	return unheldSink(v, ptr, convs)
}

// wholeObjectDecoder is objectDecoder for a document that is no array:
// JSON Lines, read a line at a time, or a document read whole.
func wholeObjectDecoder(r io.Reader, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) Decoder {
	br := bufio.NewReaderSize(r, sniffBytes)
	if startsLines(br) {
		return linesFrom(br, 1, conv)
	}
	return &documentDecoder{r: br, parse: func(data []byte) ([]*chat.Conversation, error) {
		vals, err := jsonValues(data)
		if err != nil {
			return nil, err
		}
		convs, err := conversationsOf(vals, conv)
		if bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n"), []byte("[")) {
			for _, c := range convs {
				c.Listed = true // as objectArrayDecoder marks them
			}
		}
		return convs, err
	}}
}

// conversationsOf reads the top-level values of a document, each a
// conversation object, with conv.
func conversationsOf(vals []*jsontree.Value, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) ([]*chat.Conversation, error) {
	var convs []*chat.Conversation
	for i, v := range vals {
		ptr := valuePointer(vals, i)
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
}

// valuePointer is the JSON pointer of the top-level value vals[i]: none
// for a document of one object.
func valuePointer(vals []*jsontree.Value, i int) string {
	if len(vals) > 1 || vals[i].Kind != jsontree.Object {
		return "/" + strconv.Itoa(i)
	}
	return ""
}

// singleDecoder reads each top-level object as one conversation, the
// strings long names in it given to sinks (see longObjectDecoder).
func singleDecoder(read func(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error), long func([]jsontree.Step) (longString, bool)) func(io.Reader, DecodeOptions) Decoder {
	return func(r io.Reader, opts DecodeOptions) Decoder {
		return longObjectDecoder(r, func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			c, err := read(v, ptr, opts.Warn)
			return []*chat.Conversation{c}, err
		}, long, opts.Long)
	}
}

// startsLines reports whether br starts as JSON Lines do: with an object
// that ends its line, and more on a later line.
func startsLines(br *bufio.Reader) bool {
	head, _ := br.Peek(sniffBytes)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	first, rest, ok := bytes.Cut(head, []byte("\n"))
	return ok && len(first) > 0 && first[0] == '{' && json.Valid(first) && len(bytes.TrimSpace(rest)) > 0
}

// unlisted reads an export's conversations, not marking them Listed: the
// export's array is its own, not a dataset's that a writer keeps.
type unlisted struct{ Decoder }

func (d unlisted) Decode() (*chat.Conversation, error) {
	c, err := d.Decoder.Decode()
	if c != nil {
		c.Listed = false
	}
	return c, err
}
