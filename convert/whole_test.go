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
	if i := bytes.IndexByte(data, 0); i >= 0 { // the reader refuses it as binary input
		return nil, syntaxError(position(string(data), i), "NUL byte")
	}
	lines := strings.Split(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' { // Windows line endings
		for i := range lines {
			lines[i] = strings.TrimSuffix(lines[i], "\r")
		}
	}
	// Skip leading blank lines.
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	if first == len(lines) {
		return nil, &Error{Pos: Pos{1, 1}, Msg: "empty input: no messages", Err: ErrEmpty}
	}
	if !labelLine().MatchString(lines[first]) && !strings.HasPrefix(lines[first], titlePrefix) {
		return nil, syntaxError(Pos{first + 1, 1}, "expected a role label such as \"USER:\" (or a \"# title\" line) at the start of a conversation")
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
		case labelLine().MatchString(lines[i]):
			if start >= 0 && boundary(i) {
				flush(i - 1)
			}
			flush(i) // a label right after a line of the message before
			start = i
		case start < 0 && strings.HasPrefix(lines[i], titlePrefix) && len(conv.Messages) == 0 && !conv.Extra.Has("title"):
			conv.Extra.Set("title", appendString(nil, lines[i][len(titlePrefix):]))
			conv.Object = true
		}
	}
	flush(len(lines))
	return convs, nil
}

// textCases are transcripts at the edges of the reader's rules.
var textCases = []string{
	"", "\n\n", "  \n\t\n", "USER: hi", "USER: hi\n", "USER: hi\n\n", "\n\nUSER: hi\n\nASSISTANT: yo\n",
	"\xef\xbb\xbfUSER: hi\n", "\xef\xbb\xbf\xff", "hello\nUSER: hi\n", "USER: a\n---\nb\n", "USER: a\n\n---\n",
	"USER: a\n\n---", "USER: a\n\n---\n\n---\n\nUSER: b\n", "USER: a\n\n---\nUSER: b\n", "USER: a\n\n---\n\nnot a label\n\nUSER: b",
	"USER: a\n \n---\n\nUSER: b\n", "USER: a\n\n\\---\n\nUSER: b\n", "USER: a\r\n\r\n---\r\n\r\nUSER: b\r\n",
	"USER: a\nUSER: b\n\nUSER (x): c\n\nTOOL (id): d\n\nASSISTANT:\n[tool call c1] f({})\n", "USER: \xe4\xb8\n", "USER: ok\n\n\xffUSER",
	"USER: \xef\xbf\xbd then \xff\n",
	"# Title\n\nUSER: hi\n", "# T\nUSER: a\n# not a title\n", "USER: a\n\n---\n\n# T\n\n# U\n\nUSER: b\n", "# \n\nUSER: a\n",
	"# T\r\n\r\nUSER: a\r\n", "\n# T\n",
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
		v, err := newYAMLTree(&doc).value(&doc, 0)
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
		return nil, &Error{Pos: Pos{1, 1}, Msg: "empty input: no YAML document", Err: ErrEmpty}
	}
	return convs, nil
}

// yamlCases are YAML streams at the edges of the reader's rules.
var yamlCases = []string{
	"", "---\n", "- role: user\n  content: hi\n", "- role: user\n  content: hi\n---\n- role: user\n  content: b\n",
	"- role: user\n  content: \"\\u00e9\"\n---\n- role: user\n  content: \xff\n", "- role: user\n  content: \xe4\xb8",
	"\xef\xbb\xbf- role: user\n  content: hi\n", "- role: user\n  content: [\n", "messages:\n  - role: user\n    content: hi\n",
	"- role: user\n  content: hi\n---\n[]\n", "- role: user\n  content: hi\n---\n", "- role: user\n  content: 中文 \xe4\xb8\xad\n",
}

