package convert

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestChatGPTActiveThread: the edit and the regeneration that were left
// behind do not appear; hidden and context nodes are skipped.
func TestChatGPTActiveThread(t *testing.T) {
	convs := readSample(t, "chatgpt", "conversations.json", DecodeOptions{})
	if len(convs) != 2 {
		t.Fatalf("%d conversations, want 2", len(convs))
	}
	checkSummary(t, convs[0],
		"user: Plan one day in Paris for me.",
		"assistant: Morning: Louvre. Afternoon: Seine walk to Notre-Dame. Evening: Montmartre.",
		"user: [image: file-service://file-8fKc2Qx]\nWhat about food? This is the bistro from my photo.",
		"assistant: Try *Le Comptoir du Relais* for lunch, and a crêpe near Montmartre for dinner.",
	)
	checkSummary(t, convs[1],
		"user: Compute 2**100 with Python.",
		"assistant: ```\n2**100\n```",
		"tool: 1267650600228229401496703205376",
		"assistant: 2**100 = 1267650600228229401496703205376.",
	)
	if got := string(convs[0].Extra.Get("title")); got != `"Paris day trip"` {
		t.Errorf("title %s", got)
	}
	if got := string(convs[0].Messages[0].Meta.Get("timestamp")); got != `"2024-06-10T06:13:21.250Z"` {
		t.Errorf("timestamp %s", got)
	}
}

func TestChatGPTAllBranches(t *testing.T) {
	convs := readSample(t, "chatgpt", "conversations.json", DecodeOptions{AllBranches: true})
	if len(convs) != 4 {
		t.Fatalf("%d conversations, want 3 branches and 1", len(convs))
	}
	last := func(i int) string {
		ms := convs[i].Messages
		return contentText(ms[len(ms)-1].Content)
	}
	for i, want := range []string{
		"(first answer, regenerated) Start at the Louvre at 9am…",
		"The Orsay and the Orangerie.",
		"Try *Le Comptoir du Relais* for lunch, and a crêpe near Montmartre for dinner.",
		"2**100 = 1267650600228229401496703205376.",
	} {
		if got := last(i); got != want {
			t.Errorf("branch %d ends with %q, want %q", i+1, got, want)
		}
	}
	if len(convs[0].Messages) != 2 || len(convs[1].Messages) != 4 {
		t.Errorf("branch lengths %d, %d; want 2, 4", len(convs[0].Messages), len(convs[1].Messages))
	}
	for i, want := range []string{"false", "false", "true", "true"} {
		if got := string(convs[i].Extra.Get("active")); got != want {
			t.Errorf("branch %d active = %s, want %s", i+1, got, want)
		}
	}
}

// TestChatGPTReasoning: o-series thoughts are thinking parts, marked by
// their content_type in metadata, and an empty one is left out; the
// "Thought for 6s" recap is their metadata, not a message; hidden custom
// instructions, and the files the export keeps beside conversations.json
// (the image shown once, not again as an attachment), are told of once
// (refused under Strict); --hidden keeps the instructions.
func TestChatGPTReasoning(t *testing.T) {
	var warnings []string
	convs := readSample(t, "chatgpt", "reasoning.json", DecodeOptions{Warn: func(_ Pos, msg string) { warnings = append(warnings, msg) }})
	checkSummary(t, convs[0],
		"user: [file: field-guide.pdf]\n[image: file-service://file-Leaf9]\nWhich tree is this leaf from?",
		"assistant: [thinking]\nLooking at the leaf\n\nLobed edges and a long stalk: a maple, likely Acer platanoides.\n[/thinking]\n[thinking]\nChecking the sap\n[/thinking]",
		"assistant: ```\n{\"search_query\":[{\"q\":\"Acer platanoides milky sap\"}]}\n```",
		"tool: Norway maple: petioles exude milky sap when broken.",
		"assistant: A Norway maple (Acer platanoides): break the stalk, and milky sap shows.",
	)
	thoughts := convs[0].Messages[1]
	if got := string(thoughts.Meta.Get("content_type")); got != `"thoughts"` {
		t.Errorf("thoughts' content_type %s", got)
	}
	if got := string(thoughts.Meta.Get("reasoning_recap")); got != `"Thought for 6s"` {
		t.Errorf("thoughts' reasoning_recap %s", got)
	}
	if got := string(thoughts.Content.Parts[0].Raw); got != `{"type":"thinking","thinking":"Looking at the leaf\n\nLobed edges and a long stalk: a maple, likely Acer platanoides."}` {
		t.Errorf("first thought %s", got)
	}
	checkWarnings(t, warnings,
		"/0/mapping/ctx/message: a message ChatGPT does not show (custom instructions, memory, a hidden system message) is skipped; --hidden keeps it (told once per kind)",
		"/0/mapping/u-1/message/content/parts/0: an image (a file beside conversations.json in the export) is written as a placeholder [image: file-service://file-Leaf9] (told once per kind)",
		"/0/mapping/u-1/message/metadata/attachments/1: a file attached to a message (beside conversations.json in the export, if at all) is written as a placeholder [file: field-guide.pdf] (told once per kind)",
	)
	data := sampleData(t, "chatgpt", "reasoning.json")
	if _, err := decodeWith(chatgptFormat, data, DecodeOptions{Strict: true}); !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), "/0/mapping/ctx/message: a message ChatGPT does not show") {
		t.Errorf("under Strict: %v", err)
	}
	hidden := readSample(t, "chatgpt", "reasoning.json", DecodeOptions{Hidden: true})
	if got := contentText(hidden[0].Messages[0].Content); !strings.HasSuffix(got, "respond: Be brief.") {
		t.Errorf("with Hidden, the first message reads %q, want the custom instructions", got)
	}
}

