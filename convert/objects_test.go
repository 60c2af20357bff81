package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
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
