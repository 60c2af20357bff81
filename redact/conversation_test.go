package redact

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// With --unknown-fields, a message's metadata (a response body's members,
// kept beside the message) is redacted as its unknown fields are.
func TestUnknownFieldsMeta(t *testing.T) {
	r, err := New(Options{UnknownFields: true})
	if err != nil {
		t.Fatal(err)
	}
	c := &chat.Conversation{Messages: []chat.Message{{Role: chat.Assistant, Content: chat.TextContent("hi"),
		Meta: chat.Fields{{Key: "user", Value: json.RawMessage(`"ada@example.com"`)}}}}}
	found, err := r.Conversation(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(c.Messages[0].Meta.Get("user")); len(found) != 1 || strings.Contains(got, "ada@") {
		t.Errorf("meta user = %s, %d found; want it redacted", got, len(found))
	}
}
