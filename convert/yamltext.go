package convert

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// A long string in YAML, in parts. The YAML writer renders a conversation
// whose spooled strings are markers, which yaml.v3 writes as plain
// scalars; a spooled string is then copied in place of its marker in the
// style yaml.v3 would have chosen for it (plain, single-quoted,
// double-quoted or a literal block), found by reading it once through
// first as yaml.v3 analyses a scalar (yaml_emitter_analyze_scalar). A
// string whose style depends on more than that is read whole.

// yamlStyle is a scalar's style as yaml.v3 writes it.
type yamlStyle uint8

const (
	yamlPlain yamlStyle = iota
	yamlSingleQuoted
	yamlDoubleQuoted
	yamlLiteral
)

// yamlScalar is what the YAML writer knows of a spooled string before
// writing it.
type yamlScalar struct {
	style yamlStyle
	held  bool // read whole: its style is not found here
	bom   bool // it starts with U+FEFF: yaml.v3 then escapes every character of a double-quoted scalar
	// For a literal block: its chomping indicator, and whether it ends with
	// a line break (then yaml.v3 writes no newline before what follows).
	chomp       string
	endsInBreak bool
}

// yamlChars reads a string a character at a time, as a YAML node's value
// holds it: a byte that is not UTF-8 stands as U+FFFD (the writer's JSON
// gives yaml.v3 "\ufffd").
type yamlChars struct {
	br  *bufio.Reader
	buf [utf8.UTFMax]byte
}

// next returns the next character, nil at the end; it is valid until the
// next call.
func (y *yamlChars) next() ([]byte, error) {
	if y.br.Buffered() > 0 {
		if c, _ := y.br.ReadByte(); c < utf8.RuneSelf {
			y.buf[0] = c
			return y.buf[:1], nil
		}
		y.br.UnreadByte()
	}
	b, err := y.br.Peek(utf8.UTFMax)
	if len(b) == 0 {
		if err == io.EOF {
			err = nil
		}
		return nil, err
	}
	r, size := utf8.DecodeRune(b)
	n := copy(y.buf[:], b[:size])
	if r == utf8.RuneError && size == 1 {
		n = utf8.EncodeRune(y.buf[:], utf8.RuneError)
	}
	y.br.Discard(size)
	return y.buf[:n], nil
}

// yamlBreak reports whether c is a line break to YAML.
func yamlBreak(c []byte) bool {
	switch len(c) {
	case 1:
		return c[0] == '\r' || c[0] == '\n'
	case 2:
		return c[0] == 0xc2 && c[1] == 0x85 // NEL
	case 3:
		return c[0] == 0xe2 && c[1] == 0x80 && (c[2] == 0xa8 || c[2] == 0xa9) // LS, PS
	}
	return false
}

// yamlPrintable is yaml.v3's is_printable, byte for byte: no character
// of four bytes is.
func yamlPrintable(c []byte) bool {
	var b [3]byte
	copy(b[:], c)
	return b[0] == '\n' || b[0] >= 0x20 && b[0] <= 0x7e || b[0] == 0xc2 && b[1] >= 0xa0 ||
		b[0] > 0xc2 && b[0] < 0xed || b[0] == 0xed && b[1] < 0xa0 || b[0] == 0xee ||
		b[0] == 0xef && !(b[1] == 0xbb && b[2] == 0xbf) && !(b[1] == 0xbf && (b[2] == 0xbe || b[2] == 0xbf))
}

// yamlAnalysis follows a string a character at a time, gathering what
// yaml_emitter_analyze_scalar and blockStyle ask of it.
type yamlAnalysis struct {
	chars, bytes int
	head         []byte // the first three bytes
	numberish    bool   // every byte is one of yamlNumberish
	folded       bool   // it holds a break yaml.v3 would fold (NEL, LS, PS): read whole

	blockIndicators, lineBreaks, special, tabs               bool
	leadingSpace, leadingBreak, trailingSpace, trailingBreak bool
	breakSpace, spaceBreak                                   bool
	precededByWhitespace, previousSpace, previousBreak       bool

	newline, carriageReturn, spaceNewline, leadingNewline bool
	leadingTab                                            bool
	secondLastBreak                                       bool
}

