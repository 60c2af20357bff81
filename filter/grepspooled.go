package filter

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// searchBlock is how much of a spooled text a search reads at a time.
const searchBlock = 64 << 10

// A spanFinder finds the matches of a regexp in a text read at offsets (a
// text spools hold, chat.Content.PlainTextAt), each where FindAllIndex
// finds it in the text held, holding a block of the text at a time: a
// literal is looked for in blocks that overlap by its length less one;
// any other expression runs on the text's runes as they come
// (regexp.FindReaderIndex), slower but exact.
type spanFinder struct {
	text *io.SectionReader
	re   *regexp.Regexp
	// after is re after one character, in a group (made at the first
	// search from an offset other than 0): such a search starts at the
	// character before the offset, so that what re's assertions (\b,
	// (?m)^) see before it is the text's.
	after *regexp.Regexp
	lit   []byte // re's text when it is all literal (U+FFFD in an expression matches any byte that is not UTF-8 too)
	buf   []byte
	runes runeReaderAt
}

func newSpanFinder(re *regexp.Regexp, text *io.SectionReader) *spanFinder {
	f := &spanFinder{text: text, re: re}
	if lit, complete := re.LiteralPrefix(); complete && lit != "" && !strings.ContainsRune(lit, utf8.RuneError) {
		f.lit = []byte(lit)
	}
	return f
}

// next returns the first match that starts at pos or after.
func (f *spanFinder) next(pos int64) (span []int, err error) {
	if f.lit != nil {
		return f.nextLiteral(pos)
	}
	from := pos
	if pos > 0 {
		from -= int64(f.lastRuneWidth(pos))
		if f.after == nil {
			f.after = regexp.MustCompile(`(?s:.)(` + f.re.String() + `)`)
		}
	}
	f.runes.reset(f.text, from)
	var loc []int
	if pos == 0 {
		loc = f.re.FindReaderIndex(&f.runes)
	} else if loc = f.after.FindReaderSubmatchIndex(&f.runes); loc != nil {
		loc = loc[2:4]
	}
	if f.runes.err != nil {
		return nil, f.runes.err
	}
	if loc == nil {
		return nil, nil
	}
	return []int{int(from) + loc[0], int(from) + loc[1]}, nil
}

func (f *spanFinder) nextLiteral(pos int64) ([]int, error) {
	if f.buf == nil {
		f.buf = make([]byte, searchBlock+len(f.lit)-1)
	}
	for at := pos; at < f.text.Size(); at += searchBlock {
		n, err := f.text.ReadAt(f.buf, at)
		if err != nil && err != io.EOF {
			return nil, err
		}
		if i := bytes.Index(f.buf[:n], f.lit); i >= 0 {
			return []int{int(at) + i, int(at) + i + len(f.lit)}, nil
		}
	}
	return nil, nil
}

// each calls fn with the matches FindAllIndex finds, in order, until fn
// returns false: as it does, an empty match just after a match is not
// one, and the search goes on a character later.
func (f *spanFinder) each(fn func(span []int) bool) error {
	size := int(f.text.Size())
	for pos, prevEnd := 0, -1; pos <= size; {
		span, err := f.next(int64(pos))
		if err != nil || span == nil {
			return err
		}
		accept := true
		if span[1] == pos { // empty
			accept = span[0] != prevEnd
			if pos < size {
				pos += f.runeWidth(int64(pos))
			} else {
				pos = size + 1
			}
		} else {
			pos = span[1]
		}
		prevEnd = span[1]
		if accept && !fn(span) {
			return nil
		}
	}
	return nil
}

// runeWidth is the width of the character at pos, and lastRuneWidth of
// the one that ends at pos, as utf8 decodes them (1 for a byte that is
// not UTF-8).
func (f *spanFinder) runeWidth(pos int64) int {
	var b [utf8.UTFMax]byte
	n, _ := f.text.ReadAt(b[:], pos)
	_, w := utf8.DecodeRune(b[:n])
	return w
}

func (f *spanFinder) lastRuneWidth(pos int64) int {
	var b [utf8.UTFMax]byte
	from := max(0, pos-utf8.UTFMax)
	n, _ := f.text.ReadAt(b[:pos-from], from)
	_, w := utf8.DecodeLastRune(b[:n])
	return w
}

// byteAt returns the byte at i.
func (f *spanFinder) byteAt(i int) byte {
	var b [1]byte
	f.text.ReadAt(b[:], int64(i))
	return b[0]
}

// runeReaderAt reads the runes of a text from an offset, a block at a
// time, and remembers the error that ends it, which the regexp package
// takes for the end of the text.
type runeReaderAt struct {
	text  *io.SectionReader
	buf   []byte
	bufAt int64 // where buf starts in text
	at    int64 // where the next rune starts
	err   error
}

// reset reads text from at, keeping the block read if it holds at.
func (r *runeReaderAt) reset(text *io.SectionReader, at int64) {
	if r.text != text {
		r.text, r.buf = text, r.buf[:0]
	}
	r.at, r.err = at, nil
}

func (r *runeReaderAt) ReadRune() (rune, int, error) {
	i := r.at - r.bufAt
	if i < 0 || i+utf8.UTFMax > int64(len(r.buf)) && r.bufAt+int64(len(r.buf)) < r.text.Size() {
		if r.buf == nil {
			r.buf = make([]byte, searchBlock)
		}
		n, err := r.text.ReadAt(r.buf[:cap(r.buf)], r.at)
		if err != nil && err != io.EOF {
			r.err = err
			return 0, 0, err
		}
		r.buf, r.bufAt, i = r.buf[:n], r.at, 0
	}
	if i >= int64(len(r.buf)) {
		return 0, 0, io.EOF
	}
	c, w := utf8.DecodeRune(r.buf[i:])
	r.at += int64(w)
	return c, w, nil
}
