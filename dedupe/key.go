package dedupe

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/runes"
)

// Digest is the 128-bit digest of a normalised key.
type Digest [16]byte

// Normalize returns s in NFKC form with white space runs made one space
// and trimmed.
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	f := spaceFolder{buf: make([]byte, 0, len(s))}
	f.fold(s)
	return string(f.buf)
}

// Key returns the text that the whole conversation is compared by: every
// message's role, name, normalised text and tool calls, separated by
// bytes that no normalised text holds on its own. Texts that spools hold
// (chat.Spool) are read from them.
func Key(c *chat.Conversation) (string, error) {
	var b strings.Builder
	err := writeKey(&b, c)
	return b.String(), err
}

// SumKey returns Sum(Key(c)) without holding the key: the texts that
// spools hold are read from them in parts, normalised and hashed as they
// come, so that memory does not grow with them.
func SumKey(c *chat.Conversation) (Digest, error) {
	return sumOf(func(w keyWriter) error { return writeKey(w, c) })
}

// FirstUser returns the normalised text of the first user message, or ""
// when there is none. A text that a spool holds is read from it.
func FirstUser(c *chat.Conversation) (string, error) {
	var b strings.Builder
	err := writeFirstUser(&b, c)
	return b.String(), err
}

// SumFirstUser returns Sum(FirstUser(c)), reading a spooled text in parts
// as SumKey does.
func SumFirstUser(c *chat.Conversation) (Digest, error) {
	return sumOf(func(w keyWriter) error { return writeFirstUser(w, c) })
}

// SumKeySigned returns SumKey(c) and n's signature of Key(c)
// (Near.Signature), taken as the key is hashed, so that memory does not
// grow with a spooled text.
func SumKeySigned(c *chat.Conversation, n *Near) (Digest, []uint32, error) {
	return sumSigned(func(w keyWriter) error { return writeKey(w, c) }, n)
}

// SumFirstUserSigned is SumKeySigned of FirstUser(c).
func SumFirstUserSigned(c *chat.Conversation, n *Near) (Digest, []uint32, error) {
	return sumSigned(func(w keyWriter) error { return writeFirstUser(w, c) }, n)
}

// sumSigned returns the digest of what write writes, and n's signature
// of it.
func sumSigned(write func(keyWriter) error, n *Near) (Digest, []uint32, error) {
	s := n.Signer()
	d, err := sumOf(func(w keyWriter) error { return write(keyTee{w, s}) })
	return d, s.Signature(), err
}

// keyTee writes a key to two keyWriters.
type keyTee struct{ a, b keyWriter }

func (t keyTee) Write(p []byte) (int, error) {
	t.a.Write(p)
	return t.b.Write(p)
}

func (t keyTee) WriteString(s string) (int, error) {
	t.a.WriteString(s)
	return t.b.WriteString(s)
}

func (t keyTee) WriteByte(c byte) error {
	t.a.WriteByte(c)
	return t.b.WriteByte(c)
}

// keyWriter is where a key is built: a strings.Builder, or the
// hashBuffer in front of its hash.
type keyWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

func writeKey(w keyWriter, c *chat.Conversation) error {
	if err := writeMessages(w, c.Messages); err != nil {
		return err
	}
	// A preference pair is kept whole: pairs that differ only in the
	// rejected side are not duplicates.
	if rejected := c.Rejected(); rejected != nil {
		w.WriteByte(4)
		return writeMessages(w, rejected)
	}
	return nil
}

// writeMessages writes the key of each message: role, name, text, what
// is not text (writeNonText), tool calls.
func writeMessages(w keyWriter, msgs []chat.Message) error {
	for i := range msgs {
		m := &msgs[i]
		w.WriteString(string(m.Role))
		w.WriteByte(0)
		w.WriteString(m.Name)
		w.WriteByte(0)
		if err := writeNormalized(w, &m.Content); err != nil {
			return err
		}
		if err := writeNonText(w, &m.Content); err != nil {
			return err
		}
		for _, tc := range m.ToolCalls {
			w.WriteByte(2)
			w.WriteString(tc.Name)
			w.WriteByte(0)
			if err := writeNormalized(w, &chat.Content{Form: chat.ContentString, Text: tc.Arguments, Long: tc.Long}); err != nil {
				return err
			}
		}
		w.WriteByte(1)
	}
	return nil
}

