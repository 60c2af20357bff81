package count

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count/bpe"
)

// The reference counts in testdata/tiktoken were made with OpenAI's own
// tiktoken (npm tiktoken 1.0.22) by the scripts beside them.
var refDir = filepath.Join("..", "testdata", "tiktoken")

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(refDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// readLines decodes each line of a JSON Lines file with fn.
func readLines(t *testing.T, name string, fn func(line []byte) error) int {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		if err := fn(sc.Bytes()); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStringsAgreeWithTiktoken checks every string of the corpus in every
// encoding against OpenAI's tiktoken.
func TestStringsAgreeWithTiktoken(t *testing.T) {
	var texts []struct{ ID, Kind, Text string }
	readLines(t, "strings.jsonl", func(line []byte) error {
		var s struct{ ID, Kind, Text string }
		err := json.Unmarshal(line, &s)
		texts = append(texts, s)
		return err
	})
	var want []map[string]any
	readLines(t, "counts.jsonl", func(line []byte) error {
		var m map[string]any
		err := json.Unmarshal(line, &m)
		want = append(want, m)
		return err
	})
	if len(texts) < 2000 || len(texts) != len(want) {
		t.Fatalf("%d strings, %d counts: the corpus is incomplete", len(texts), len(want))
	}
	type engine struct {
		name string
		enc  *bpe.Encoding
	}
	var engines []engine
	for _, name := range Encodings() {
		enc, err := getEncoder(name)
		if err != nil {
			t.Fatal(err)
		}
		engines = append(engines, engine{name, enc})
	}
	for _, e := range engines {
		name, enc := e.name, e.enc
		bad := 0
		for i, s := range texts {
			w, ok := want[i][strings.Fields(name)[0]].(float64)
			if !ok || want[i]["id"] != s.ID {
				t.Fatalf("counts.jsonl line %d: no %s count for %s", i+1, name, s.ID)
			}
			if got := enc.Count(s.Text); got != int(w) {
				if bad++; bad <= 20 {
					t.Errorf("%s %s (%s) %q: %d tokens, tiktoken says %d", name, s.ID, s.Kind, short(s.Text), got, int(w))
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d strings disagree", name, bad, len(texts))
		}
	}
}

func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

type refMessage struct {
	Role    string  `json:"role"`
	Content string  `json:"content"`
	Name    *string `json:"name"`
}

func refConversation(msgs []refMessage) *chat.Conversation {
	c := &chat.Conversation{}
	for _, m := range msgs {
		cm := chat.Message{Role: chat.Role(m.Role), Content: chat.TextContent(m.Content)}
		if m.Name != nil {
			cm.Name = *m.Name
			if cm.Name == "" { // as convert reads an empty name
				cm.Extra.Set("name", json.RawMessage(`""`))
			}
		}
		c.Messages = append(c.Messages, cm)
	}
	return c
}

// modelFor names a model of each reference encoding.
var modelFor = map[string]string{"o200k_base": "gpt-4o", "cl100k_base": "gpt-4"}

// TestChatTotalsAgreeWithCookbook checks each reference conversation's
// total against the cookbook's num_tokens_from_messages run on tiktoken.
func TestChatTotalsAgreeWithCookbook(t *testing.T) {
	var convs []struct {
		ID       string
		Messages []refMessage
	}
	readJSON(t, "conversations.json", &convs)
	var want []struct {
		ID       string
		Messages int
		O200k    int `json:"o200k_base"`
		Cl100k   int `json:"cl100k_base"`
	}
	readJSON(t, "chat-counts.json", &want)
	if len(convs) < 20 || len(convs) != len(want) {
		t.Fatalf("%d conversations, %d counts", len(convs), len(want))
	}
	for enc, model := range modelFor {
		c := newCounter(t, Options{Model: model})
		for i, conv := range convs {
			w := want[i].O200k
			if enc == "cl100k_base" {
				w = want[i].Cl100k
			}
			if want[i].ID != conv.ID || want[i].Messages != len(conv.Messages) {
				t.Fatalf("chat-counts.json[%d] is %s, conversations.json has %s", i, want[i].ID, conv.ID)
			}
			if got := c.Conversation(refConversation(conv.Messages)); got != w {
				t.Errorf("%s %s: %d tokens, the cookbook formula gives %d", model, conv.ID, got, w)
			}
		}
	}
}

// TestToolTotalsAgreeWithCookbook checks num_tokens_for_tools, whose
// cookbook example the API counts as 105 (gpt-4) and 101 (gpt-4o).
func TestToolTotalsAgreeWithCookbook(t *testing.T) {
	var sets []struct {
		ID       string
		Tools    json.RawMessage
		Messages []refMessage
		O200k    int `json:"o200k_base"`
		Cl100k   int `json:"cl100k_base"`
	}
	readJSON(t, "tools-counts.json", &sets)
	if len(sets) == 0 || sets[0].ID != "cookbook-weather" || sets[0].Cl100k != 105 || sets[0].O200k != 101 {
		t.Fatalf("tools-counts.json does not start with the cookbook's example (105/101)")
	}
	for enc, model := range modelFor {
		c := newCounter(t, Options{Model: model})
		for _, s := range sets {
			w := s.O200k
			if enc == "cl100k_base" {
				w = s.Cl100k
			}
			conv := refConversation(s.Messages)
			conv.Extra.Set("tools", s.Tools)
			if got := c.Conversation(conv); got != w {
				t.Errorf("%s %s: %d tokens, the cookbook formula gives %d", model, s.ID, got, w)
			}
			// The legacy "functions" field holds the same definitions unwrapped.
			var tools []struct{ Function json.RawMessage }
			if err := json.Unmarshal(s.Tools, &tools); err != nil {
				t.Fatal(err)
			}
			fns := []json.RawMessage{}
			for _, tool := range tools {
				fns = append(fns, tool.Function)
			}
			raw, _ := json.Marshal(fns)
			legacy := refConversation(s.Messages)
			legacy.Extra.Set("functions", raw)
			if got := c.Conversation(legacy); got != w {
				t.Errorf("%s %s as functions: %d tokens, the cookbook formula gives %d", model, s.ID, got, w)
			}
		}
	}
}
