package convert

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/internal/jsontree"
)

// Detect picks the format of an input from its first bytes, head, and, as a
// hint, its name. Only readable formats are considered. When none fits, the
// *Error says why, at the place it knows: the input is empty (ErrEmpty),
// still compressed (ErrCompressed), an archive (ErrArchive),
// UTF-16 (ErrUTF16), JSON with a comment (ErrSyntax), a JSON value that is
// no conversation (ErrNotConversation), plain text (ErrPlainText), or none
// of these (ErrUnknownFormat).
func Detect(head []byte, filename string) (*Format, error) {
	return detect(head, filename, false)
}

// DetectLines is Detect for a head that is the start of JSON Lines whose
// first line goes on past it: the formats that read a line of that shape
// score as for a short line.
func DetectLines(head []byte, filename string) (*Format, error) {
	return detect(head, filename, true)
}

func detect(head []byte, filename string, lines bool) (*Format, error) {
	if err := notConversationFile(head); err != nil {
		return nil, err
	}
	shape := newShape(head, filename)
	shape.Lines = shape.Lines || lines
	if err := jsonComment(head, shape); err != nil {
		return nil, err
	}
	if f := likeliest(shape); f != nil {
		return f, nil
	}
	if err := topLevelScalar(head); err != nil {
		return nil, err
	}
	if looksLikeText(shape.Head) {
		return nil, &Error{Pos: Pos{1, 1}, Msg: "this looks like plain text, not a conversation", Err: ErrPlainText}
	}
	return nil, &Error{Msg: fmt.Sprintf("cannot tell the format of this input (convkit reads %s)", strings.Join(readableNames(), ", ")), Err: ErrUnknownFormat}
}

// likeliest returns the readable format that scores highest for shape, the
// first in help order among equals, or nil when none scores.
func likeliest(shape *Shape) *Format {
	type scored struct {
		f     *Format
		score int
	}
	var cands []scored
	for _, f := range registry {
		if f.CanRead() && f.Sniff != nil {
			if s := f.Sniff(shape); s > 0 {
				cands = append(cands, scored{f, s})
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return cands[0].f
}

func readableNames() []string {
	var names []string
	for _, f := range registry {
		if f.CanRead() {
			names = append(names, f.Name)
		}
	}
	return names
}

// otherFiles are kinds of file that their first bytes give away and that
// hold no conversation convkit can read as they are. Callers decompress
// an input and open a zip archive before Detect (see internal/codec), so
// these are a second layer: a .jsonl.gz.gz, a .zip.gz.
var otherFiles = []struct {
	magic string
	kind  error
	msg   string
}{
	{"\x1f\x8b", ErrCompressed, compressed("a gzip")},
	{"\x28\xb5\x2f\xfd", ErrCompressed, compressed("a zstd")},
	{"BZh", ErrCompressed, compressed("a bzip2")},
	{"\xfd7zXZ\x00", ErrCompressed, compressed("an xz")},
	{"PK\x03\x04", ErrArchive, "this is a zip archive inside a compressed file; convkit reads a zip as it is, or one compressed file"},
}

func compressed(how string) string {
	return "this is " + how + "-compressed file inside another; convkit decompresses one layer"
}

// notConversationFile says why head cannot start a conversation file when
// that shows before any format is tried: the input is empty, a compressed
// file, an archive or UTF-16.
func notConversationFile(head []byte) error {
	if len(bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))) == 0 {
		return &Error{Msg: "empty input: no conversation", Err: ErrEmpty}
	}
	for _, f := range otherFiles {
		// bzip2's magic ends with a block size, a digit 1 to 9.
		if bytes.HasPrefix(head, []byte(f.magic)) && (f.magic != "BZh" || len(head) > 3 && head[3] >= '1' && head[3] <= '9') {
			return &Error{Pos: Pos{1, 1}, Msg: f.msg, Err: f.kind}
		}
	}
	if jsontree.LooksUTF16(head) {
		return &Error{Pos: Pos{1, 1}, Msg: jsontree.UTF16Message, Err: ErrUTF16}
	}
	return nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

// jsonComment returns the error that reading JSON gives at the first // or
// /* comment of JSON-like input, if head holds one: no reader could go
// past it, and one sniffed from what the comment hides could say less.
// The error is the parser's, so that every command words it the same.
func jsonComment(head []byte, shape *Shape) error {
	at := commentAt(head)
	if at < 0 {
		return nil
	}
	start, firstLine := 0, 1
	if shape.Lines { // each line is a document of its own
		start = bytes.LastIndexByte(head[:at], '\n') + 1
		firstLine += bytes.Count(head[:start], []byte("\n"))
	}
	// Cut after the comment's '/', which no JSON value can hold: the
	// parser stops there, or at a mistake before it.
	if _, err := jsontree.Parse(head[start:at+1], jsontree.Options{FirstLine: firstLine}); err != nil {
		return located(err)
	}
	return nil
}

// commentAt returns the offset of the first // or /* outside strings in
// head when head starts like JSON (or with the comment), or -1.
func commentAt(head []byte) int {
	from := len(head) - len(bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n"))
	if from == len(head) || !strings.ContainsRune("{[/", rune(head[from])) {
		return -1
	}
	var strs jsonStrings
	for i := from; i < len(head)-1; i++ {
		if strs.outside(head[i]) && head[i] == '/' && (head[i+1] == '/' || head[i+1] == '*') {
			return i
		}
	}
	return -1
}

// topLevelScalar returns the error for input whose first line is a JSON
// string, number, boolean or null: the same one the JSON formats give.
func topLevelScalar(head []byte) error {
	from := len(head) - len(bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n"))
	if !strings.ContainsRune(`"-0123456789tfn`, rune(head[from])) {
		return nil
	}
	end := len(head)
	if nl := bytes.IndexByte(head[from:], '\n'); nl >= 0 {
		end = from + nl
	}
	v, err := jsontree.Parse(head[:end], jsontree.Options{})
	if err != nil {
		return nil // not JSON, as "1. Buy milk" is not
	}
	return notConversation(v, "")
}

// looksLikeText reports whether head is text: UTF-8, with no control
// characters but white space and escape. Its last character may be cut.
func looksLikeText(head []byte) bool {
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return !utf8.FullRune(head[i:])
		case r < 0x20 && !strings.ContainsRune("\t\n\v\f\r\x1b", r), r == 0x7f:
			return false
		}
		i += size
	}
	return true
}
