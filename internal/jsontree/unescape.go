package jsontree

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// longDecoded is how much of a string with escapes is assembled in
// scratch before the rest is left in data, to be unescaped at its end
// (parser.string). A variable, for tests.
var longDecoded = 64 << 10

// keepUnescaped returns prefix followed by raw unescaped as a string of
// the tree's own, allocated once at its length; raw is part of a string's
// inside as read, its escapes whole and valid.
func (p *parser) keepUnescaped(prefix, raw []byte) string {
	n := len(prefix) + unescapedLen(raw)
	if n == 0 {
		return ""
	}
	var t []byte
	if p.arena == nil {
		t = make([]byte, 0, n)
	} else {
		t = p.arena.text.take(n)[:0]
	}
	t = appendUnescaped(append(t, prefix...), raw)
	return unsafe.String(&t[0], len(t))
}

// unescapedLen returns the length of raw unescaped.
func unescapedLen(raw []byte) int {
	n := len(raw)
	for i := 0; ; {
		j := bytes.IndexByte(raw[i:], '\\')
		if j < 0 {
			return n
		}
		r, size := unescape(raw[i+j:])
		n -= size - utf8.RuneLen(r)
		i += j + size
	}
}

// appendUnescaped appends raw unescaped to dst.
func appendUnescaped(dst, raw []byte) []byte {
	for {
		j := bytes.IndexByte(raw, '\\')
		if j < 0 {
			return append(dst, raw...)
		}
		r, size := unescape(raw[j:])
		dst = utf8.AppendRune(append(dst, raw[:j]...), r)
		raw = raw[j+size:]
	}
}

// unescape decodes the escape raw starts with, as parser.escape does
// (joining a surrogate pair, a lone surrogate U+FFFD), and returns its
// length in raw.
func unescape(raw []byte) (rune, int) {
	if r := simpleEscapes[raw[1]]; r != 0 {
		return r, 2
	}
	r := hexRune(raw[2:6])
	if !utf16.IsSurrogate(r) {
		return r, 6
	}
	if r < 0xDC00 && len(raw) >= 12 && raw[6] == '\\' && raw[7] == 'u' {
		if pair := utf16.DecodeRune(r, hexRune(raw[8:12])); pair != utf8.RuneError {
			return pair, 12
		}
	}
	return utf8.RuneError, 6
}

// hexRune reads four hexadecimal digits.
func hexRune(h []byte) rune {
	var r rune
	for _, c := range h[:4] {
		switch {
		case c >= 'a':
			c -= 'a' - 10
		case c >= 'A':
			c -= 'A' - 10
		default:
			c -= '0'
		}
		r = r<<4 | rune(c)
	}
	return r
}
