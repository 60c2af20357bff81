package schema

import (
	"fmt"
	"strings"
	"testing"
)

// TestLinesAcrossBlocks checks that JSON Lines read a block at a time keep
// their line numbers: broken lines on both sides of block ends, a line
// longer than a block, blank lines, a byte order mark, no final newline,
// read in pieces of every size by one goroutine, and read by the workers
// (CheckAt), each finding the lines of its own blocks.
func TestLinesAcrossBlocks(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xef\xbb\xbf")
	var want []int
	long := strings.Repeat("x", 3*blockBytes)
	for n := 1; n <= 9000; n++ {
		switch {
		case n%1111 == 0:
			b.WriteString(`{"messages":[]}`) // one problem: no message
			want = append(want, n)
		case n == 4000:
			b.WriteString(`{"messages":[{"role":"user","content":"` + long + `"}]}`)
		case n%700 == 0:
			b.WriteString("  ")
		default:
			fmt.Fprintf(&b, `{"messages":[{"role":"user","content":"%s"},{"role":"assistant","content":"ok"}]}`, strings.Repeat("y", 1+n%900))
		}
		if n < 9000 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\n" + `{"messages":[]}`) // the last line, with no newline
	want = append(want, 9001)
	for _, piece := range []int{1 << 10, 64 << 10, 1 << 30} {
		var got []int
		v := New(Options{})
		err := v.Check(&pieces{strings.NewReader(b.String()), piece}, true, func(p Problem) {
			got = append(got, p.Pos.Line)
		})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("pieces of %d bytes: problems on lines %v, want %v", piece, got, want)
		}
	}
	var got []int
	err := New(Options{}).CheckAt(strings.NewReader(b.String()), int64(b.Len()), true, func(p Problem) { got = append(got, p.Pos.Line) })
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("read by the workers: problems on lines %v, want %v", got, want)
	}
}
