package convert

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// Strings that pass through in parts. A reader given spools
// (DecodeOptions.Long, chat.Spool) leaves a long string out of the
// message; the JSON writers render the rest as always, note where each
// long string goes in what they rendered, and writeSpliced copies it there
// from its spool, escaped, as the output is written.

// A splice is a spool whose string goes at at in rendered JSON, between
// the quotes there.
type splice struct {
	at    int
	spool chat.Spool
	skip  int // bytes of the string, at its start, written already
	// Escaped for a JSON string, but plain: copied as it is (a text
	// format, a JSON object's members in JSON); nested: escaped twice, in
	// a JSON string in a JSON string (ShareGPT's calls).
	plain, nested bool
	// A tool call's arguments marked asArguments: object when they are a
	// JSON object, whose members go at at, between its braces (see
	// memberWriter for spaced, margin and indent).
	arguments, object, spaced bool
	margin, indent            string
	// A text format's copier (renderText), for all of the above.
	copy copier
	// Escaped as encoding/json escapes (a marshaledSpool's).
	marshaled bool
}

// A marshaledSpool holds a string that goes in a Raw encoding/json wrote
// (chat.NewToolCall's, in the vendor readers): written there escaped as
// encoding/json escapes, <, > and & too, so that the output is the one
// the string read whole gives.
type marshaledSpool struct{ chat.Spool }

// marshaled returns sink, which went in a Raw encoding/json wrote, as a
// marshaledSpool if it is a Spool.
func marshaled(sink chat.Sink) chat.Sink {
	if sp, ok := sink.(chat.Spool); ok {
		return marshaledSpool{sp}
	}
	return sink
}

// unmarshaled returns the sink marshaled was given.
func unmarshaled(sink chat.Sink) chat.Sink {
	if m, ok := sink.(marshaledSpool); ok {
		return m.Spool
	}
	return sink
}

// A keptSpool holds the data of an image block a vendor reader kept as
// JSON (one with more than its data: a cache_control, a file_id): the
// string of a spool the reader wrote as a plain image's data: URL, after
// its first head bytes, the URL's "data:…;base64," (none for a URL kept
// as it is). Its kind is LongData: writers copy it as they copy the part,
// or write the part's placeholder, which reads none of it.
type keptSpool struct {
	chat.Spool
	head      int64
	headRunes int
}

// keptData returns what a part kept as JSON holds for sink, which took a
// data: URL whose data alone the part's Raw holds, after head.
func keptData(sink chat.Sink, head string) chat.Sink {
	if sp, ok := sink.(chat.Spool); ok {
		return keptSpool{sp, int64(len(head)), utf8.RuneCountInString(head)}
	}
	return sink
}

func (k keptSpool) Kind() chat.LongKind { return chat.LongData }

func (k keptSpool) Runes() int { return k.Spool.Runes() - k.headRunes }

// Open reads the string after the head: a section of the spool's reader
// when it reads at offsets (internal/spool's does), so that seeking and
// Size are the data's.
func (k keptSpool) Open() io.Reader {
	r := k.Spool.Open()
	if at, ok := r.(sizedReaderAt); ok {
		return io.NewSectionReader(at, k.head, at.Size()-k.head)
	}
	r, err := chat.SpoolFrom(k.Spool, k.head)
	if err != nil {
		return failedReader{err}
	}
	return r
}

// A headedSpool holds the data: URL of a vendor's image or document
// block whose media type came after its data: the reader gave the spool
// the data alone, as the head (dataHead) was not yet known, and the
// part reads as the head, then the data, as when the head went first.
type headedSpool struct {
	chat.Spool
	head string
}

// withHead returns what a part holds for sink, which took the base64
// data of a data: URL whose head is head, alone.
func withHead(sink chat.Sink, head string) chat.Sink {
	if sp, ok := sink.(chat.Spool); ok {
		return headedSpool{sp, head}
	}
	return sink
}

func (h headedSpool) Runes() int { return utf8.RuneCountInString(h.head) + h.Spool.Runes() }

// Open reads the head, then the data: a section reader, which seeks and
// tells its Size, when the spool's reader reads at offsets.
func (h headedSpool) Open() io.Reader {
	r := h.Spool.Open()
	if at, ok := r.(sizedReaderAt); ok {
		return io.NewSectionReader(headedReaderAt{h.head, at}, 0, int64(len(h.head))+at.Size())
	}
	return io.MultiReader(strings.NewReader(h.head), r)
}

