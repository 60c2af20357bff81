package chat_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/convkit/convkit/chat"
)

func ExampleMessage_CharCount() {
	m := chat.Message{Role: chat.User, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{
		chat.TextPart("héllo"), chat.ImagePart("https://example.com/cat.png", "low"), chat.TextPart("👋"),
	}}}
	fmt.Println(m.Content.PlainText() == "héllo\n👋", m.CharCount(), m.Content.IsTextOnly())
	// Output: true 7 false
}

func TestFields(t *testing.T) {
	var fs chat.Fields
	fs.Set("b", json.RawMessage(`1`))
	fs.Set("a", json.RawMessage(`2`))
	fs.Set("b", json.RawMessage(`3`))
	if len(fs) != 2 || fs[0].Key != "b" || string(fs.Get("b")) != "3" {
		t.Errorf("Set kept neither the order nor the new value: %v", fs)
	}
	fs.Delete("b")
	if fs.Has("b") || !fs.Has("a") || len(fs) != 1 {
		t.Errorf("Delete: %v", fs)
	}
}

func TestConstructorsWriteTheAPIShape(t *testing.T) {
	for _, tt := range []struct {
		got  json.RawMessage
		want string
	}{
		{chat.TextPart("hi").Raw, `{"type":"text","text":"hi"}`},
		{chat.ImagePart("u", "").Raw, `{"type":"image_url","image_url":{"url":"u"}}`},
		{chat.NewToolCall("c1", "f", `{"x":1}`).Raw, `{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}`},
	} {
		if string(tt.got) != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
	if !chat.Developer.Instruction() || chat.User.Instruction() || chat.Role("robot").Known() {
		t.Errorf("role predicates are wrong")
	}
}
