package convert

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// TestObjectArraysStream reads the data exports and datasets of the
// format's sample files, and those files cut short, with an element that is not an
// object and with text after them, a conversation at a time and whole:
// the conversations must be the same, and so must the error, if any, that
// reading whole gives (reading a conversation at a time gives those before
// it first).
func TestObjectArraysStream(t *testing.T) {
	convs := map[string]func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error){
		"sharegpt": func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			c, err := readShareGPT(v, ptr, nil, nil)
			return []*chat.Conversation{c}, err
		},
		"claude": func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			c, err := readClaude(v, ptr, nil)
			return []*chat.Conversation{c}, err
		},
		"chatgpt": func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			return readChatGPT(v, ptr, DecodeOptions{AllBranches: true}, nil)
		},
	}
	streamed := 0
	for name, conv := range convs {
		paths, _ := filepath.Glob(filepath.Join(formatsDir, name, "*.json"))
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := readAllConversations(wholeObjectDecoder(bytes.NewReader(data), conv)); err != nil {
				continue // not of the format (a sample of another one written there)
			}
			docs := [][]byte{data}
			if bytes.HasPrefix(data, []byte("[")) {
				streamed++
				end := bytes.LastIndexByte(data, ']')
				docs = append(docs, data[:len(data)/2], data[:end], append(data[:end:end], []byte(", 3]")...),
					append(data[:end+1:end+1], []byte(" x")...), append(data[:end:end], []byte(`, {"a": tru}]`)...))
			}
			for _, doc := range docs {
				whole, werr := readAllConversations(wholeObjectDecoder(bytes.NewReader(doc), conv))
				got, err := readAllConversations(objectDecoder(bytes.NewReader(doc), conv))
				switch {
				case werr != nil:
					if err == nil || err.Error() != werr.Error() {
						t.Errorf("%s, %d bytes: error %v, read whole %v", path, len(doc), err, werr)
					}
				case err != nil || !reflect.DeepEqual(got, whole):
					t.Errorf("%s, %d bytes: %d conversations (%v), read whole %d", path, len(doc), len(got), err, len(whole))
				}
			}
		}
	}
	if streamed < 3 {
		t.Fatalf("only %d sample files are arrays", streamed)
	}
}

// TestObjectLinesStream reads JSON Lines of Anthropic bodies, a log of
// calls, with and without sinks: a line at a time, so that the lines
// before a broken one are read before its error, which is located on its
// line, and a line over the limit is refused where it starts.
func TestObjectLinesStream(t *testing.T) {
	defer func(n int) { maxExampleLine = n }(maxExampleLine)
	maxExampleLine = 1 << 20
	body := `{"model":"c","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}`
	long := `{"model":"c","messages":[{"role":"user","content":"` + strings.Repeat("x", 1<<20) + `"}]}`
	for _, sinks := range []bool{false, true} {
		for in, want := range map[string]struct {
			convs int
			err   string
		}{
			body + "\n" + body + "\n" + `{"messages":` + "\n" + body + "\n": {2, "3:13: unexpected end of input in an object (missing '}')"},
			body + "\n" + body + "\n" + long + "\n" + body + "\n":           {2, "3:1: a line over 1 MB: no conversation is that long"},
			body + "\n\n" + body + "\r\n" + body:                            {3, ""},
		} {
			convs, _, err := decodeWithSinks(t, "anthropic", []byte(in), sinks)
			if len(convs) != want.convs || fmt.Sprint(err) != cmp.Or(want.err, "<nil>") {
				t.Errorf("sinks %v, %.30q…: %d conversations, error %v; want %d, %s", sinks, in, len(convs), err, want.convs, want.err)
			}
		}
	}
}
