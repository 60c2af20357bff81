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
	`[{"a":1}]` + "\n\n   \t",
}

// streamed reads data with an ArrayStream through r, and describes each
// element by its position and compact text, then the error that ended it.
func streamed(r io.Reader) (items []string, err error) {
	s := NewArrayStream(r)
	for {
		v, err := s.Next()
		if err != nil {
			return items, err
		}
		items = append(items, fmt.Sprintf("%v %s", v.Pos, v.Compact()))
	}
}

// checkStream fails t unless streaming data agrees with Parse on it.
func checkStream(t *testing.T, data []byte) {
	t.Helper()
	v, perr := Parse(data, Options{})
	startsArray := bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("["))
	for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data)), iotest.DataErrReader(bytes.NewReader(data))} {
		items, err := streamed(r)
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
		checkStream(t, []byte(c))
	}
}

// TestArrayStreamRest: a caller that looks at the first element and
// decides to parse the whole document after all gets all of it.
func TestArrayStreamRest(t *testing.T) {
	doc := "\xef\xbb\xbf [ {\"role\": \"user\"}, {\"role\": \"assistant\"} ]"
	for _, r := range []io.Reader{strings.NewReader(doc), iotest.OneByteReader(strings.NewReader(doc))} {
		s := NewArrayStream(r)
		if _, err := s.Next(); err != nil {
			t.Fatal(err)
		}
		all, err := io.ReadAll(s.Rest())
		if err != nil || string(all) != doc {
			t.Fatalf("Rest gave %q, %v; want the whole document", all, err)
		}
	}
}

// TestArrayStreamMemory reads an array far larger than one element and
// checks that the window never holds much more than an element.
func TestArrayStreamMemory(t *testing.T) {
	elem := `{"messages":[{"role":"user","content":"` + strings.Repeat("x", 1000) + `"}]}`
	const n = 20000 // about 20 MB
	r := io.MultiReader(strings.NewReader("["), &repeatReader{s: elem + ",", n: n - 1}, strings.NewReader(elem+"]"))
	s := NewArrayStream(r)
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
			t.Fatalf("element %d: window of %d bytes", count, c)
		}
	}
	if count != n {
		t.Fatalf("%d elements, want %d", count, n)
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

// FuzzArrayStream: for any document, streaming agrees with Parse.
func FuzzArrayStream(f *testing.F) {
	for _, c := range streamCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkStream(t, data)
	})
}