// headedReaderAt reads head, then data, at any offset.
type headedReaderAt struct {
	head string
	data io.ReaderAt
}

func (h headedReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	if off < int64(len(h.head)) {
		n = copy(p, h.head[off:])
		if n == len(p) {
			return n, nil
		}
	}
	m, err := h.data.ReadAt(p[n:], off+int64(n)-int64(len(h.head)))
	return n + m, err
}

// sizedReaderAt is a spool's reader that reads at offsets (internal/spool's).
type sizedReaderAt interface {
	io.ReaderAt
	Size() int64
}

// failedReader fails every read with err.
type failedReader struct{ err error }

func (f failedReader) Read([]byte) (int, error) { return 0, f.err }

// readerSink returns the sink a reader gave a string to, which sink, as
// a message holds it, may wrap (marshaled, keptData, asData, withHead).
func readerSink(sink chat.Sink) chat.Sink {
	switch k := sink.(type) {
	case keptSpool:
		return k.Spool
	case dataSpool:
		return readerSink(k.Spool)
	case headedSpool:
		return k.Spool
	}
	return unmarshaled(sink)
}

// escapeOf returns how long's string is escaped in the Raw that holds it.
func escapeOf(long chat.Sink) func(b []byte, s string) []byte {
	if _, ok := long.(marshaledSpool); ok {
		return appendMarshaled
	}
	return appendEscaped
}

// A copier writes a spooled string, read from r, to w as a text format
// writes it, transformed a buffer at a time.
type copier func(w io.Writer, r io.Reader) error

// spoolOf returns long as a Spool, or nil.
func spoolOf(long chat.Sink) chat.Spool {
	sp, _ := long.(chat.Spool)
	return sp
}

// writeSpliced writes b to w with the strings of splices, in order of
// place, copied into it.
func writeSpliced(w io.Writer, b []byte, splices []splice) error {
	done := 0
	for _, s := range splices {
		if _, err := w.Write(b[done:s.at]); err != nil {
			return err
		}
		r := s.spool.Open()
		if s.skip > 0 {
			if _, err := io.CopyN(io.Discard, r, int64(s.skip)); err != nil {
				return err
			}
		}
		if err := copySplice(w, r, s); err != nil {
			return err
		}
		done = s.at
	}
	_, err := w.Write(b[done:])
	return err
}

// copySplice copies the string r reads to w as s has it written.
func copySplice(w io.Writer, r io.Reader, s splice) error {
	if s.copy != nil {
		return s.copy(w, r)
	}
	escapes := 1
	switch {
	case s.plain:
		escapes = 0
	case s.nested:
		escapes = 2
	}
	escapers := make([]*jsonEscaper, escapes)
	for i := range escapers {
		escapers[len(escapers)-1-i] = &jsonEscaper{w: w, marshaled: s.marshaled}
		w = escapers[len(escapers)-1-i]
	}
	if s.object {
		w = &memberWriter{w: w, spaced: s.spaced, margin: s.margin, indent: s.indent}
	}
	if err := copyPlain(w, r); err != nil {
		return err
	}
	for _, e := range escapers {
		if err := e.flush(); err != nil {
			return err
		}
	}
	return nil
}

// jsonScan follows JSON a byte at a time: whether it is inside a string,
// and just after a backslash there.
type jsonScan struct{ inString, escaped bool }

func (s *jsonScan) step(c byte) {
	switch {
	case s.escaped:
		s.escaped = false
	case c == '\\':
		s.escaped = s.inString
	case c == '"':
		s.inString = !s.inString
	}
}

// readerHolds reports whether what r reads holds one of words, reading a
// buffer at a time (a word split between two reads is found); an error
// reading counts as holding one, so that the caller reads the text whole
// and meets the error there.
func readerHolds(r io.Reader, words ...string) bool {
	keep := 0
	for _, w := range words {
		keep = max(keep, len(w)-1)
	}
	buf := make([]byte, keep+64<<10)
	n := 0
	for {
		k, err := r.Read(buf[n:])
		n += k
		for _, w := range words {
			if bytes.Contains(buf[:n], []byte(w)) {
				return true
			}
		}
		if err == io.EOF {
			return false
		}
		if err != nil {
			return true
		}
		if n > keep {
			n = copy(buf, buf[n-keep:n])
		}
	}
}

