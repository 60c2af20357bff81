package convert

import (
	"errors"
	"strings"
	"testing"
)

// TestClaudeRead: attachments' text comes first, as the documents Claude.ai
// gave the model, in a part of its own; an artifact is text, joined to the
// text blocks beside it by a blank line, and the artifacts tool's "OK"
// for it is dropped; a file the export holds only the name of is a
// placeholder, told once; the file listed again beside its attachment is
// not.
func TestClaudeRead(t *testing.T) {
	var warnings []string
	c := readSample(t, "claude", "conversations.json", DecodeOptions{Warn: func(_ Pos, msg string) { warnings = append(warnings, msg) }})[0]
	checkSummary(t, c,
		"user: <documents>\n<document index=\"1\">\n<source>samples.txt</source>\n<document_content>2025-03-02\n1999-12-31\n2025-13-40 (bad)</document_content>\n</document>\n</documents>\nGive me a regex for ISO 8601 dates like 2025-03-02.",
		"assistant: [thinking]\nMonth 01-12, day 01-31; keep it simple.\n[/thinking]\nUse:\n\n```regex\n^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$\n```\n\nIt rejects `2025-13-40`.\n\n"+
			"<antArtifact identifier=\"iso-date-check\" type=\"application/vnd.ant.code\" title=\"check_dates.py\" command=\"create\" language=\"python\" version_uuid=\"5f1c9a2e-0000-4000-8000-000000000002\">\n"+
			"import re\nISO = re.compile(r\"^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$\")\n</antArtifact>\n\nThe script above checks a date.",
		"user: <documents>\n<document index=\"1\">\n<source>paste.txt</source>\n<document_content>2024-02-30 passed, wrongly</document_content>\n</document>\n</documents>\n[file: screenshot.png]\nThanks!",
	)
	if c.ID != "a1b2c3d4-0000-4000-8000-000000000001" || string(c.Extra.Get("title")) != `"Regex for ISO dates"` {
		t.Errorf("id %q, title %s", c.ID, c.Extra.Get("title"))
	}
	if ps := c.Messages[0].Content.Parts; len(ps) != 2 || !strings.HasPrefix(ps[0].Text, "<documents>") || ps[1].Text != "Give me a regex for ISO 8601 dates like 2025-03-02." {
		t.Errorf("first message's parts %+v, want the documents, then the text", ps)
	}
	checkWarnings(t, warnings,
		"/0/chat_messages/2/files/0: the export holds only the name of an uploaded file (an image, a PDF): it is written as a placeholder [file: NAME] (told once per kind)",
	)
	data := sampleData(t, "claude", "conversations.json")
	_, err := decodeWith(claudeFormat, data, DecodeOptions{Strict: true})
	if !errors.Is(err, ErrChanged) || !strings.HasPrefix(err.Error(), "125:11: /0/chat_messages/2/files/0: the export holds only the name") {
		t.Errorf("under Strict: %v", err)
	}
}

// TestClaudeAttachmentsAndArtifacts: pastes are named as Claude.ai names
// them; an artifact update keeps its strings as elements and every other
// field as an escaped attribute; what has no text is a placeholder, and
// citations are told of as dropped.
func TestClaudeAttachmentsAndArtifacts(t *testing.T) {
	data := []byte(`{"uuid":"c","chat_messages":[
{"sender":"human","text":"Compare","content":[],"attachments":[
 {"file_name":"","extracted_content":"first"},{"file_name":"","extracted_content":"second"},{"file_name":"scan.pdf","extracted_content":""}]},
{"sender":"assistant","text":"","content":[
 {"type":"text","text":"Found it.","citations":[{"uuid":"u","start_index":0,"end_index":9,"details":{"type":"web_search_citation","url":"https://w.example"}}]},
 {"type":"tool_use","name":"artifacts","input":{"id":"a&b","command":"update","old_str":"x = 1","new_str":"x = \"2\"","version":3}},
 {"type":"tool_use","name":"web_search","input":{"query":"q"}},
 {"type":"token_budget"}]}]}`)
	var warnings []string
	convs, err := decodeWith(claudeFormat, data, DecodeOptions{Warn: func(_ Pos, msg string) { warnings = append(warnings, msg) }})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, convs[0],
		"user: <documents>\n<document index=\"1\">\n<source>paste.txt</source>\n<document_content>first</document_content>\n</document>\n"+
			"<document index=\"2\">\n<source>paste-2.txt</source>\n<document_content>second</document_content>\n</document>\n</documents>\n[attachment: scan.pdf]\nCompare",
		"assistant: Found it.\n\n<antArtifact identifier=\"a&amp;b\" command=\"update\" version=\"3\">\n<old_str>x = 1</old_str>\n<new_str>x = \"2\"</new_str>\n</antArtifact>\n[tool_use: web_search]\n[token_budget]",
	)
	checkWarnings(t, warnings,
		"/chat_messages/0/attachments/2: an attachment without extracted_content is written as a placeholder [attachment: NAME] (told once per kind)",
		"/chat_messages/1/content/0/citations: a text block's citations (the sources of a web search) are dropped (told once per kind)",
		"/chat_messages/1/content/2: a tool_use block is written as a placeholder [tool_use: web_search] (told once per kind)",
		`/chat_messages/1/content/3: a content block of type "token_budget" is written as a placeholder [token_budget] (told once per kind)`,
	)
}

func FuzzClaude(f *testing.F) { fuzzFormat(f, "claude") }