// yamlNumberish holds the bytes of what yaml.v3 might resolve as a number
// or a timestamp rather than a string.
const yamlNumberish = "0123456789abcdefABCDEFxXoO+-._:tTzZ \t"

// add follows ch, the next character, with next the one after it (nil at
// the end).
func (a *yamlAnalysis) add(ch, next []byte) {
	first, last := a.chars == 0, next == nil
	if first {
		a.numberish, a.precededByWhitespace = true, true
	}
	a.chars++
	a.bytes += len(ch)
	if len(a.head) < 3 {
		a.head = append(a.head, ch...)
	}
	if len(ch) > 1 && yamlBreak(ch) { // NEL, LS, PS: blockStyle double-quotes them
		a.folded = true
	}
	if a.numberish && (len(ch) > 1 || strings.IndexByte(yamlNumberish, ch[0]) < 0) {
		a.numberish = false
	}
	followedByWhitespace := last || next[0] == ' ' || next[0] == '\t'
	switch {
	case first && bytes.ContainsRune([]byte("#,[]{}&*!|>'\"%@`"), rune(ch[0])):
		a.blockIndicators = true
	case first && (ch[0] == '?' || ch[0] == '-') && followedByWhitespace:
		a.blockIndicators = true
	case ch[0] == ':' && followedByWhitespace:
		a.blockIndicators = true
	case !first && ch[0] == '#' && a.precededByWhitespace:
		a.blockIndicators = true
	}
	if ch[0] == '\t' {
		a.tabs = true
		a.leadingTab = a.leadingTab || first
	} else if !yamlPrintable(ch) {
		a.special = true
	}
	isBreak := yamlBreak(ch)
	switch {
	case ch[0] == ' ':
		a.leadingSpace = a.leadingSpace || first
		a.trailingSpace = last
		a.breakSpace = a.breakSpace || a.previousBreak
	case isBreak:
		a.lineBreaks = true
		a.leadingBreak = a.leadingBreak || first
		a.trailingBreak = last
		a.spaceBreak = a.spaceBreak || a.previousSpace
	}
	switch ch[0] {
	case '\n':
		a.newline = true
		a.leadingNewline = a.leadingNewline || first
		a.spaceNewline = a.spaceNewline || a.previousSpace
	case '\r':
		a.carriageReturn = true
	}
	if last {
		a.secondLastBreak = a.previousBreak
	}
	a.previousSpace, a.previousBreak = ch[0] == ' ', isBreak
	a.precededByWhitespace = ch[0] == ' ' || ch[0] == '\t' || ch[0] == 0 || isBreak
}

// scalar says how yaml.v3 writes the string a has followed.
func (a *yamlAnalysis) scalar() *yamlScalar {
	y := &yamlScalar{bom: bytes.HasPrefix(a.head, []byte("\uFEFF"))}
	if a.folded {
		y.held = true
		return y
	}
	if bytes.Equal(a.head, []byte("---")) || bytes.Equal(a.head, []byte("...")) {
		a.blockIndicators = true
	}
	blockPlain := !(a.leadingSpace || a.leadingBreak || a.trailingSpace || a.trailingBreak || a.breakSpace ||
		a.spaceBreak || a.tabs || a.special || a.lineBreaks || a.blockIndicators)
	single := !(a.breakSpace || a.spaceBreak || a.tabs || a.special)
	block := !(a.trailingSpace || a.spaceBreak || a.special)
	switch {
	case a.newline && (a.carriageReturn || a.spaceNewline || a.trailingSpace || a.leadingNewline || a.leadingSpace || a.leadingTab):
		y.style = yamlDoubleQuoted // blockStyle
	case a.newline && block:
		y.style = yamlLiteral
		y.endsInBreak = a.trailingBreak
		switch {
		case !a.trailingBreak:
			y.chomp = "-"
		case a.chars == 1 || a.secondLastBreak:
			y.chomp = "+"
		}
	case a.newline:
		y.style = yamlDoubleQuoted
	case bytes.ContainsRune([]byte("yYnNtTfFoO~"), rune(a.head[0])) && a.bytes <= 6,
		bytes.ContainsRune([]byte("+-.0123456789"), rune(a.head[0])) && (a.numberish || a.bytes <= 6):
		// yaml.v3 may resolve it as a boolean, null or number, and
		// quote it: it is read whole to be written as always.
		y.held = true
	case blockPlain:
		y.style = yamlPlain
	case single:
		y.style = yamlSingleQuoted
	default:
		y.style = yamlDoubleQuoted
	}
	return y
}

