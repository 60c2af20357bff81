package convert

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/termsafe"
)

// Long texts through the text formats (text, markdown, html). Each writer
// renders a conversation whose spooled strings are markers (renderText)
// and says how each is copied in (a copier that transforms it a buffer at
// a time); what a writer must know of a whole text before it writes it
// (its first or last byte, its longest run of backticks) it reads from the
// spool first, without holding it.

// readThrough gives each buffer of sp's string to f, in order, until f
// returns false.
func readThrough(sp chat.Spool, f func([]byte) bool) error {
	err := readAll(sp.Open(), func(b []byte) error {
		if !f(b) {
			return errEnough
		}
		return nil
	})
	if err == errEnough {
		return nil
	}
	return err
}

// errEnough stops readAll for readThrough.
var errEnough = errors.New("read enough")

// firstByte returns the first byte of sp's string (a spool's string is
// never empty).
func firstByte(sp chat.Spool) (byte, error) {
	var b [1]byte
	_, err := io.ReadFull(sp.Open(), b[:])
	return b[0], err
}

// lastByte returns the last byte of sp's string.
func lastByte(sp chat.Spool) (byte, error) {
	r := sp.Open()
	if s, ok := r.(io.ReadSeeker); ok {
		if _, err := s.Seek(-1, io.SeekEnd); err != nil {
			return 0, err
		}
		var b [1]byte
		_, err := io.ReadFull(s, b[:])
		return b[0], err
	}
	var last byte
	err := readThrough(sp, func(b []byte) bool { last = b[len(b)-1]; return true })
	return last, err
}

// firstLineEndsInCR reports whether the first line of sp's string (to its
// first newline, or its end) ends with a carriage return.
func firstLineEndsInCR(sp chat.Spool) (bool, error) {
	var last byte
	err := readThrough(sp, func(b []byte) bool {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			if i > 0 {
				last = b[i-1]
			}
			return false
		}
		last = b[len(b)-1]
		return true
	})
	return last == '\r', err
}

// longestBacktickRun returns the length of the longest run of backticks
// in sp's string.
func longestBacktickRun(sp chat.Spool) (int, error) {
	var runs backtickRuns
	err := readThrough(sp, func(b []byte) bool {
		addBackticks(&runs, b)
		return true
	})
	return runs.longest, err
}

// backtickRuns follows the runs of backticks of a text read in parts.
type backtickRuns struct{ longest, run int }

// addBackticks follows runs through the next part of the text, s.
func addBackticks[T string | []byte](runs *backtickRuns, s T) {
	for i := range len(s) {
		if s[i] == '`' {
			runs.run++
			runs.longest = max(runs.longest, runs.run)
		} else {
			runs.run = 0
		}
	}
}

// readLine reads br through its next newline, giving each part read to
// f; newline is false when the text ends first.
func readLine(br *bufio.Reader, f func(chunk []byte) error) (newline bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if ferr := f(chunk); ferr != nil {
			return false, ferr
		}
		switch err {
		case nil:
			return true, nil
		case io.EOF:
			return false, nil
		case bufio.ErrBufferFull:
		default:
			return false, err
		}
	}
}

// copyDataLength is the text writer's copier for the data of a data:
// URL longer than 64 bytes, whose placeholder (shortURL) tells the data's
// length in its place.
func copyDataLength(w io.Writer, r io.Reader) error {
	n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, make([]byte, 64<<10))
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, strings.TrimPrefix(dataURLSummary("", n), ","))
	return err
}

