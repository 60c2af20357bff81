// Package diag writes diagnostics as compilers do, place first, so that
// editors' quickfix parsers (vim's errorformat, Emacs' compilation mode, VS
// Code's problem matchers) jump to them: "FILE:LINE:COL: error: what is
// wrong", "FILE: warning: …", and "convkit: error: …" when there is no
// place.
package diag

import (
	"os"
	"strings"
)

// Line is msg as a diagnostic of severity ("error", "warning"), without
// its newline. When msg starts with its place, "PLACE: what is wrong",
// the severity goes after the place; otherwise the line starts with
// "convkit: ". isFile tells which names are files (see SplitPlace).
func Line(severity, msg string, isFile func(string) bool) string {
	if place, rest, ok := SplitPlace(msg, isFile); ok {
		return place + ": " + severity + ": " + rest
	}
	return "convkit: " + severity + ": " + msg
}

// withoutLineCol returns s without its :LINE or :LINE:COL end, and
// whether it had one. (No regular expression: every process would compile
// it at start-up.)
func withoutLineCol(s string) (string, bool) {
	cut := func(s string) (string, bool) {
		i := strings.LastIndexByte(s, ':')
		if i < 1 || i == len(s)-1 || strings.Trim(s[i+1:], "0123456789") != "" {
			return s, false
		}
		return s[:i], true
	}
	s, ok := cut(s)
	if !ok {
		return s, false
	}
	if t, ok := cut(s); ok {
		return t, true
	}
	return s, true
}

// SplitPlace splits msg at its first ": " when what comes before is a
// place: FILE:LINE:COL, FILE:LINE or FILE, of a FILE that isFile knows.
// Other messages ("--schema x: …", "EXPR:7: …" of a filter expression,
// "anthropic: …" of a format, "stdout: …") have no place.
func SplitPlace(msg string, isFile func(string) bool) (place, rest string, ok bool) {
	head, rest, found := strings.Cut(msg, ": ")
	if !found || head == "" {
		return "", msg, false
	}
	file := head
	if f, ok := withoutLineCol(head); ok && !isFile(head) {
		file = f
	}
	if isFile(file) {
		return head, rest, true
	}
	return "", msg, false
}

// IsFile says whether name is an input's name as convkit's messages say
// it: standard input's (<stdin>, <stdin>:MEMBER), a file or directory
// there is, or a member of one (ARCHIVE.zip:MEMBER).
func IsFile(name string) bool {
	if name == "<stdin>" || strings.HasPrefix(name, "<stdin>:") {
		return true
	}
	if _, err := os.Lstat(name); err == nil {
		return true
	}
	if archive, _, ok := strings.Cut(name, ":"); ok && archive != "" {
		_, err := os.Lstat(archive)
		return err == nil
	}
	return false
}
