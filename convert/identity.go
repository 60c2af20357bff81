package convert

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// headingFields are the conversation fields a heading shows.
var headingFields = []string{"title", "create_time", "branch", "active"}

// convTitle is a conversation's title, id, or number.
func convTitle(c *chat.Conversation, n int) string {
	if t := stringOf(c.Extra.Get("title")); t != "" {
		return t
	}
	if c.ID != "" {
		return "Conversation " + c.ID
	}
	return fmt.Sprintf("Conversation %d", n)
}

// convDetails says what else identifies a conversation under its heading
// (markdown, html): its date, its id when the title is not the id, and
// its branch when an export's branches were read (--all-branches).
func convDetails(c *chat.Conversation) []string {
	var details []string
	if date := stringOf(c.Extra.Get("create_time")); date != "" {
		if t, err := time.Parse(time.RFC3339, date); err == nil {
			date = t.UTC().Format("2006-01-02 15:04 UTC")
		}
		details = append(details, date)
	}
	if c.ID != "" && c.Extra.Has("title") {
		details = append(details, "id "+c.ID)
	}
	if branch := c.Extra.Get("branch"); branch != nil {
		label := "branch " + string(branch)
		if string(c.Extra.Get("active")) == "true" {
			label += " (active)"
		}
		details = append(details, label)
	}
	return details
}

// stringOf returns the JSON string raw holds, or "".
func stringOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// FileNames names the files of conversations written one per file: from
// the title (or id, or number), made safe on every common file system,
// and never the same twice.
type FileNames struct {
	used map[string]bool
}

// maxNameBytes keeps a name, with a suffix and extension, well under the
// 255 bytes file systems allow.
const maxNameBytes = 80

// Next returns the name, without extension, of the nth conversation (from 1).
func (f *FileNames) Next(c *chat.Conversation, n int) string {
	if f.used == nil {
		f.used = map[string]bool{}
	}
	base := safeName(convTitle(c, n))
	if base == "" {
		base = fmt.Sprintf("conversation-%d", n)
	}
	name := base
	for i := 2; f.used[strings.ToLower(name)]; i++ { // case-insensitive file systems
		name = fmt.Sprintf("%s-%d", base, i)
	}
	f.used[strings.ToLower(name)] = true
	return name
}

// safeName turns a title into a file name: letters and digits kept, every
// run of anything else one "-", cut at maxNameBytes on a character
// boundary; names Windows reserves (CON, NUL, COM1 …) get a "-" appended.
func safeName(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range title {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if b.Len()+utf8.RuneLen(r) > maxNameBytes {
				break
			}
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	name := b.String()
	switch strings.ToUpper(name) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		name += "-"
	}
	return name
}
