package clidoc

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// Width is the widest line help prints.
const Width = 100

// HelpWriter is where help is printed: it wraps lines wider than
// Width at spaces, indenting the rest under the text the line's
// column layout starts (a flag's usage, a command's summary). Help comes
// in pieces (a table's cells), so a line is held until it ends.
type HelpWriter struct {
	W       io.Writer
	pending []byte
}

func (h *HelpWriter) Write(p []byte) (int, error) {
	h.pending = append(h.pending, p...)
	end := bytes.LastIndexByte(h.pending, '\n')
	if end < 0 {
		return len(p), nil
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(h.pending[:end+1]), "\n") {
		if line != "" {
			b.WriteString(WrapLine(strings.TrimSuffix(line, "\n"), Width))
			b.WriteByte('\n')
		}
	}
	h.pending = append(h.pending[:0], h.pending[end+1:]...)
	if _, err := io.WriteString(h.W, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// WrapLine wraps line at spaces to width columns, but for an example (a
// convkit command indented as a description's examples are), which must
// stay one line to be pasted; the lines it adds
// are indented to the column where the line's last column of text starts
// (after the first run of two or more spaces past its indentation), or to
// its indentation.
func WrapLine(line string, width int) string {
	if utf8.RuneCountInString(line) <= width || strings.HasPrefix(line, "      convkit ") {
		return line
	}
	indent := len(line) - len(strings.TrimLeft(line, " "))
	if gap := strings.Index(line[indent:], "  "); gap >= 0 {
		start := indent + gap
		text := start + len(line[start:]) - len(strings.TrimLeft(line[start:], " "))
		if text < width/2 {
			indent = text
		}
	}
	var b strings.Builder
	pad := strings.Repeat(" ", indent)
	for utf8.RuneCountInString(line) > width {
		cut := strings.LastIndex(line[:width+1], " ")
		if cut <= indent {
			break // one word wider than the line: leave it
		}
		b.WriteString(strings.TrimRight(line[:cut], " "))
		b.WriteString("\n")
		line = pad + strings.TrimLeft(line[cut:], " ")
	}
	b.WriteString(line)
	return b.String()
}