// TestChatGPTContentTypes: memory is text with --hidden; a content type
// convkit does not know is a placeholder, told once.
func TestChatGPTContentTypes(t *testing.T) {
	data := []byte(`{"title":"t","current_node":"b","mapping":{
"a":{"parent":null,"message":{"author":{"role":"user"},"content":{"content_type":"model_editable_context","model_set_context":"1. Likes maples."},"metadata":{"is_visually_hidden_from_conversation":true}}},
"b":{"parent":"a","message":{"author":{"role":"assistant"},"content":{"content_type":"sonic_webpage","url":"https://w.example"}}}}}`)
	var warnings []string
	convs, err := decodeWith(chatgptFormat, data, DecodeOptions{Hidden: true, Warn: func(_ Pos, msg string) { warnings = append(warnings, msg) }})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0], "user: 1. Likes maples.", "assistant: [sonic_webpage]")
	checkWarnings(t, warnings, `/mapping/b/message/content: content of type "sonic_webpage" is written as a placeholder [sonic_webpage] (told once per kind)`)
}

// TestChatGPTReasoningWritten: a writer that holds thinking blocks keeps
// the thoughts; one that has no place for them tells of it.
func TestChatGPTReasoningWritten(t *testing.T) {
	convs := readSample(t, "chatgpt", "reasoning.json", DecodeOptions{})
	out, _, err := encodeWith(mustFormat(t, "jsonl"), convs, EncodeOptions{})
	if err != nil || !strings.Contains(string(out), `{"type":"thinking","thinking":"Checking the sap"}`) || strings.Contains(string(out), "Thought for") {
		t.Errorf("jsonl writes the thoughts as\n%s (%v)", out, err)
	}
	out, warnings, err := encodeWith(mustFormat(t, "api"), convs, EncodeOptions{})
	if err != nil || strings.Contains(string(out), "Checking the sap") || !slices.Contains(warnings, "api: thinking parts, which the API has no type for, dropped (--keep-vendor keeps them)") {
		t.Errorf("api writes the thoughts as\n%s\nwarning %q (%v)", out, warnings, err)
	}
	if _, warnings, _ := encodeWith(mustFormat(t, "anthropic"), convs, EncodeOptions{}); !slices.Contains(warnings, "anthropic: thinking blocks without a signature, which the API refuses, dropped") {
		t.Errorf("anthropic warns %q, want the thinking blocks told of", warnings)
	}
}

// TestChatGPTRecapWithoutThoughts: a recap whose thoughts the export does
// not hold (o1) is the metadata of the answer after it.
func TestChatGPTRecapWithoutThoughts(t *testing.T) {
	data := []byte(`{"current_node":"c","mapping":{
"a":{"parent":null,"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Hi"]}}},
"b":{"parent":"a","message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 47s"}}},
"c":{"parent":"b","message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["Hello."]}}}}}`)
	convs, err := decodeWith(chatgptFormat, data, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0], "user: Hi", "assistant: Hello.")
	if got := string(convs[0].Messages[1].Meta.Get("reasoning_recap")); got != `"Thought for 47s"` {
		t.Errorf("the answer's reasoning_recap %s", got)
	}
}