// copyPlain copies r to w as it is, a buffer at a time.
func copyPlain(w io.Writer, r io.Reader) error {
	_, err := io.CopyBuffer(struct{ io.Writer }{w}, struct{ io.Reader }{r}, make([]byte, 64<<10))
	return err
}

// indentedOffset returns where in b, JSON indented from compact JSON, the
// byte at in the compact JSON is: indenting adds white space only outside
// strings.
func indentedOffset(b []byte, at int) int {
	var js jsonScan
	n := 0
	for i, c := range b {
		if !js.inString && (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			continue
		}
		if n == at {
			return i
		}
		n++
		js.step(c)
	}
	return len(b)
}

// The writers that build their JSON from a conversation's strings
// (anthropic, gemini, responses, sharegpt, the trainers' shapes) pass a
// long text through by marking it: markSpools puts a marker, one no
// writer escapes, where each spool's text stands; the writer renders the
// conversation as always; unmark finds the markers in what it rendered
// (inside JSON strings, whole) and makes them splices. A writer that used
// a text otherwise than by writing it (compared it, cut it) is not given
// markers for it: such a spool is read whole (held), as is a spool whose
// marker was not found as it was put. Two uses pass all the same: tool
// call arguments parsed as argumentsJSON parses them (asArguments: the
// spool is checked as JSON once, and its object copied through compacted,
// spaced or indented) and an image written as its placeholder
// (asPlaceholder: the placeholder reads its head and counts its length).

// markOpen begins a marker: a private-use character and a number drawn
// at start, so that no text read is taken for one. math/rand/v2's source
// is seeded from the kernel's random bytes at the process's start;
// crypto/rand's first read set up the vDSO's generator, 2 % of a count's
// start-up.
var markOpen = func() string {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], rand.Uint64())
	return "\uE000" + hex.EncodeToString(b[:]) + ":"
}()

const markClose = "\uE001"

// A place is where in a message a spool's string stands.
type place uint8

const (
	textPlace  place = iota // string content, a text part's text
	imagePlace              // an image_url part's data: URL
	dataPlace               // an input_audio or file part's data
	argsPlace               // a tool call's arguments
)

// A marking is what a writer does with a spooled string (markable).
type marking uint8

const (
	// readWhole: anything else; the string is read whole.
	readWhole marking = iota
	// asIs: writes it as it is. An image URL, or a file's data, it is
	// given starts as the spool's does, up to the comma of its data: URL,
	// with the marker after that: a writer may divide it there (dataURL).
	asIs
	// asArguments: writes it as argumentsJSON has it, a JSON object
	// when it is one, else as it is; given {"marker":0} for an object.
	asArguments
	// asPlaceholder: writes an image or data part only as its
	// placeholder (losses.placeholder), which the spool left in the part
	// tells.
	asPlaceholder
)

// markable says what a writer does with the string in place of message m.
type markable func(m *chat.Message, at place, sp chat.Spool) marking

// textsAndImages is the markable of the writers that write texts and
// data: images as they are (an image divided or not), and parse
// arguments (argumentsJSON).
func textsAndImages(_ *chat.Message, at place, _ chat.Spool) marking {
	switch at {
	case textPlace, imagePlace:
		return asIs
	case argsPlace:
		return asArguments
	}
	return readWhole
}

// everyString is the markable of the writers that write every string as
// it is, in the Chat Completions shape (messagesJSON).
func everyString(*chat.Message, place, chat.Spool) marking { return asIs }

// flatTexts is the markable of the writers that write every text as it
// is, other parts as placeholders (flatText), and parse arguments.
func flatTexts(_ *chat.Message, at place, _ chat.Spool) marking {
	return [...]marking{textPlace: asIs, imagePlace: asPlaceholder, dataPlace: asPlaceholder, argsPlace: asArguments}[at]
}

// partOf returns the part of m that holds sp, or nil.
func partOf(m *chat.Message, sp chat.Spool) *chat.Part {
	for i := range m.Content.Parts {
		if spoolOf(m.Content.Parts[i].Long) == sp {
			return &m.Content.Parts[i]
		}
	}
	return nil
}

// dataAsIs is the marking of a part's data (audio, a file) for a writer
// that copies the parts whose type copies says as they are, and writes the
// others as placeholders, which read none of the data.
func dataAsIs(m *chat.Message, sp chat.Spool, copies func(partType string) bool) marking {
	if p := partOf(m, sp); p != nil && copies(p.Type) {
		return asIs
	}
	return asPlaceholder
}

