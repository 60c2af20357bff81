package template

import (
	"fmt"
	"strings"
)

// The lexer cuts a template into text and tags, applying the whitespace
// rules of Jinja2 as transformers configures it: trim_blocks (the newline
// after a block or comment tag goes), lstrip_blocks (spaces and tabs before
// a block or comment tag at the start of a line go), the - and + markers,
// and keep_trailing_newline off (one newline at the end of the source goes).

type chunkKind int

const (
	textChunk chunkKind = iota
	outputChunk
	blockChunk
)

type chunk struct {
	kind chunkKind
	text string  // textChunk
	toks []token // outputChunk, blockChunk
	line int
}

func lex(src string) ([]chunk, error) {
	if strings.HasSuffix(src, "\r\n") {
		src = src[:len(src)-2]
	} else if strings.HasSuffix(src, "\n") {
		src = src[:len(src)-1]
	}
	// A tag and the text before it are two chunks; a tag holds a few
	// tokens. Sized once, as a count parses its template at every start.
	tags := strings.Count(src, "{")
	chunks := make([]chunk, 0, 2*tags+1)
	toks := make([]token, 0, 4*tags) // every tag's tokens, one after another: each chunk has its part
	pos, line := 0, 1
	trimNext := false    // a -}} or -%} asked to strip the whitespace after it
	newlineNext := false // trim_blocks: drop one newline after a block tag
	for pos <= len(src) {
		i := indexTag(src, pos)
		end := i
		if i < 0 {
			end = len(src)
		}
		text := src[pos:end]
		if trimNext {
			text = strings.TrimLeft(text, " \t\r\n")
		} else if newlineNext {
			if strings.HasPrefix(text, "\r\n") {
				text = text[2:]
			} else if strings.HasPrefix(text, "\n") {
				text = text[1:]
			}
		}
		trimNext, newlineNext = false, false
		if i < 0 {
			if text != "" {
				chunks = append(chunks, chunk{kind: textChunk, text: text, line: line})
			}
			break
		}
		open := src[i : i+2]
		marker := byte(0)
		if i+2 < len(src) && (src[i+2] == '-' || src[i+2] == '+') {
			marker = src[i+2]
		}
		switch {
		case marker == '-':
			text = strings.TrimRight(text, " \t\r\n")
		case open != "{{" && marker != '+':
			// lstrip_blocks: only when nothing but spaces and tabs precede
			// the tag on its line of the source.
			ls := strings.LastIndexByte(src[:i], '\n') + 1
			if ls >= pos && strings.Trim(src[ls:i], " \t") == "" {
				text = text[:len(text)-min(i-ls, len(text))]
			}
		}
		if text != "" {
			chunks = append(chunks, chunk{kind: textChunk, text: text, line: line})
		}
		line += strings.Count(src[pos:i], "\n")
		body := i + 2
		if marker != 0 {
			body++
		}
		switch open {
		case "{#":
			j := strings.Index(src[body:], "#}")
			if j < 0 {
				return nil, fmt.Errorf("line %d: unclosed comment", line)
			}
			closeAt := body + j
			trimNext = closeAt > body && src[closeAt-1] == '-'
			newlineNext = !trimNext && !(closeAt > body && src[closeAt-1] == '+')
			line += strings.Count(src[i:closeAt+2], "\n")
			pos = closeAt + 2
			continue
		}
		from := len(toks)
		var next int
		var closing byte
		var err error
		toks, next, closing, err = lexTag(toks, src, body, open)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		kind := outputChunk
		if open == "{%" {
			kind = blockChunk
		}
		tag := toks[from:len(toks):len(toks)]
		if kind == blockChunk && len(tag) > 0 && tag[0].kind == tName && tag[0].text == "raw" {
			j := strings.Index(src[next:], "endraw")
			if j < 0 {
				return nil, fmt.Errorf("line %d: unclosed raw block", line)
			}
			k := strings.LastIndex(src[next:next+j], "{%")
			chunks = append(chunks, chunk{kind: textChunk, text: src[next : next+k], line: line})
			e := strings.Index(src[next+j:], "%}")
			line += strings.Count(src[i:next+j+e+2], "\n")
			pos = next + j + e + 2
			newlineNext = true
			continue
		}
		chunks = append(chunks, chunk{kind: kind, toks: tag, line: line})
		trimNext = closing == '-'
		newlineNext = kind == blockChunk && closing == 0
		line += strings.Count(src[i:next], "\n")
		pos = next
	}
	return chunks, nil
}

// indexTag returns the index of the next {{, {% or {# at or after from, or -1.
func indexTag(src string, from int) int {
	for i := from; i+1 < len(src); i++ {
		if src[i] == '{' && (src[i+1] == '{' || src[i+1] == '%' || src[i+1] == '#') {
			return i
		}
	}
	return -1
}

type tokenKind int

const (
	tName tokenKind = iota
	tString
	tInt
	tFloat
	tOp
)

type token struct {
	kind tokenKind
	text string
}

// lexTag reads the tokens of a tag from src[pos] to its closing }} or %},
// returning toks with them appended, the index after the tag, and the marker before the close
// ('-', '+' or 0).
func lexTag(toks []token, src string, pos int, open string) ([]token, int, byte, error) {
	closeWith := "}}"
	if open == "{%" {
		closeWith = "%}"
	}
	for pos < len(src) {
		c := src[pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			pos++
		case (c == '-' || c == '+') && strings.HasPrefix(src[pos+1:], closeWith):
			return toks, pos + 3, c, nil
		case strings.HasPrefix(src[pos:], closeWith):
			return toks, pos + 2, 0, nil
		case c == '\'' || c == '"':
			s, n, err := lexString(src[pos:])
			if err != nil {
				return nil, 0, 0, err
			}
			toks = append(toks, token{tString, s})
			pos += n
		case c >= '0' && c <= '9':
			j := pos
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_') {
				j++
			}
			kind := tInt
			if j+1 < len(src) && src[j] == '.' && src[j+1] >= '0' && src[j+1] <= '9' {
				kind = tFloat
				j++
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			toks = append(toks, token{kind, strings.ReplaceAll(src[pos:j], "_", "")})
			pos = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := pos
			for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			toks = append(toks, token{tName, src[pos:j]})
			pos = j
		default:
			op := operator(src[pos:])
			if op == "" {
				return nil, 0, 0, fmt.Errorf("unexpected character %q", c)
			}
			toks = append(toks, token{tOp, op})
			pos += len(op)
		}
	}
	return nil, 0, 0, fmt.Errorf("unclosed %s tag", open)
}

// operator returns the operator s starts with, the longest, or "".
func operator(s string) string {
	if len(s) >= 2 {
		switch s[:2] {
		case "==", "!=", "<=", ">=", "//", "**":
			return s[:2]
		}
	}
	if strings.IndexByte("+-*/%~<>()[]{},.:|=", s[0]) >= 0 {
		return s[:1]
	}
	return ""
}

// lexString reads a quoted string with Python's escapes.
func lexString(s string) (string, int, error) {
	q := s[0]
	// Most strings have no escape: they are a slice of the template.
	end := strings.IndexAny(s[1:], string(q)+"\\")
	if end >= 0 && s[1+end] == q {
		return s[1 : 1+end], end + 2, nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q:
			return b.String(), i + 1, nil
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '\\', '\'', '"':
				b.WriteByte(s[i])
			default:
				b.WriteByte('\\')
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("unclosed string")
}