// A streamingReader is a reader that reads a file a piece at a time, and
// what it is held to: the conversations, or an error, that reading whole
// gives. With sameError, on valid UTF-8 the error must be the same too
// (read whole, invalid UTF-8 anywhere is the error; otherwise each error is
// the first in the file).
type streamingReader struct {
	stream    func(io.Reader) Decoder
	whole     func([]byte) ([]*chat.Conversation, error)
	sameError bool
	cases     []string
	samples   string // a glob
	sep       string // between samples put one after another
}

var streamingReaders = map[string]streamingReader{
	"text": {
		stream: func(r io.Reader) Decoder { return newTextDecoder(r) },
		whole:  func(data []byte) ([]*chat.Conversation, error) { return parseTextWhole(append([]byte(nil), data...)) },
		cases:  textCases, samples: filepath.Join("..", "testdata", "golden", "*.txt"),
	},
	"chatml": {
		stream:    func(r io.Reader) Decoder { return &chatmlDecoder{r: r} },
		whole:     parseChatML,
		sameError: true,
		cases:     chatmlCases, samples: filepath.Join(formatsDir, "chatml", "*.chatml"), sep: "\n\n",
	},
	"yaml": {
		stream: func(r io.Reader) Decoder { return newYAMLDecoder(r, jsonReader{}) },
		whole:  func(data []byte) ([]*chat.Conversation, error) { return parseYAMLWhole(data, &jsonReader{}) },
		cases:  yamlCases, samples: filepath.Join("..", "testdata", "golden", "*.yaml"), sep: "---\n",
	},
}

// checkStreams fails t unless reader, given data a byte at a time, gives
// what it is held to.
func checkStreams(t *testing.T, name string, data []byte) {
	t.Helper()
	sr := streamingReaders[name]
	want, werr := sr.whole(data)
	got, err := readAllConversations(sr.stream(iotest.OneByteReader(bytes.NewReader(data))))
	switch {
	case werr != nil:
		if err == nil || sr.sameError && utf8.Valid(data) && err.Error() != werr.Error() {
			t.Fatalf("%s: %.80q: read whole fails (%v), a piece at a time gives %d conversations (%v)", name, data, werr, len(got), err)
		}
	case err != nil || !reflect.DeepEqual(got, want):
		t.Fatalf("%s: %.80q: a piece at a time gives %d conversations (%v), read whole %d", name, data, len(got), err, len(want))
	}
}

// TestReadersStream reads each streaming reader's edge cases, and its
// samples alone and three in a row.
func TestReadersStream(t *testing.T) {
	for name, sr := range streamingReaders {
		for _, c := range sr.cases {
			checkStreams(t, name, []byte(c))
		}
		paths, _ := filepath.Glob(sr.samples)
		if len(paths) == 0 {
			t.Fatalf("%s: no samples", name)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			checkStreams(t, name, data)
			checkStreams(t, name, bytes.Join([][]byte{data, data, data}, []byte(sr.sep)))
		}
	}
}

// fuzzStreams: for any input, the reader agrees with reading whole.
func fuzzStreams(f *testing.F, name string) {
	for _, c := range streamingReaders[name].cases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkStreams(t, name, data)
	})
}

func FuzzTextStreams(f *testing.F)   { fuzzStreams(f, "text") }
func FuzzChatMLStreams(f *testing.F) { fuzzStreams(f, "chatml") }
func FuzzYAMLStreams(f *testing.F)   { fuzzStreams(f, "yaml") }