// argumentsLineCopier returns the text writer's copier for a tool call's
// spooled arguments, which it writes on one line as oneLine does: as
// they are without CR or LF, else compacted if JSON, else with CR and LF
// escaped; cleaned for a terminal with clean. It reads them once first.
func argumentsLineCopier(sp chat.Spool, clean bool) (copier, error) {
	breaks, valid, err := readArguments(sp)
	if err != nil {
		return nil, err
	}
	// add appends what becomes of c, in a JSON string or not, to out.
	add := func(out []byte, c byte, _ bool) []byte { return append(out, c) }
	switch {
	case breaks && valid:
		add = func(out []byte, c byte, inString bool) []byte {
			if !inString && jsonSpace(c) {
				return out
			}
			return append(out, c)
		}
	case breaks:
		add = func(out []byte, c byte, _ bool) []byte {
			switch c {
			case '\r':
				return append(out, `\r`...)
			case '\n':
				return append(out, `\n`...)
			}
			return append(out, c)
		}
	}
	return func(w io.Writer, r io.Reader) error {
		var cleaned *termsafe.Writer
		if clean {
			cleaned = &termsafe.Writer{W: w}
			w = cleaned
		}
		var js jsonScan
		var out []byte
		err := readAll(r, func(b []byte) error {
			out = out[:0]
			for _, c := range b {
				out = add(out, c, js.inString)
				js.step(c)
			}
			_, err := w.Write(out)
			return err
		})
		if err == nil && cleaned != nil {
			err = cleaned.Flush()
		}
		return err
	}, nil
}

// readArguments reads sp's arguments through: whether they hold CR or LF,
// and whether they are JSON, as json.Valid has it.
func readArguments(sp chat.Spool) (breaks, valid bool, err error) {
	check := jsonCheck{}
	valid = true
	err = readThrough(sp, func(b []byte) bool {
		breaks = breaks || bytes.ContainsAny(b, "\r\n")
		for i := 0; valid && i < len(b); i++ {
			valid = check.step(b[i])
		}
		return true
	})
	valid = valid && len(check.open) == 0 && (check.state == jsAfter || check.state == jsZero ||
		check.state == jsInt || check.state == jsFraction || check.state == jsExp)
	return breaks, valid, err
}

// argumentsHTMLCopier returns the HTML writer's copier for a tool call's
// spooled arguments, which it shows as prettyJSON has them: indented as
// json.Indent indents JSON (with no prefix, two spaces), else as they
// are; escaped for HTML. It reads them once first.
func argumentsHTMLCopier(sp chat.Spool) (copier, error) {
	_, valid, err := readArguments(sp)
	if err != nil || !valid {
		return copyHTMLEscaped, err
	}
	return func(w io.Writer, r io.Reader) error {
		var js jsonScan
		var out []byte
		depth, started, needIndent := 0, false, false
		newline := func() { out = append(append(out, '\n'), strings.Repeat("  ", depth)...) }
		return readAll(r, func(b []byte) error {
			out = out[:0]
			for _, c := range b {
				inString := js.inString
				js.step(c)
				switch {
				case inString:
					out = append(out, c)
					continue
				case jsonSpace(c):
					if started && depth == 0 && !needIndent {
						out = append(out, c) // after the value: json.Indent keeps it
					}
					continue
				}
				started = true
				if needIndent && c != '}' && c != ']' {
					needIndent = false
					depth++
					newline()
				}
				switch c {
				case '{', '[':
					needIndent = true // an empty one stays {} or []
					out = append(out, c)
				case ',':
					out = append(out, c)
					newline()
				case ':':
					out = append(out, c, ' ')
				case '}', ']':
					if needIndent {
						needIndent = false
					} else {
						depth--
						newline()
					}
					out = append(out, c)
				default:
					out = append(out, c)
				}
			}
			_, err := (&htmlEscaper{w: w}).Write(out)
			return err
		})
	}, nil
}

