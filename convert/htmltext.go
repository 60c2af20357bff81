package convert

import (
	"bufio"
	"bytes"
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// A long text in an HTML page, in parts: copyHTMLText writes what
// htmlText writes, reading the spool three times and holding none of it.
// Once through first, to find where each fence that opens a code block
// can close (fenceClosers); then a line at a time, a second reader
// (lookahead) saying what each line is (the opening or closing of a code
// block, or text) before the first writes it.

// fenceClosers returns, for each n, where in sp's text the last line
// starts that closes a fence of n backticks (a line that is those
// backticks between white space).
func fenceClosers(sp chat.Spool) (map[int]int64, error) {
	closers := map[int]int64{}
	l := lookahead{sp: sp}
	for {
		start := l.off
		n, err := l.closes()
		if err != nil {
			return nil, err
		}
		if n >= 3 {
			closers[n] = start
		}
		if end, err := l.skipLine(); err != nil || end {
			return closers, err
		}
	}
}

// lookahead reads a spool's text a rune at a time from where it is put
// (at), to say what a line is.
type lookahead struct {
	sp     chat.Spool
	br     *bufio.Reader
	seeker io.Seeker // br's reader, when it seeks
	off    int64     // where in the text br reads next
}

// at puts l at off in the text.
func (l *lookahead) at(off int64) error {
	if l.br != nil && off >= l.off && (off-l.off <= int64(l.br.Buffered()) || l.seeker == nil) {
		n, err := l.br.Discard(int(off - l.off))
		l.off += int64(n)
		return err
	}
	r, err := chat.SpoolFrom(l.sp, off)
	if err != nil {
		return err
	}
	l.seeker, _ = r.(io.Seeker)
	if l.br == nil {
		l.br = bufio.NewReaderSize(r, 64<<10)
	} else {
		l.br.Reset(r)
	}
	l.off = off
	return nil
}

// rune reads the next rune of the line and where it starts; ok is false
// at the line's end (before its newline).
func (l *lookahead) rune() (r rune, start int64, ok bool, err error) {
	if l.br == nil {
		if err := l.at(0); err != nil {
			return 0, 0, false, err
		}
	}
	start = l.off
	r, size, err := l.br.ReadRune()
	if err == io.EOF {
		return 0, start, false, nil
	}
	if err != nil {
		return 0, start, false, err
	}
	if r == '\n' {
		// Left for skipLine: the line ends before it.
		return 0, start, false, l.br.UnreadRune()
	}
	l.off += int64(size)
	return r, start, true, nil
}

// skipLine goes past the rest of the line; end is true at the text's end.
func (l *lookahead) skipLine() (end bool, err error) {
	if l.br == nil {
		if err := l.at(0); err != nil {
			return false, err
		}
	}
	newline, err := readLine(l.br, func(chunk []byte) error {
		l.off += int64(len(chunk))
		return nil
	})
	return !newline, err
}

// closes reads the line as far as needed to say how many backticks it is
// between white space (strings.TrimSpace's), or 0 if it is not that.
func (l *lookahead) closes() (int, error) {
	n, trailing := 0, false
	for {
		r, _, ok, err := l.rune()
		switch {
		case err != nil:
			return 0, err
		case !ok:
			return n, nil
		case unicode.IsSpace(r):
			trailing = n > 0
		case r == '`' && !trailing:
			n++
		default:
			return 0, nil
		}
	}
}

// opens reads the line as far as needed to say whether it opens a code
// block (spaces, then three backticks or more: a fence that closes on a
// later line, block says): the fence's backticks, or 0, and where the
// language named after it starts and ends.
func (l *lookahead) opens(block func(n int) bool) (n int, langStart, langEnd int64, err error) {
	r, at, ok, err := l.rune()
	for ok && err == nil && r == ' ' {
		r, at, ok, err = l.rune()
	}
	for ok && err == nil && r == '`' {
		n++
		r, at, ok, err = l.rune()
	}
	if err != nil || n < 3 || !block(n) {
		return 0, 0, 0, err
	}
	langStart, langEnd = -1, -1
	for ; ok && err == nil; r, at, ok, err = l.rune() {
		if !unicode.IsSpace(r) {
			if langStart < 0 {
				langStart = at
			}
			langEnd = l.off
		}
	}
	return n, langStart, langEnd, err
}

// copyHTMLText returns the copier that writes sp's text as htmlText
// writes a text.
func copyHTMLText(sp chat.Spool) copier {
	return func(w io.Writer, r io.Reader) error {
		closers, err := fenceClosers(sp)
		if err != nil {
			return err
		}
		t := htmlTextCopy{w: w, in: bufio.NewReaderSize(r, 64<<10), ahead: lookahead{sp: sp}}
		return t.copy(closers)
	}
}

// htmlTextCopy is copyHTMLText at work.
type htmlTextCopy struct {
	w     io.Writer
	in    *bufio.Reader // the text, written from
	off   int64         // where in the text in reads next
	ahead lookahead
	out   []byte
	// A paragraph: its <p> written, and the newlines read since its last
	// text (a paragraph's blank lines at its end are not written).
	para     bool
	newlines int
}

func (t *htmlTextCopy) copy(closers map[int]int64) error {
	fence := 0 // the backticks of the code block being written
	firstCode := false
	for {
		if _, err := t.in.Peek(1); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		line := t.off
		if err := t.ahead.at(line); err != nil {
			return err
		}
		if fence > 0 {
			n, err := t.ahead.closes()
			if err != nil {
				return err
			}
			if n == fence {
				fence = 0
				t.write("</code></pre>\n")
				if _, err := t.line(nil); err != nil {
					return err
				}
				continue
			}
			if !firstCode {
				t.write("\n")
			}
			firstCode = false
			if _, err := t.line(func(b []byte) { t.out = escapeHTML(t.out, b) }); err != nil {
				return err
			}
			continue
		}
		n, langStart, langEnd, err := t.ahead.opens(func(n int) bool { return closers[n] > line })
		if err != nil {
			return err
		}
		if n == 0 {
			newline, err := t.line(t.paragraph)
			if err != nil {
				return err
			}
			if newline && t.para {
				t.newlines++
			}
			continue
		}
		t.endParagraph()
		fence, firstCode = n, true
		t.write("<pre><code")
		if langStart >= 0 {
			if err := t.skip(langStart - t.off); err != nil {
				return err
			}
			t.write(` class="language-`)
			if err := t.copyN(langEnd-langStart, func(b []byte) { t.out = escapeHTML(t.out, b) }); err != nil {
				return err
			}
			t.write(`"`)
		}
		t.write(">")
		if _, err := t.line(nil); err != nil {
			return err
		}
	}
	t.endParagraph()
	return t.flush()
}

// write adds s to what is to be written.
func (t *htmlTextCopy) write(s string) { t.out = append(t.out, s...) }

// flush writes what is to be written.
func (t *htmlTextCopy) flush() error {
	_, err := t.w.Write(t.out)
	t.out = t.out[:0]
	return err
}

// line reads the rest of the line, giving what it holds to text (if not
// nil) in parts, without its newline; newline is false at the text's end.
func (t *htmlTextCopy) line(text func([]byte)) (newline bool, err error) {
	return readLine(t.in, func(chunk []byte) error {
		t.off += int64(len(chunk))
		if body := bytes.TrimSuffix(chunk, []byte{'\n'}); text != nil && len(body) > 0 {
			text(body)
		}
		if len(t.out) >= 64<<10 {
			return t.flush()
		}
		return nil
	})
}

// paragraph writes text of a paragraph, opening it or writing the
// newlines read since its last text.
func (t *htmlTextCopy) paragraph(text []byte) {
	if !t.para {
		t.write(`<p class="text">`)
		t.para = true
	}
	for ; t.newlines > 0; t.newlines-- {
		t.write("\n")
	}
	t.out = escapeHTML(t.out, text)
}

// endParagraph closes the paragraph, if one is open.
func (t *htmlTextCopy) endParagraph() {
	if t.para {
		t.write("</p>\n")
	}
	t.para, t.newlines = false, 0
}

// skip reads past n bytes of the text.
func (t *htmlTextCopy) skip(n int64) error {
	k, err := t.in.Discard(int(n))
	t.off += int64(k)
	return err
}

// copyN reads n bytes of the text, giving them to text in parts.
func (t *htmlTextCopy) copyN(n int64, text func([]byte)) error {
	for n > 0 {
		b, err := t.in.Peek(int(min(n, int64(t.in.Size()))))
		text(b)
		if err := t.skip(int64(len(b))); err != nil {
			return err
		}
		n -= int64(len(b))
		if err != nil {
			return err
		}
	}
	return nil
}

// snippetText gathers the start of contentText as strings.Fields joined
// by spaces gives it, far enough to tell whether it is longer than 80
// characters, reading no more of a spooled string than that.
type snippetText struct {
	b     []byte
	runes int
	space bool // white space since the last word
}

func (s *snippetText) full() bool { return s.runes > 80 }

func (s *snippetText) content(c chat.Content) error {
	if c.Form != chat.ContentParts {
		return s.text(c.Text, c.Long)
	}
	for i, p := range c.Parts {
		if i > 0 {
			s.add("\n")
		}
		var err error
		switch {
		case isTextPart(p):
			err = s.text(p.Text, p.Long)
		case p.Type == "refusal":
			s.add("[refusal: ")
			err = s.text(p.Text, p.Long)
			s.add("]")
		case spooledThinking(p) != nil:
			s.add("[thinking]\n")
			err = s.spooled(spooledThinking(p), true)
			s.add("\n[/thinking]")
		case p.Type == "image_url" && spoolOf(p.Long) != nil && !s.full():
			var u string
			if u, err = spooledShortURL(spoolOf(p.Long)); err == nil {
				s.add("[image: " + u + "]")
			}
		default:
			s.add(contentText(chat.Content{Form: chat.ContentParts, Parts: []chat.Part{p}}))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// text adds a text, or the spooled one.
func (s *snippetText) text(text string, long chat.Sink) error {
	sp := spoolOf(long)
	if sp == nil {
		s.add(text)
		return nil
	}
	return s.spooled(sp, false)
}

// spooled adds the text sp holds; a string that was JSON's (a thinking
// part's) has its bytes that are no UTF-8 as U+FFFD, as its JSON does.
func (s *snippetText) spooled(sp chat.Spool, fromJSON bool) error {
	br := bufio.NewReaderSize(sp.Open(), 4<<10)
	for !s.full() {
		b, err := br.Peek(utf8.UTFMax)
		if len(b) == 0 {
			if err == io.EOF {
				return nil
			}
			return err
		}
		r, size := utf8.DecodeRune(b)
		if raw := b[:size]; fromJSON && r == utf8.RuneError && size == 1 {
			s.rune(r, []byte(string(utf8.RuneError)))
		} else {
			s.rune(r, raw)
		}
		br.Discard(size)
	}
	return nil
}

func (s *snippetText) add(text string) {
	for i := 0; i < len(text) && !s.full(); {
		r, size := utf8.DecodeRuneInString(text[i:])
		s.rune(r, []byte(text[i:i+size]))
		i += size
	}
}

func (s *snippetText) rune(r rune, raw []byte) {
	if s.full() {
		return
	}
	if unicode.IsSpace(r) {
		s.space = len(s.b) > 0
		return
	}
	if s.space {
		s.b = append(s.b, ' ')
		s.runes++
		s.space = false
	}
	s.b = append(s.b, raw...)
	s.runes++
}