// chatmlLongCases are ChatML files whose texts go to sinks when every text
// is long: texts over lines, an assistant's tool calls after its text,
// tool responses, and the errors inside and after a text.
var chatmlLongCases = []string{
	"<|im_start|>system\nbe brief and clear<|im_end|>\n<|im_start|>user\nline one\nline two é 漢字 😀\n\nand three<|im_end|>\n<|im_start|>assistant\nok, noted for later<|im_end|>\n",
	"<|im_start|>assistant\nlet me look\nat it\n<tool_call>\n{\"name\": \"f\", \"arguments\": {\"a\": 1}}\n</tool_call>\n<tool_call>\n{\"name\": \"g\", \"arguments\": \"x\"}\n</tool_call><|im_end|>\n" +
		"<|im_start|>user\n<tool_response>\n1\n</tool_response>\n<tool_response>\n2\n</tool_response><|im_end|>\n<|im_start|>user\nthanks <tool_response>\n3\n</tool_response><|im_end|>\n",
	"<|im_start|>assistant\nsee <tool_call>\n{\"name\": \"f\"}\n</tool_call> and\n<tool_call>\nnot json\n</tool_call><|im_end|>\n",
	"<|im_start|>assistant\né<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n</tool_call><|im_end|>\n",
	"<|im_start|>user\nhi\nthere\n<|im_start|>assistant\nyo<|im_end|>", "<|im_start|>user\nhi\nthere é\xff and on<|im_end|>",
	"<|im_start|>user\nhi\nthere and on", "<|im_start|>user\nhi\nthere<|im_end|> x\n<|im_start|>user\nb<|im_end|>",
	"<|im_start|>user\nhi\nthere<|im_end|>\n<|im_start|>user\nb\nc<|im_end|> <|im_start|>", "\xef\xbb\xbf<|im_start|>user\nhi\nthere<|im_end|> x",
}

// TestChatMLSinksAgree reads ChatML with every text long, a byte at a time
// and in halves: with sinks, it gives the conversations it gives without,
// each long text whole in its sink, and the same errors at the same
// places; every sink is closed, or aborted once reading fails.
func TestChatMLSinksAgree(t *testing.T) {
	cases := append(append([]string{}, chatmlCases...), chatmlLongCases...)
	paths, _ := filepath.Glob(filepath.Join(formatsDir, "chatml", "*.chatml"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, string(data))
	}
	for _, c := range cases {
		checkChatMLSinks(t, c)
	}
}

// FuzzChatMLSinks: for any input, the chatml reader gives the same with
// sinks and without.
func FuzzChatMLSinks(f *testing.F) {
	for _, c := range append(append([]string{}, chatmlCases...), chatmlLongCases...) {
		f.Add(c)
	}
	f.Fuzz(checkChatMLSinks)
}

// checkChatMLSinks holds the chatml reader of c to TestChatMLSinksAgree.
func checkChatMLSinks(t *testing.T, c string) {
	t.Helper()
	defer func(n int) { chatmlLongText = n }(chatmlLongText)
	chatmlLongText = 1
	for k, reader := range []func(io.Reader) io.Reader{iotest.OneByteReader, iotest.HalfReader} {
		want, werr := readAllConversations(&chatmlDecoder{r: reader(strings.NewReader(c))})
		var sinks []*textSink
		got, err := readAllConversations(&chatmlDecoder{r: reader(strings.NewReader(c)), long: func(chat.LongKind) chat.Sink {
			sinks = append(sinks, &textSink{})
			return sinks[len(sinks)-1]
		}})
		if werr != nil || err != nil {
			if werr == nil || err == nil || werr.Error() != err.Error() {
				t.Fatalf("%.80q: with sinks %v, without %v", c, err, werr)
			}
		}
		long := 0
		for _, conv := range got {
			for i := range conv.Messages {
				if s, ok := conv.Messages[i].Content.Long.(*textSink); ok {
					conv.Messages[i].Content = chat.TextContent(s.String())
					long++
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%.80q: with sinks %d conversations, without %d, not the same", c, len(got), len(want))
		}
		for _, s := range sinks {
			if s.closed+s.aborted != 1 || err == nil && s.aborted > 0 && s.Len() > 0 {
				t.Fatalf("%.80q: a sink closed %d and aborted %d times", c, s.closed, s.aborted)
			}
		}
		if k == 0 && c == chatmlLongCases[0] && long != 3 {
			// Read a byte at a time, each text of 16 bytes or more is long.
			t.Fatalf("%.80q: %d texts through sinks, want 3", c, long)
		}
	}
}
