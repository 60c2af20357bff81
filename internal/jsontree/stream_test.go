package jsontree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// streamCases are documents whose elements or errors ArrayStream must give
// as Parse does: good arrays, every error between and inside elements,
// and documents that are not arrays.
var streamCases = []string{
	`[]`, ` [ ] `, `[{"a":1}]`, "\xef\xbb\xbf[\n  {\"a\": [1, 2]},\n  [3, {\"b\": \"]}\\\"[{\"}]\n]\n",
	`[{"s":"a\"b\\"},{"t":"\u00e9\ud83d\ude00"}]`, `[[],{},[[]],{"":{}}]`, `[1,"x",true,null,{"a":2}]`,
	`[{"a":1},]`, `[{"a":1} {"b":2}]`, `[{"a":1}`, `[{"a":1},`, `[{"a":1}] x`, `[{"a":1}]]`,
	`[{"a":1,}]`, `[{"a" 1}]`, `[{"a":"b]`, "[{\"a\":\"\xff\"}]", "[{\"a\":\"x\ny\"}]", `[{"a":1]`,
	`[{"a":[1}]`, `[{]`, `[}`, `[,]`, `[{"a":1},,{"b":2}]`, `[{"a":1}, ]`, `[{"a":1},{"a":2,"a":3}]`,
	`{"messages":[]}`, `"x"`, ``, `   `, `x`, "\xef\xbb\xbf", `[` + strings.Repeat("[", 10001) + strings.Repeat("]", 10002),
	`[{"a":1}]` + "\n\n   \t", "[{}郿", "[{} \xe9\x83",
	// Objects, whose "messages" a member stream streams.
	`{"messages":[{"a":1},{"b":2}]}`, "{\"model\": \"m\",\n \"messages\": [\n {\"a\": 1}\n ],\n \"tools\": [{\"t\": [1]}], \"n\": 12}",
	`{"messages":[]}`, `{"messages":[] , "x":1}`, `{"x":{"messages":[1]}}`, `{}`, `{"messages":{}}`, `{"messages":3}`,
	`{"n":123,"messages":[1]}`, `{"s":"a\"b","messages":[1],"t":"\u00e9"}`, `{"messages":[1],"messages":[2]}`,
	`{"x":1,"x":2,"messages":[1]}`, `{"messages":[1],"x":1,"x":2}`, `{"messages":[1],}`, `{"messages":[1]`,
	`{"messages":[1] "x":1}`, `{"messages":[1],"x" 1}`, `{"messages":[1],"x":}`, `{"messages":[1],3:1}`,
	`{"messages":[1]} x`, `{"messages":[1,]}`, `{"messages":[1}`, `{"x":[1,"messages":[1]}`, `{"x" "messages":[]}`,
	`{"x":1 "messages":[1]}`, `{"messages" [1]}`, `{"x":tru,"messages":[1]}`, `{"messages":[1],"x":tru}`,
	`{"messages":[1],"x":1.5e}`, "{\"messages\":[1],\"x\":\"\xff\"}",
	`{"messages":[` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `]}`,
	`{"messages":[` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `]}`,
}

// checkStream fails t unless streaming data agrees with Parse on it, as
// an array and as an object's "messages".
func checkStream(t *testing.T, data []byte, opts Options) {
	t.Helper()
	checkArrayStream(t, data, opts)
	checkMemberStream(t, data, opts)
}

// checkArrayStream checks a document that is not an object: an array
// streams, anything else is ErrNotArray.
func checkArrayStream(t *testing.T, data []byte, opts Options) {
	t.Helper()
	v, perr := Parse(data, opts)
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("{")) {
		return // checkMemberStream's
	}
	startsArray := bytes.HasPrefix(trimmed, []byte("["))
	for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data)), iotest.DataErrReader(bytes.NewReader(data))} {
		items, _, _, err := memberStreamed(r, opts)
		switch {
		case !startsArray:
			if !errors.Is(err, ErrNotArray) || len(items) > 0 {
				t.Fatalf("%.60q: got %d elements and %v, want ErrNotArray", data, len(items), err)
			}
		case perr != nil:
			if err == nil || err.Error() != perr.Error() {
				t.Fatalf("%.60q: stream error %v, Parse gives %v", data, err, perr)
			}
		default:
			var want []string
			for _, item := range v.Items {
				want = append(want, fmt.Sprintf("%v %s", item.Pos, item.Compact()))
			}
			if err != io.EOF || strings.Join(items, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%.60q: stream gave %q then %v, Parse gives %q", data, items, err, want)
			}
		}
	}
}

func TestArrayStreamAgreesWithParse(t *testing.T) {
	for _, c := range streamCases {
		checkStream(t, []byte(c), Options{})
		checkStream(t, []byte(c), Options{FirstLine: 7}) // a JSONL file's line 7
	}
}