// hasSpools reports whether a message of c, or of its rejected
// completion, holds a spool.
func hasSpools(c *chat.Conversation) bool {
	for _, msgs := range [][]chat.Message{c.Messages, c.Rejected()} {
		for i := range msgs {
			if messageHasSpools(&msgs[i]) {
				return true
			}
		}
	}
	return false
}

func messageHasSpools(m *chat.Message) bool {
	if spoolOf(m.Content.Long) != nil {
		return true
	}
	for _, p := range m.Content.Parts {
		if spoolOf(p.Long) != nil {
			return true
		}
	}
	for _, tc := range m.ToolCalls {
		if spoolOf(tc.Long) != nil {
			return true
		}
	}
	return false
}

// markSpools returns a copy of c, sharing what it does not change, whose
// spooled strings that mark allows are markers (splices whose at is the
// marker's number), and whose other spools are read whole; mark nil reads
// every spool whole.
func markSpools(c *chat.Conversation, mark markable) (*chat.Conversation, []splice, error) {
	cp := *c
	cp.Messages = slices.Clone(c.Messages)
	var spools []splice
	marker := func(s splice) string {
		s.at = len(spools)
		spools = append(spools, s)
		return markOpen + strconv.Itoa(s.at) + markClose
	}
	// str returns what stands for sp's string, which the writer uses as how says.
	str := func(how marking, at place, sp chat.Spool) (string, error) {
		switch how {
		case asIs:
			if at != imagePlace && at != dataPlace {
				return marker(splice{spool: sp}), nil
			}
			head, err := dataURLHead(sp)
			if err != nil || head != "" || at == dataPlace { // data: audio's, say, is base64 alone
				return head + marker(splice{spool: sp, skip: len(head)}), err
			}
		case asArguments:
			object, err := spoolIsObject(sp.Open())
			if err != nil {
				return "", err
			}
			m := marker(splice{spool: sp, arguments: true, object: object})
			if object {
				return `{"` + m + `":0}`, nil
			}
			return m, nil
		}
		return readSpool(sp)
	}
	how := func(m *chat.Message, at place, sp chat.Spool) marking {
		if mark == nil {
			return readWhole
		}
		return mark(m, at, sp)
	}
	// markIn marks the spools of msgs, a copy.
	markIn := func(msgs []chat.Message) error {
		for i := range msgs {
			if err := markMessage(&msgs[i], how, str); err != nil {
				return err
			}
		}
		return nil
	}
	if err := markIn(cp.Messages); err != nil {
		return nil, nil, err
	}
	if c.Rejected() != nil {
		example := *c.Example
		example.Rejected = slices.Clone(example.Rejected)
		cp.Example = &example
		if err := markIn(example.Rejected); err != nil {
			return nil, nil, err
		}
	}
	return &cp, spools, nil
}

// markMessage puts in m, a copy, what str says stands for each of its
// spooled strings, shallow-copying the parts and tool calls it changes.
func markMessage(m *chat.Message, how markable, str func(marking, place, chat.Spool) (string, error)) error {
	if sp := spoolOf(m.Content.Long); sp != nil {
		s, err := str(how(m, textPlace, sp), textPlace, sp)
		if err != nil {
			return err
		}
		m.Content.Text, m.Content.Long = s, nil
	}
	if m.Content.Form == chat.ContentParts {
		m.Content.Parts = slices.Clone(m.Content.Parts)
	}
	for k := range m.Content.Parts {
		p := &m.Content.Parts[k]
		sp := spoolOf(p.Long)
		if sp == nil {
			continue
		}
		at := map[chat.LongKind]place{chat.LongText: textPlace, chat.LongImageURL: imagePlace, chat.LongData: dataPlace}[sp.Kind()]
		h := how(m, at, sp)
		if h == asPlaceholder {
			continue
		}
		s, err := str(h, at, sp)
		if err != nil {
			return err
		}
		switch at {
		case textPlace:
			p.Text = s
		case imagePlace:
			p.ImageURL = s
		}
		p.Raw, p.Long, p.LongAt = withString(p.Raw, p.LongAt, s, escapeOf(p.Long)), nil, 0
	}
	if len(m.ToolCalls) > 0 {
		m.ToolCalls = slices.Clone(m.ToolCalls)
	}
	for k := range m.ToolCalls {
		tc := &m.ToolCalls[k]
		sp := spoolOf(tc.Long)
		if sp == nil {
			continue
		}
		s, err := str(how(m, argsPlace, sp), argsPlace, sp)
		if err != nil {
			return err
		}
		tc.Arguments = s
		tc.Raw, tc.Long, tc.LongAt = withString(tc.Raw, tc.LongAt, s, escapeOf(tc.Long)), nil, 0
	}
	return nil
}

