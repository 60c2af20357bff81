package filter

import (
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/spool"
)

// TestGrepSearchesSpoolsAsHeld searches conversations whose long texts
// spools hold, read back a block at a time, with matches across the
// blocks' edges and across the newline that joins two parts, and checks
// that Grep and Context find and show what they do on the texts held.
func TestGrepSearchesSpoolsAsHeld(t *testing.T) {
	filler := strings.Repeat("lorem ipsum é 漢 ", searchBlock/12) // 1.7 blocks
	// edge puts s across byte n of filler.
	edge := func(n int, s string) string {
		return filler[:n-len(s)/2] + s + filler[n-len(s)/2:]
	}
	texts := []string{
		edge(searchBlock+searchBlock/2, "FOX") + "tail",
		strings.Repeat("a", 3*searchBlock) + "b",
		filler + "bad bytes \xff\xfe",
		filler,
	}
	for at := searchBlock - 3; at < searchBlock+4; at++ { // wherever the first block ends
		texts = append(texts, edge(at, "the fox ran"))
	}
	patterns := []string{"fox", "(?i)fox", `\bfox\b`, `f.x r`, "a+b", "\uFFFD", "", "missing", `ipsum\nthe`, `tail$`,
		"ipsum", `\bi`, `(?m)^s`, "漢 |é", `o\B`, `[^a]+$`}
	set := spool.New(t.TempDir(), nil)
	defer set.Close()
	spooled := func(s string) chat.Sink {
		sp := set.Open(chat.LongText)
		if _, err := sp.Write([]byte(s)); err != nil || sp.Close() != nil {
			t.Fatal(err)
		}
		return sp
	}
	held := &chat.Conversation{}
	for _, text := range texts {
		held.Messages = append(held.Messages,
			chat.Message{Role: chat.User, Content: chat.TextContent(text)},
			chat.Message{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{chat.TextPart("short, then ipsum"), chat.TextPart(text)}}})
	}
	long := &chat.Conversation{}
	for _, m := range held.Messages {
		if m.Content.Form == chat.ContentString {
			m.Content = chat.Content{Form: chat.ContentString, Long: spooled(m.Content.Text)}
		} else {
			parts := append([]chat.Part(nil), m.Content.Parts...)
			parts[1].Text, parts[1].Long = "", spooled(parts[1].Text)
			m.Content.Parts = parts
		}
		long.Messages = append(long.Messages, m)
	}
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		// (Every empty match costs a search: TestSpooledSpansAsHeld has
		// them on a short text.)
		for _, spans := range []bool{false, !re.MatchString("")} {
			want, err := Grep(held, re, nil, spans)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Grep(long, re, nil, spans)
			if err != nil || !reflect.DeepEqual(shown(t, got), shown(t, want)) {
				t.Errorf("%q (spans %v): %d matches, %v; held, %d", p, spans, len(got), err, len(want))
			}
			if !spans {
				continue
			}
			for _, color := range []bool{false, true} {
				wantLines, _ := Context(held, want, 1, 1, color)
				gotLines, err := Context(long, got, 1, 1, color)
				if err != nil || !reflect.DeepEqual(gotLines, wantLines) {
					t.Errorf("%q: context lines\n%v, %v\nheld:\n%v", p, gotLines, err, wantLines)
				}
			}
		}
	}
}

// shownMatch is what grep --json shows of a Match.
type shownMatch struct {
	Index int
	Role  chat.Role
	Text  string
	Spans [][]int
}

// shown reads each match's text and spans, held or spooled.
func shown(t *testing.T, matches []Match) []shownMatch {
	var out []shownMatch
	for _, m := range matches {
		text, err := io.ReadAll(m.TextReader())
		if err != nil {
			t.Fatal(err)
		}
		s := shownMatch{Index: m.Index, Role: m.Role, Text: string(text)}
		err = m.EachSpan(func(span []int) bool {
			s.Spans = append(s.Spans, span)
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestSpooledSpansAsHeld finds every match in short spooled texts, empty
// ones among them, as FindAllStringIndex finds them in the texts held.
func TestSpooledSpansAsHeld(t *testing.T) {
	texts := []string{"", "a", "fox é漢 foxx\nxo", "\xff\xfe x\xe6\x97 é\x97 ab", "abab\n\nba"}
	patterns := []string{"", "x*", `\b`, `\B`, "a*", "é*", `(?m)^`, `$`, "b|", `.`, "\uFFFD", "x", "ab"}
	for _, text := range texts {
		for _, p := range patterns {
			re := regexp.MustCompile(p)
			want := re.FindAllStringIndex(text, -1)
			var got [][]int
			err := newSpanFinder(re, io.NewSectionReader(strings.NewReader(text), 0, int64(len(text)))).each(func(span []int) bool {
				got = append(got, span)
				return true
			})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%q in %q: %v, %v; held %v", p, text, got, err, want)
			}
		}
	}
}