// TestArrayStreamRest: a caller that looks at the first element and
// decides to parse the whole document after all gets all of it.
func TestArrayStreamRest(t *testing.T) {
	doc := "\xef\xbb\xbf [ {\"role\": \"user\"}, {\"role\": \"assistant\"} ]"
	for _, r := range []io.Reader{strings.NewReader(doc), iotest.OneByteReader(strings.NewReader(doc))} {
		s := NewMemberStream(r, "messages", Options{})
		if _, err := s.Next(); err != nil {
			t.Fatal(err)
		}
		all, err := io.ReadAll(s.Rest())
		if err != nil || string(all) != doc {
			t.Fatalf("Rest gave %q, %v; want the whole document", all, err)
		}
	}
}

// TestArrayStreamMemory reads an array far larger than one element, bare
// and as an object's member, and checks that the window never holds much
// more than an element.
func TestArrayStreamMemory(t *testing.T) {
	elem := `{"messages":[{"role":"user","content":"` + strings.Repeat("x", 1000) + `"}]}`
	const n = 20000 // about 20 MB
	for _, doc := range [][2]string{{"[", "]"}, {`{"model":"m","messages":[`, `],"tools":[]}`}} {
		r := io.MultiReader(strings.NewReader(doc[0]), &repeatReader{s: elem + ",", n: n - 1}, strings.NewReader(elem+doc[1]))
		s := NewMemberStream(r, "messages", Options{})
		count := 0
		for {
			_, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			count++
			if c := cap(s.p.data); c > 256<<10 {
				t.Fatalf("%s: element %d: window of %d bytes", doc[0], count, c)
			}
		}
		if count != n {
			t.Fatalf("%s: %d elements, want %d", doc[0], count, n)
		}
	}
}

type repeatReader struct {
	s   string
	n   int
	off int
}

func (r *repeatReader) Read(b []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(b, r.s[r.off:])
	if r.off += k; r.off == len(r.s) {
		r.off, r.n = 0, r.n-1
	}
	return k, nil
}

// memberStreamed reads data with a member stream of "messages", and
// describes each element and each other member, then the error that ended
// it; and, if that error is ErrNotArray, the text Rest gives.
func memberStreamed(r io.Reader, opts Options) (items, members []string, rest []byte, err error) {
	s := NewMemberStream(r, "messages", opts)
	for {
		v, err := s.Next()
		for _, m := range s.Members() {
			members = append(members, fmt.Sprintf("%q@%v %v %s", m.Key, m.KeyPos, m.Value.Pos, m.Value.Compact()))
		}
		if errors.Is(err, ErrNotArray) && len(items) == 0 {
			rest, _ = io.ReadAll(s.Rest())
		}
		if err != nil {
			return items, members, rest, err
		}
		items = append(items, fmt.Sprintf("%v %s", v.Pos, v.Compact()))
	}
}

// checkMemberStream fails t unless a member stream gives the elements of
// an object's "messages" and its other members as Parse does, or the
// error Parse gives, or else ErrNotArray before any element, with Rest
// giving back the whole document.
func checkMemberStream(t *testing.T, data []byte, opts Options) {
	t.Helper()
	v, perr := Parse(data, opts)
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte("{")) {
		return // an array streams as checkArrayStream checks; anything else is not
	}
	for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data)), iotest.DataErrReader(bytes.NewReader(data))} {
		items, members, rest, err := memberStreamed(r, opts)
		msgs := v.Get("messages")
		switch {
		case errors.Is(err, ErrNotArray):
			if len(items) > 0 || len(members) > 0 || !bytes.Equal(rest, data) {
				t.Fatalf("%.60q: ErrNotArray after %d elements, %d members, Rest %.40q", data, len(items), len(members), rest)
			}
			if perr == nil && msgs != nil && msgs.Kind == Array {
				t.Fatalf("%.60q: ErrNotArray, but the document is an object with a messages array", data)
			}
		case perr != nil:
			if err == nil || err.Error() != perr.Error() {
				t.Fatalf("%.60q: stream error %v, Parse gives %v", data, err, perr)
			}
		default:
			var wantItems, wantMembers []string
			for _, item := range msgs.Items {
				wantItems = append(wantItems, fmt.Sprintf("%v %s", item.Pos, item.Compact()))
			}
			for _, m := range v.Members {
				if m.Key != "messages" {
					wantMembers = append(wantMembers, fmt.Sprintf("%q@%v %v %s", m.Key, m.KeyPos, m.Value.Pos, m.Value.Compact()))
				}
			}
			if err != io.EOF || strings.Join(items, "\n") != strings.Join(wantItems, "\n") || strings.Join(members, "\n") != strings.Join(wantMembers, "\n") {
				t.Fatalf("%.60q: stream gave %q, %q then %v; Parse gives %q, %q", data, items, members, err, wantItems, wantMembers)
			}
		}
	}
}

// FuzzArrayStream: for any document, streaming agrees with Parse.
func FuzzArrayStream(f *testing.F) {
	for _, c := range streamCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkStream(t, data, Options{})
	})
}
