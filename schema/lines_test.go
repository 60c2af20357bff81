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

// TestCheckingLinesAllocatesPerBlock checks that validating JSON Lines
// allocates for each block it reads, not for each line: the garbage
// collector, which runs every few megabytes allocated, kept two cores at
// 0.7 of twice one's speed while every line allocated its tree.
func TestCheckingLinesAllocatesPerBlock(t *testing.T) {
	lines := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `{"messages":[{"role":"system","content":"Be \"brief\".\n"},{"role":"user","content":"question %d: é\tß?"},`+
				`{"role":"assistant","content":null,"tool_calls":[{"id":"c%d","type":"function","function":{"name":"f","arguments":"{\"x\": %d}"}}]},`+
				`{"role":"tool","tool_call_id":"c%d","content":"%d"},{"role":"assistant","content":"answer\n\n- %d"}]}`+"\n", i, i, i, i, i, i)
		}
		return b.String()
	}
	allocs := func(data string) float64 {
		return testing.AllocsPerRun(1, func() {
			err := New(Options{}).CheckAt(strings.NewReader(data), int64(len(data)), true, func(p Problem) { t.Fatal(p) })
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	few, many := allocs(lines(1000)), allocs(lines(10000))
	if per := (many - few) / 9000; per > 0.05 {
		t.Errorf("%.3f allocations a line (%v for 1,000 lines, %v for 10,000), want at most 0.05", per, few, many)
	}
}
