package convert

import "testing"

func TestClaudeRead(t *testing.T) {
	c := readSample(t, "claude", "conversations.json", DecodeOptions{})[0]
	checkSummary(t, c,
		"user: Give me a regex for ISO 8601 dates like 2025-03-02.\n\n[attachment: samples.txt]",
		"assistant: [thinking]\nUse:\n\n```regex\n^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$\n```\n\nIt rejects `2025-13-40`.",
		"user: Thanks!\n\n[file: screenshot.png]",
	)
	if c.ID != "a1b2c3d4-0000-4000-8000-000000000001" || string(c.Extra.Get("title")) != `"Regex for ISO dates"` {
		t.Errorf("id %q, title %s", c.ID, c.Extra.Get("title"))
	}
}

func FuzzClaude(f *testing.F) { fuzzFormat(f, "claude") }
