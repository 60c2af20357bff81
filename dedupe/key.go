package dedupe

import (
	"crypto/sha256"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/convkit/convkit/chat"
)

// Digest is the 128-bit digest of a normalised key.
type Digest [16]byte

// Normalize returns s in NFKC form with white space runs made one space
// and trimmed.
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Key returns the text that the whole conversation is compared by: every
// message's role, name, normalised text and tool calls, separated by
// bytes that no normalised text holds on its own.
func Key(c *chat.Conversation) string {
	var b strings.Builder
	for i := range c.Messages {
		m := &c.Messages[i]
		b.WriteString(string(m.Role))
		b.WriteByte(0)
		b.WriteString(m.Name)
		b.WriteByte(0)
		b.WriteString(Normalize(m.Content.PlainText()))
		for _, tc := range m.ToolCalls {
			b.WriteByte(2)
			b.WriteString(tc.Name)
			b.WriteByte(0)
			b.WriteString(Normalize(tc.Arguments))
		}
		b.WriteByte(1)
	}
	return b.String()
}

// FirstUser returns the normalised text of the first user message, or ""
// when there is none.
func FirstUser(c *chat.Conversation) string {
	for i := range c.Messages {
		if c.Messages[i].Role == chat.User {
			return Normalize(c.Messages[i].Content.PlainText())
		}
	}
	return ""
}

// Sum returns the digest of a key.
func Sum(key string) Digest {
	full := sha256.Sum256([]byte(key))
	var d Digest
	copy(d[:], full[:])
	return d
}

// Uint64 returns the first 8 bytes of d as a number: a hash of the key
// good for sampling and sharding.
func (d Digest) Uint64() uint64 {
	var n uint64
	for _, b := range d[:8] {
		n = n<<8 | uint64(b)
	}
	return n
}

// Set remembers the keys seen so far and where each was first seen.
type Set struct {
	first map[Digest]int
}

// NewSet returns an empty Set.
func NewSet() *Set { return &Set{first: map[Digest]int{}} }

// Add records d, seen at line, and returns the line it was first seen on
// and true when it was seen before.
func (s *Set) Add(d Digest, line int) (first int, seen bool) {
	if first, ok := s.first[d]; ok {
		return first, true
	}
	s.first[d] = line
	return 0, false
}

// Len returns how many distinct keys were added.
func (s *Set) Len() int { return len(s.first) }