// writeNonText writes, for each part of c that is not text (an image, audio,
// a file), its type and the values of its JSON (an image's URL, audio or
// file data), so that rows of the same text and other images are not
// duplicates. The values are read token by token, not as spelled (JSON
// spacing and escapes do not count), with a long one streamed from the
// spool that holds it, as the key of a text is.
func writeNonText(w keyWriter, c *chat.Content) error {
	for i := range c.Parts {
		p := &c.Parts[i]
		if p.Type == "text" || p.Type == "refusal" {
			continue
		}
		w.WriteByte(3)
		w.WriteString(p.Type)
		w.WriteByte(0)
		sp, _ := p.Long.(chat.Spool)
		dec := json.NewDecoder(bytes.NewReader(p.Raw))
		dec.UseNumber()
		for {
			tok, err := dec.Token()
			if err != nil {
				break // the end, or a part not JSON: what was read counts
			}
			switch v := tok.(type) {
			case json.Delim:
				w.WriteByte(byte(v))
			case string:
				w.WriteByte(5)
				if sp != nil && v == "" && dec.InputOffset() == int64(p.LongAt+2) {
					if _, err := io.Copy(w, sp.Open()); err != nil {
						return err
					}
				} else {
					w.WriteString(v)
				}
				w.WriteByte(0)
			default:
				fmt.Fprint(w, v)
				w.WriteByte(0)
			}
		}
	}
	return nil
}

func writeFirstUser(w keyWriter, c *chat.Conversation) error {
	for i := range c.Messages {
		if c.Messages[i].Role == chat.User {
			if err := writeNormalized(w, &c.Messages[i].Content); err != nil {
				return err
			}
			return writeNonText(w, &c.Messages[i].Content)
		}
	}
	return nil
}

// EmptyKey is the digest of an empty key (a first-user key of a
// conversation without user text): a verb keeps such a conversation apart
// rather than match it to every other one.
var EmptyKey = Sum("")

// writeNormalized writes Normalize(c.PlainText()), with the texts that
// spools hold streamed through NFKC and the folding of white space.
func writeNormalized(w keyWriter, c *chat.Content) error {
	if !c.HasSpooledText() {
		_, err := w.WriteString(Normalize(c.PlainText()))
		return err
	}
	f := &spaceFolder{out: w}
	nw := norm.NFKC.Writer(f)
	if _, err := io.Copy(nw, c.PlainTextReader()); err != nil {
		return err
	}
	if err := nw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// sumOf returns the digest of what write writes.
func sumOf(write func(keyWriter) error) (Digest, error) {
	b := &hashBuffer{h: sha256.New()}
	if err := write(b); err != nil {
		return Digest{}, err
	}
	b.h.Write(b.buf)
	var d Digest
	copy(d[:], b.h.Sum(nil))
	return d, nil
}

// hashBuffer gathers what is written as a strings.Builder would, and
// passes it to its hash once it holds hashBatch bytes: a key as short as
// most costs what building it did.
type hashBuffer struct {
	h   hash.Hash
	buf []byte
}

const hashBatch = 32 << 10

func (b *hashBuffer) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	b.pass()
	return len(p), nil
}

func (b *hashBuffer) WriteString(s string) (int, error) {
	b.buf = append(b.buf, s...)
	b.pass()
	return len(s), nil
}

func (b *hashBuffer) WriteByte(c byte) error {
	b.buf = append(b.buf, c)
	return nil
}

// pass gives the hash what the buffer holds, once that is a batch (a
// hash's Write never fails).
func (b *hashBuffer) pass() {
	if len(b.buf) >= hashBatch {
		b.h.Write(b.buf)
		b.buf = b.buf[:0]
	}
}

// spaceFolder makes each run of white space in a text one space, and drops
// it at the start and at the end (Normalize's second step): whole with
// fold, or written to it in parts (a character may be split between two
// writes) and then closed, when it passes what it has to out.
type spaceFolder struct {
	out     io.Writer
	buf     []byte
	space   bool // a run of white space is pending
	flushed bool // buf has been passed to out
	carry   runes.Carry
}

// fold adds s to buf.
func (f *spaceFolder) fold(s string) {
	for _, r := range s {
		f.add(r)
	}
}

func (f *spaceFolder) add(r rune) {
	if unicode.IsSpace(r) {
		f.space = true
		return
	}
	if f.space && f.started() {
		f.buf = append(f.buf, ' ')
	}
	f.space = false
	f.buf = utf8.AppendRune(f.buf, r)
}

// started says whether a character has been kept: not only buf's, for
// Write passes buf on as it fills.
func (f *spaceFolder) started() bool { return len(f.buf) > 0 || f.flushed }

// Write folds p, from where the last Write ended.
func (f *spaceFolder) Write(p []byte) (int, error) {
	f.carry.Runes(p, f.add)
	if len(f.buf) >= 32<<10 {
		return len(p), f.flush()
	}
	return len(p), nil
}

// Close folds the bytes of an unfinished character as ranging over a
// string does (one U+FFFD each) and passes the rest on.
func (f *spaceFolder) Close() error {
	for range f.carry.End() {
		f.add(utf8.RuneError)
	}
	return f.flush()
}

func (f *spaceFolder) flush() error {
	if len(f.buf) == 0 {
		return nil
	}
	_, err := f.out.Write(f.buf)
	f.buf, f.flushed = f.buf[:0], true
	return err
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
