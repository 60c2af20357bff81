package convert

// The readers that read a file a piece at a time (text, chatml, yaml),
// held to the whole-file parsers they replaced, or to parseChatML, which
// the chatml reader runs on each piece.

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

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

// checkChatMLStreams fails t unless reading data a conversation at a time
// gives the conversations parseChatML gives for the whole of it, or fails
// where that fails.
func checkChatMLStreams(t *testing.T, data []byte) {
	t.Helper()
	want, werr := parseChatML(data)
	got, err := readAllConversations(&chatmlDecoder{r: iotest.OneByteReader(bytes.NewReader(data))})
	switch {
	case werr != nil:
		// Read whole, invalid UTF-8 anywhere is the error; else each error
		// is the first in the file, and the same.
		if err == nil || utf8.Valid(data) && err.Error() != werr.Error() {
			t.Fatalf("%.80q: read whole fails (%v), a conversation at a time gives %d conversations (%v)", data, werr, len(got), err)
		}
	case err != nil || !reflect.DeepEqual(got, want):
		t.Fatalf("%.80q: a conversation at a time gives %d conversations (%v), read whole %d", data, len(got), err, len(want))
	}
}

// chatmlCases are ChatML files at the edges of the reader's rules.
var chatmlCases = []string{
	"", "\n\n", "<|im_start|>user\nhi<|im_end|>", "<|im_start|>user\nhi<|im_end|>\n", "<|im_start|>user\nhi<|im_end|>\n\n",
	"<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nyo<|im_end|>\n\n<|im_start|>user\nagain<|im_end|>\n",
	"\xef\xbb\xbf<|im_start|>user\nhi<|im_end|>\n\n\n\n<|im_start|>user\nb<|im_end|>", "<|im_start|>user<|im_end|>\nhi<|im_end|>\n\n<|im_start|>user\nb<|im_end|>",
	"<|im_start|>user\nhi<|im_end|>\n\nx", "<|im_start|>user\nhi<|im_end|>\n\n<|im_sta", "<|im_start|>user\nhi\n\n<|im_start|>user\nb<|im_end|>",
	"<|im_start|>\nhi<|im_end|>", "<|im_start|>user", "<|im_start|>user\nhi<|im_end|> \r\n \n<|im_start|>user\n\xff<|im_end|>",
	"<|im_start|>assistant\n<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n1\n</tool_response><|im_end|>\n\n<|im_start|>assistant\n<tool_call>\n{\"name\": \"g\", \"arguments\": {}}\n</tool_call><|im_end|>\n",
}

func TestChatMLStreams(t *testing.T) {
	for _, c := range chatmlCases {
		checkChatMLStreams(t, []byte(c))
	}
	paths, _ := filepath.Glob(filepath.Join(formatsDir, "chatml", "*.chatml"))
	if len(paths) == 0 {
		t.Fatal("no ChatML samples")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkChatMLStreams(t, data)
		checkChatMLStreams(t, bytes.Join([][]byte{data, data, data}, []byte("\n\n")))
	}
}

// FuzzChatMLStreams: for any input, reading a conversation at a time
// agrees with reading whole.
func FuzzChatMLStreams(f *testing.F) {
	for _, c := range chatmlCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkChatMLStreams(t, data)
	})
}

// parseYAMLWhole is how the yaml reader read a stream until it read one a
// document at a time: whole, checked for UTF-8 first. It is the
// reference the reader is held to.
func parseYAMLWhole(data []byte, jr *jsonReader) ([]*chat.Conversation, error) {
	if err := checkUTF8(data); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var convs []*chat.Conversation
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(err)
		}
		v, err := yamlValue(&doc, 0)
		if err != nil {
			return nil, err
		}
		cs, err := jr.conversations(v)
		if err != nil {
			return nil, err
		}
		convs = append(convs, cs...)
	}
	if len(convs) == 0 {
		return nil, &Error{Pos{1, 1}, "empty input: no YAML document"}
	}
	return convs, nil
}

// checkYAMLStreams fails t unless reading data a document at a time gives
// the conversations reading it whole gives, or fails where that fails.
func checkYAMLStreams(t *testing.T, data []byte) {
	t.Helper()
	want, werr := parseYAMLWhole(data, &jsonReader{})
	got, err := readAllConversations(newYAMLDecoder(iotest.OneByteReader(bytes.NewReader(data)), jsonReader{}))
	switch {
	case werr != nil:
		if err == nil {
			t.Fatalf("%.80q: read whole fails (%v), a document at a time gives %d conversations", data, werr, len(got))
		}
	case err != nil || !reflect.DeepEqual(got, want):
		t.Fatalf("%.80q: a document at a time gives %d conversations (%v), read whole %d", data, len(got), err, len(want))
	}
}

// yamlCases are YAML streams at the edges of the reader's rules.
var yamlCases = []string{
	"", "---\n", "- role: user\n  content: hi\n", "- role: user\n  content: hi\n---\n- role: user\n  content: b\n",
	"- role: user\n  content: \"\\u00e9\"\n---\n- role: user\n  content: \xff\n", "- role: user\n  content: \xe4\xb8",
	"\xef\xbb\xbf- role: user\n  content: hi\n", "- role: user\n  content: [\n", "messages:\n  - role: user\n    content: hi\n",
	"- role: user\n  content: hi\n---\n[]\n", "- role: user\n  content: hi\n---\n", "- role: user\n  content: 中文 \xe4\xb8\xad\n",
}

func TestYAMLStreams(t *testing.T) {
	for _, c := range yamlCases {
		checkYAMLStreams(t, []byte(c))
	}
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "*.yaml"))
	if len(paths) == 0 {
		t.Fatal("no YAML samples")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkYAMLStreams(t, data)
		checkYAMLStreams(t, bytes.Join([][]byte{data, data}, []byte("---\n")))
	}
}

// FuzzYAMLStreams: for any input, reading a document at a time agrees with
// reading whole.
func FuzzYAMLStreams(f *testing.F) {
	for _, c := range yamlCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkYAMLStreams(t, data)
	})
}
