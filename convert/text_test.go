package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/convkit/convkit/chat"
)

// parseTextWhole is how the text reader read a transcript until it read
// one a line at a time: whole, then split in lines. It is the reference
// the reader is held to.
func parseTextWhole(data []byte) ([]*chat.Conversation, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := checkUTF8(data); err != nil {
		return nil, err
	}
	lines := strings.Split(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	// Skip leading blank lines.
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	if first == len(lines) {
		return nil, &Error{Pos{1, 1}, "empty input: no messages"}
	}
	if !labelLine().MatchString(lines[first]) {
		return nil, &Error{Pos{first + 1, 1}, "expected a role label such as \"USER:\" at the start of a message"}
	}
	boundary := func(i int) bool { return i == first || lines[i-1] == "" }

	conv := &chat.Conversation{}
	convs := []*chat.Conversation{conv}
	start := -1 // line of the current block's label
	flush := func(end int) {
		if start >= 0 {
			conv.Messages = append(conv.Messages, textMessage(lines[start:end]))
		}
		start = -1
	}
	for i := first; i < len(lines); i++ {
		switch {
		case lines[i] == separator && boundary(i) && (i+1 == len(lines) || lines[i+1] == ""):
			flush(i - 1)
			conv = &chat.Conversation{}
			convs = append(convs, conv)
		case boundary(i) && labelLine().MatchString(lines[i]):
			if start >= 0 {
				flush(i - 1)
			}
			start = i
		}
	}
	flush(len(lines))
	return convs, nil
}

// checkTextStreams fails t unless reading data a line at a time gives the
// conversations reading it whole gives, or fails where that fails.
func checkTextStreams(t *testing.T, data []byte) {
	t.Helper()
	want, werr := parseTextWhole(append([]byte(nil), data...))
	got, err := readAllConversations(newTextDecoder(iotest.OneByteReader(bytes.NewReader(data))))
	switch {
	case werr != nil:
		if err == nil {
			t.Fatalf("%.80q: read whole fails (%v), a line at a time gives %d conversations", data, werr, len(got))
		}
	case err != nil || !reflect.DeepEqual(got, want):
		t.Fatalf("%.80q: a line at a time gives %d conversations (%v), read whole %d", data, len(got), err, len(want))
	}
}

// textCases are transcripts at the edges of the reader's rules.
var textCases = []string{
	"", "\n\n", "  \n\t\n", "USER: hi", "USER: hi\n", "USER: hi\n\n", "\n\nUSER: hi\n\nASSISTANT: yo\n",
	"\xef\xbb\xbfUSER: hi\n", "\xef\xbb\xbf\xff", "hello\nUSER: hi\n", "USER: a\n---\nb\n", "USER: a\n\n---\n",
	"USER: a\n\n---", "USER: a\n\n---\n\n---\n\nUSER: b\n", "USER: a\n\n---\nUSER: b\n", "USER: a\n\n---\n\nnot a label\n\nUSER: b",
	"USER: a\n \n---\n\nUSER: b\n", "USER: a\n\n\\---\n\nUSER: b\n", "USER: a\r\n\r\n---\r\n\r\nUSER: b\r\n",
	"USER: a\nUSER: b\n\nUSER (x): c\n\nTOOL (id): d\n\nASSISTANT:\n[tool call c1] f({})\n", "USER: \xe4\xb8\n", "USER: ok\n\n\xffUSER",
	"USER: \xef\xbf\xbd then \xff\n",
}

func TestTextStreams(t *testing.T) {
	for _, c := range textCases {
		checkTextStreams(t, []byte(c))
	}
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "*.txt"))
	if len(paths) == 0 {
		t.Fatal("no text samples")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkTextStreams(t, data)
		checkTextStreams(t, bytes.Repeat(data, 3))
	}
}

// FuzzTextStreams: for any input, reading a line at a time agrees with
// reading whole.
func FuzzTextStreams(f *testing.F) {
	for _, c := range textCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTextStreams(t, data)
	})
}