// TestChatGPTRecapLast: a recap that ends the conversation, no thoughts
// before it (a stopped o1 answer), is the metadata of the message before
// it, not dropped; in a conversation of no message it is dropped, told
// once, and refused under Strict.
func TestChatGPTRecapLast(t *testing.T) {
	data := []byte(`{"current_node":"b","mapping":{
"a":{"parent":null,"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Hi"]}}},
"b":{"parent":"a","message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 47s"}}}}}`)
	convs, err := decodeWith(chatgptFormat, data, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0], "user: Hi")
	if got := string(convs[0].Messages[0].Meta.Get("reasoning_recap")); got != `"Thought for 47s"` {
		t.Errorf("the last message's reasoning_recap %s, want the recap", got)
	}

	alone := []byte(`{"current_node":"b","mapping":{
"b":{"parent":null,"message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 47s"}}}}}`)
	var warnings []string
	if _, err := decodeWith(chatgptFormat, alone, DecodeOptions{Warn: func(_ Pos, msg string) { warnings = append(warnings, msg) }}); err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, warnings, `/mapping/b/message/content: a "Thought for …" recap with no message to keep it is dropped (told once per kind)`)
	if _, err := decodeWith(chatgptFormat, alone, DecodeOptions{Strict: true}); !errors.Is(err, ErrChanged) {
		t.Errorf("under Strict: %v, want the recap refused", err)
	}
}

// TestChatGPTRecapBeforeUser: a recap no assistant message follows (an
// o1 answer stopped after "Thought for 47s", then a new question) is not
// given to the next question: it stays with the turn it ends, as the
// metadata of the message before it.
func TestChatGPTRecapBeforeUser(t *testing.T) {
	data := []byte(`{"current_node":"d","mapping":{
"a":{"parent":null,"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Hi"]}}},
"b":{"parent":"a","message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 47s"}}},
"c":{"parent":"b","message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Still there?"]}}},
"d":{"parent":"c","message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["Yes."]}}}}}`)
	convs, err := decodeWith(chatgptFormat, data, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0], "user: Hi", "user: Still there?", "assistant: Yes.")
	for i, want := range []string{`"Thought for 47s"`, "", ""} {
		if got := string(convs[0].Messages[i].Meta.Get("reasoning_recap")); got != want {
			t.Errorf("message %d's reasoning_recap %q, want %q", i, got, want)
		}
	}
}

// TestChatGPTRecapNotOverwritten: a recap whose message before holds one
// already goes to the message after it; at the end, with none after it
// (two recaps, the user's question holding the one before), it is
// dropped, told. None is lost silently.
func TestChatGPTRecapNotOverwritten(t *testing.T) {
	data := []byte(`{"current_node":"g","mapping":{
"a":{"parent":null,"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Hi"]}}},
"b":{"parent":"a","message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 5s"}}},
"c":{"parent":"b","message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["Hello."]}}},
"d":{"parent":"c","message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 9s"}}},
"e":{"parent":"d","message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["And?"]}}},
"f":{"parent":"e","message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 2s"}}},
"g":{"parent":"f","message":{"author":{"role":"assistant"},"content":{"content_type":"reasoning_recap","content":"Thought for 3s"}}}}}`)
	var told []string
	convs, err := decodeWith(chatgptFormat, data, DecodeOptions{Warn: func(_ Pos, s string) { told = append(told, s) }})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0], "user: Hi", "assistant: Hello.", "user: And?")
	for i, want := range []string{"", `"Thought for 5s"`, `"Thought for 9s"`} {
		if got := string(convs[0].Messages[i].Meta.Get("reasoning_recap")); got != want {
			t.Errorf("message %d's reasoning_recap %q, want %q", i, got, want)
		}
	}
	if len(told) != 1 || !strings.Contains(told[0], `a "Thought for …" recap with no message to keep it is dropped`) {
		t.Errorf("told %q, want the two recaps at the end dropped, told once", told)
	}
}

func FuzzChatGPT(f *testing.F) { fuzzFormat(f, "chatgpt") }