// readAll gives each buffer r reads to f.
func readAll(r io.Reader, f func([]byte) error) error {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if ferr := f(buf[:n]); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// copyTextLines returns the copier of the text writer for sp, a text that
// starts a line: each line the reader would misread gets one more
// backslash, as renderContent does, and with clean the text is cleaned
// for a terminal, as termsafe.Clean does.
func copyTextLines(sp chat.Spool, clean bool) copier {
	return func(w io.Writer, r io.Reader) error {
		var cleaned *termsafe.Writer
		if clean {
			cleaned = &termsafe.Writer{W: w}
			w = cleaned
		}
		br := bufio.NewReaderSize(r, 64<<10)
		var off int64 // where in the text br reads next
		for {
			escape, err := lineNeedsEscape(br, sp, off)
			if err != nil {
				return err
			}
			if escape {
				if _, err := w.Write([]byte{'\\'}); err != nil {
					return err
				}
			}
			newline, err := readLine(br, func(chunk []byte) error {
				off += int64(len(chunk))
				_, err := w.Write(chunk)
				return err
			})
			if err != nil {
				return err
			}
			if !newline {
				if cleaned != nil {
					return cleaned.Flush()
				}
				return nil
			}
		}
	}
}

// lineNeedsEscape reports whether the line br reads next, at off in sp's
// text, matches needsEscape. A line longer than br's buffer is read from
// a second reader of the spool, as far as the match needs.
func lineNeedsEscape(br *bufio.Reader, sp chat.Spool, off int64) (bool, error) {
	head, err := br.Peek(1)
	if len(head) == 0 || !mayNeedEscape(head[0]) {
		if err == io.EOF {
			err = nil
		}
		return false, err
	}
	buf, _ := br.Peek(br.Buffered()) // the line is most often there: no filling the buffer a line at a time
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		return needsEscape().Match(buf[:i]), nil
	}
	buf, err = br.Peek(br.Size())
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		return needsEscape().Match(buf[:i]), nil
	}
	if err == io.EOF {
		return needsEscape().Match(buf), nil
	}
	if err != nil && err != bufio.ErrBufferFull {
		return false, err
	}
	r, err := chat.SpoolFrom(sp, off)
	if err != nil {
		return false, err
	}
	line := &lineRunes{r: bufio.NewReader(r)}
	escape := needsEscape().MatchReader(line)
	return escape, line.err
}

// mayNeedEscape reports whether a line that starts with c may match
// needsEscape.
func mayNeedEscape(c byte) bool {
	return c == '\\' || c == '[' || c == '-' || c == '"' || 'A' <= c && c <= 'Z'
}

// lineRunes reads the runes of one line: it ends before a newline.
type lineRunes struct {
	r   *bufio.Reader
	err error
}

func (l *lineRunes) ReadRune() (rune, int, error) {
	c, size, err := l.r.ReadRune()
	if err != nil && err != io.EOF {
		l.err = err
	}
	if err != nil || c == '\n' {
		return 0, 0, io.EOF
	}
	return c, size, nil
}

// escapeHTML appends s to b escaped as html.EscapeString escapes it.
func escapeHTML(b, s []byte) []byte {
	for _, c := range s {
		switch c {
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&#34;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// htmlEscaper writes what is written to it to w, escaped as
// html.EscapeString escapes it (byte by byte: a write may end anywhere).
type htmlEscaper struct {
	w   io.Writer
	buf []byte
}

func (h *htmlEscaper) Write(b []byte) (int, error) {
	h.buf = escapeHTML(h.buf[:0], b)
	if _, err := h.w.Write(h.buf); err != nil {
		return 0, err
	}
	return len(b), nil
}

// copyHTMLEscaped copies a string as it is, escaped for HTML.
func copyHTMLEscaped(w io.Writer, r io.Reader) error {
	return copyPlain(&htmlEscaper{w: w}, r)
}

// copyJSONInHTML copies a string escaped as the inside of a JSON string,
// then for HTML: as a part's JSON, shown in a page.
func copyJSONInHTML(w io.Writer, r io.Reader) error {
	e := &jsonEscaper{w: &htmlEscaper{w: w}}
	if err := copyPlain(e, r); err != nil {
		return err
	}
	return e.flush()
}

// spoolSize returns the length of sp's string in bytes.
func spoolSize(sp chat.Spool) (int64, error) {
	if s, ok := sp.Open().(io.Seeker); ok {
		return s.Seek(0, io.SeekEnd)
	}
	var n int64
	err := readThrough(sp, func(b []byte) bool { n += int64(len(b)); return true })
	return n, err
}