// readYAMLScalar reads sp through and says how yaml.v3 writes its string
// as a mapping's value in block style, after blockStyle.
func readYAMLScalar(sp chat.Spool) (*yamlScalar, error) {
	chars := yamlChars{br: bufio.NewReaderSize(sp.Open(), 64<<10)}
	var a yamlAnalysis
	var c [utf8.UTFMax]byte
	cur, err := chars.next()
	for cur != nil && err == nil {
		ch := c[:copy(c[:], cur)]
		var next []byte
		if next, err = chars.next(); err == nil {
			a.add(ch, next)
		}
		cur = next
	}
	if err != nil {
		return nil, err
	}
	return a.scalar(), nil
}

// copier returns the copier that writes the scalar in place of its
// marker, whose line's mapping key starts at column key.
func (y *yamlScalar) copier(key int) copier {
	return func(w io.Writer, r io.Reader) error {
		chars := yamlChars{br: bufio.NewReaderSize(r, 64<<10)}
		bw := bufio.NewWriterSize(w, 64<<10)
		indent := bytes.Repeat([]byte{' '}, key+2) // yaml.v3's indent of a mapping's value, at SetIndent(2)
		switch y.style {
		case yamlSingleQuoted:
			bw.WriteByte('\'')
		case yamlDoubleQuoted:
			bw.WriteByte('"')
		case yamlLiteral:
			bw.WriteString("|" + y.chomp + "\n") // its first line is not empty (blockStyle)
		}
		lineStart := true
		for {
			ch, err := chars.next()
			if err != nil {
				return err
			}
			if ch == nil {
				break
			}
			switch y.style {
			case yamlPlain:
				bw.Write(ch)
			case yamlSingleQuoted:
				if ch[0] == '\'' {
					bw.WriteByte('\'')
				}
				bw.Write(ch)
			case yamlDoubleQuoted:
				writeYAMLDoubleQuoted(bw, ch, y.bom)
			case yamlLiteral:
				if ch[0] == '\n' {
					bw.WriteByte('\n')
					lineStart = true
					continue
				}
				if lineStart {
					bw.Write(indent)
					lineStart = false
				}
				bw.Write(ch)
			}
		}
		switch y.style {
		case yamlSingleQuoted:
			bw.WriteByte('\'')
		case yamlDoubleQuoted:
			bw.WriteByte('"')
		}
		return bw.Flush()
	}
}

// writeYAMLDoubleQuoted writes ch inside a double-quoted scalar as
// yaml_emitter_write_double_quoted_scalar does; escapeAll when the value
// starts with U+FEFF.
func writeYAMLDoubleQuoted(w *bufio.Writer, ch []byte, escapeAll bool) {
	if !escapeAll && yamlPrintable(ch) && !yamlBreak(ch) && ch[0] != '"' && ch[0] != '\\' {
		w.Write(ch)
		return
	}
	r, _ := utf8.DecodeRune(ch)
	w.WriteByte('\\')
	if c, ok := yamlEscapes[r]; ok {
		w.WriteByte(c)
		return
	}
	switch {
	case r <= 0xff:
		w.WriteString("x" + yamlHex(r, 2))
	case r <= 0xffff:
		w.WriteString("u" + yamlHex(r, 4))
	default:
		w.WriteString("U" + yamlHex(r, 8))
	}
}

// yamlEscapes are yaml.v3's short escapes.
var yamlEscapes = map[rune]byte{
	0: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
	'"': '"', '\\': '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
}

// yamlHex writes r in n upper-case hexadecimal digits.
func yamlHex(r rune, n int) string {
	h := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	return strings.Repeat("0", n-len(h)) + h
}
