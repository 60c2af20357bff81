package jsontree

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestDeferredUnescapeAgrees: strings whose escapes are left in data and
// unescaped at their end (every string with escapes, with longDecoded 0)
// read as those assembled in scratch do, parsed whole and streamed a byte
// at a time, with sinks and without.
func TestDeferredUnescapeAgrees(t *testing.T) {
	cases := append(append([]string{
		`[{"content":"\ud83d\ud83d\ude00 \udc00 \ud83d\u0041 \u00E9\u00e9 x\\u1234 \"\\\/"}]`,
		`{"messages":[{"content":"` + strings.Repeat(`a\n\u4e2d\ud83d\ude00`, 300) + `"}],"system":"` + strings.Repeat(`\t`, 100) + `"}`,
	}, sunkCases...), streamCases...)
	scratch := longDecoded
	defer func() { longDecoded = scratch }()
	for _, c := range cases {
		longDecoded = scratch
		checkDeferred(t, []byte(c))
		longDecoded = 0
		checkStream(t, []byte(c), Options{})
		checkSunk(t, []byte(c))
	}
}

// FuzzDeferredUnescape holds any input to TestDeferredUnescapeAgrees's
// check.
func FuzzDeferredUnescape(f *testing.F) {
	for _, c := range []string{`[{"content":"\ud83d\ude00 \udc00 x\n\"\\"}]`, `{"messages":[{"content":"a\tb"}],"x":"\u00e9"}`, `"\ud83d"`} {
		f.Add([]byte(c))
	}
	f.Fuzz(checkDeferred)
}

// checkDeferred: data reads the same with every string's escapes left in
// data and unescaped at its end as with scratch, parsed whole and streamed
// a byte at a time.
func checkDeferred(t *testing.T, data []byte) {
	want, wantErr := treeOf(Parse(data, Options{}))
	streamed := streamedTree(iotest.OneByteReader(bytes.NewReader(data)))
	defer func(n int) { longDecoded = n }(longDecoded)
	longDecoded = 0
	if got, err := treeOf(Parse(data, Options{})); got != want || err != wantErr {
		t.Fatalf("%.60q: parsed unescaping at the end:\n%s%s\nwith scratch:\n%s%s", data, got, err, want, wantErr)
	}
	if got := streamedTree(iotest.OneByteReader(bytes.NewReader(data))); got != streamed {
		t.Fatalf("%.60q: streamed unescaping at the end:\n%s\nwith scratch:\n%s", data, got, streamed)
	}
}

// treeOf describes what Parse gave.
func treeOf(v *Value, err error) (string, string) {
	if err != nil {
		return "", err.Error()
	}
	var b strings.Builder
	describeTree(&b, v, "")
	return b.String(), ""
}

// streamedTree describes what a member stream of r gives, its error last.
func streamedTree(r io.Reader) string {
	var b strings.Builder
	s := NewMemberStream(r, "messages", Options{})
	for {
		v, err := s.Next()
		for _, m := range s.Members() {
			describeTree(&b, m.Value, m.Key)
		}
		if err != nil {
			b.WriteString(err.Error())
			return b.String()
		}
		describeTree(&b, v, "")
	}
}