// dataURLHead returns the start of the data: URL sp holds, up to and with
// the comma of ";base64,", or "" if it holds no such URL.
func dataURLHead(sp chat.Spool) (string, error) {
	head, err := spoolHead(sp)
	if err != nil {
		return "", err
	}
	i := strings.IndexByte(head, ',')
	if i < 0 || !strings.HasPrefix(head, "data:") || !strings.HasSuffix(head[:i], ";base64") {
		return "", nil
	}
	return head[:i+1], nil
}

// spoolHead returns the first 512 bytes of sp's string, or all of a
// shorter one.
func spoolHead(sp chat.Spool) (string, error) {
	var b [512]byte
	n, err := io.ReadFull(sp.Open(), b[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", err
	}
	return string(b[:n]), nil
}

// withString returns raw with s, escaped, at at (between the quotes of
// the "" there).
func withString(raw []byte, at int, s string, escape func(b []byte, s string) []byte) []byte {
	b := make([]byte, 0, len(raw)+len(s)+16)
	b = append(b, raw[:at+1]...)
	b = escape(b, s)
	return append(b, raw[at+1:]...)
}

// readSpool reads a spool's string whole, into a buffer of its size when
// its reader tells it.
func readSpool(sp chat.Spool) (string, error) {
	var b strings.Builder
	r := sp.Open()
	if sized, ok := r.(interface{ Size() int64 }); ok {
		b.Grow(int(sized.Size()))
	}
	_, err := io.Copy(&b, r)
	return b.String(), err
}

// unmark returns b, rendered from a conversation markSpools gave markers,
// without them, and where the spools' strings go in it; ok is false when
// a marker is not whole inside a JSON string, or the marker's first
// character is left elsewhere (a cut marker). A writer that cuts or
// transforms a string must still not be given markers for it (markable):
// not every change can be seen.
func unmark(b []byte, spools []splice, plain bool) (out []byte, splices []splice, ok bool) {
	out = b[:0:0]
	var js jsonScan
	for i := 0; i < len(b); {
		if (plain || js.inString && !js.escaped) && bytes.HasPrefix(b[i:], []byte(markOpen)) {
			j := i + len(markOpen)
			end := bytes.Index(b[j:], []byte(markClose))
			if end < 0 {
				return nil, nil, false
			}
			n, err := strconv.Atoi(string(b[j : j+end]))
			if err != nil || n < 0 || n >= len(spools) {
				return nil, nil, false
			}
			s := spools[n]
			i = j + end + len(markClose)
			s.plain = plain
			if s.arguments {
				var drop, skip int
				if drop, skip, ok = argumentsIn(&s, out, b[i:], plain); !ok {
					return nil, nil, false
				}
				out, i = out[:len(out)-drop], i+skip
				if s.object && s.plain && !plain {
					js = jsonScan{} // the key's quote dropped: out of strings again
				}
			}
			s.at = len(out)
			splices = append(splices, s)
			continue
		}
		c := b[i]
		js.step(c)
		out = append(out, c)
		i++
	}
	if bytes.Contains(out, []byte(markOpen[:len("\uE000")])) {
		// A marker outside a string, or cut; or a text holds the
		// character: read the spools whole to be sure.
		return nil, nil, false
	}
	return out, splices, true
}

// argumentsIn reads how the writer wrote the arguments of s from what it
// wrote around their marker, before (out) and after (rest), and sets s
// to write them so; ok is false when it is no way argumentsJSON leads
// to. Arguments that are a string stand in one, alone: "marker", or
// \"marker\" in a JSON string in a JSON string. Those that are an
// object stand as {"marker":0}, spaced as pythonJSON spaces it or not,
// raw or in a JSON string: its members go between its braces, the rest
// dropped (drop bytes of out, skip of rest).
func argumentsIn(s *splice, out, rest []byte, plain bool) (drop, skip int, ok bool) {
	if !bytes.HasSuffix(out, []byte(`"`)) {
		return 0, 0, false
	}
	slashes := len(out) - 1 - len(bytes.TrimRight(out[:len(out)-1], `\`))
	if slashes > 1 || plain && slashes > 0 {
		return 0, 0, false
	}
	quote := out[len(out)-1-slashes:]
	if !s.object {
		s.plain, s.nested = false, slashes == 1
		return 0, 0, bytes.HasPrefix(rest, quote)
	}
	if len(out) <= len(quote) || out[len(out)-len(quote)-1] != '{' {
		return 0, 0, false
	}
	s.plain = slashes == 0
	for _, spaced := range []bool{false, true} {
		after := string(quote) + ":0}"
		if spaced {
			after = string(quote) + ": 0}"
		}
		if bytes.HasPrefix(rest, []byte(after)) {
			s.spaced = spaced
			return len(quote), len(after) - 1, true
		}
	}
	return 0, 0, false
}

// renderMarked renders c with render, its spooled texts passed through
// where mark allows (see markSpools): the JSON, and where the spools'
// strings go in it.
func renderMarked(c *chat.Conversation, mark markable, render func(*chat.Conversation) ([]byte, error)) ([]byte, []splice, error) {
	return renderMarkedAs(c, mark, false, render)
}

// renderPlain is renderMarked for a text format, whose render writes a
// marked string as it is, anywhere: the strings are copied as they are.
func renderPlain(c *chat.Conversation, mark markable, render func(*chat.Conversation) ([]byte, error)) ([]byte, []splice, error) {
	return renderMarkedAs(c, mark, true, render)
}

// copyFor says how a text format writes the spooled string sp in place
// at of message m: with the copier it returns, or, when nil, from the
// string read whole.
type copyFor func(m *chat.Message, at place, sp chat.Spool) copier

// renderText is renderPlain for a text format that transforms what it
// writes: copying says how it writes each spooled string, which its
// render writes as the marker, as it is, anywhere.
func renderText(c *chat.Conversation, copying copyFor, render func(*chat.Conversation) ([]byte, error)) ([]byte, []splice, error) {
	copiers := map[chat.Spool]copier{}
	mark := func(m *chat.Message, at place, sp chat.Spool) marking {
		c := copying(m, at, sp)
		if c == nil {
			return readWhole
		}
		copiers[sp] = c
		return asIs
	}
	b, splices, err := renderMarkedAs(c, mark, true, render)
	for i := range splices {
		splices[i].copy = copiers[splices[i].spool]
	}
	return b, splices, err
}

// isMarker reports whether s is, whole, a marker markSpools put.
func isMarker(s string) bool {
	n, ok := strings.CutPrefix(s, markOpen)
	if n, ok = strings.CutSuffix(n, markClose); !ok || n == "" {
		return false
	}
	return strings.Trim(n, "0123456789") == ""
}

func renderMarkedAs(c *chat.Conversation, mark markable, plain bool, render func(*chat.Conversation) ([]byte, error)) ([]byte, []splice, error) {
	if !hasSpools(c) {
		b, err := render(c)
		return b, nil, err
	}
	marked, spools, err := markSpools(c, mark)
	if err != nil {
		return nil, nil, err
	}
	b, err := render(marked)
	if err != nil || len(spools) == 0 {
		return b, nil, err
	}
	if out, splices, ok := unmark(b, spools, plain); ok {
		return out, splices, nil
	}
	if whole, _, err := markSpools(c, nil); err != nil {
		return nil, nil, err
	} else {
		b, err = render(whole)
	}
	return b, nil, err
}

// indentSpliced appends compact JSON, indented as json.Indent does with
// prefix and indent, to b, with splices moved to where they go in it.
func indentSpliced(b, compact []byte, splices []splice, prefix, indent string) ([]byte, []splice, error) {
	buf := bytes.NewBuffer(b)
	start := len(b)
	if err := json.Indent(buf, compact, prefix, indent); err != nil {
		return nil, nil, err
	}
	out := buf.Bytes()
	moved := make([]splice, len(splices))
	for i, s := range splices {
		moved[i] = s
		moved[i].at = start + indentedOffset(out[start:], s.at)
		if s.object && s.plain {
			// Members in the JSON itself, in braces at depth, indented.
			depth := jsonDepth(compact[:s.at])
			moved[i].margin, moved[i].indent = prefix+strings.Repeat(indent, depth-1), indent
		}
	}
	return out, moved, nil
}

// jsonDepth returns how many arrays and objects are open at the end of b,
// the start of a JSON text.
func jsonDepth(b []byte) int {
	var js jsonScan
	depth := 0
	for _, c := range b {
		if !js.inString {
			switch c {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
		js.step(c)
	}
	return depth
}
