package dataset

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/app"
)

// TestGrepPrintsTheSameFromSpools runs grep, with the flags that change
// what it prints, on JSON Lines with long texts (read into spools and
// searched there) and on the same lines read whole: the outputs must be
// the same, byte for byte, matches inside the long texts and around them
// included.
func TestGrepPrintsTheSameFromSpools(t *testing.T) {
	// (with what json.Marshal escapes: HTML's <, > and &, \b, \f, U+2028)
	long := strings.Repeat(`lorem <ipsum> & é 漢 \b\f\u0001\u2028 \"\\ `, 30000) // 1.4 MB
	mid := len(long) / 2
	lines := []string{
		`{"messages":[{"role":"user","content":"find the fox"},{"role":"assistant","content":"` + long[:mid] + ` the FOX ran ` + long[mid:] + `"},{"role":"user","content":"thanks"}]}`,
		`{"messages":[{"role":"user","content":"` + long + `"},{"role":"assistant","content":"no fox here"}]}`,
		`{"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"text","text":"` + long + `fox"}]},{"role":"assistant","content":"ok"}]}`,
		`{"messages":[{"role":"user","content":"short"},{"role":"assistant","content":"a fox"}]}`,
		`{"messages":[{"role":"user","content":"` + long + `"},{"role":"assistant","content":"` + long + `"}]}`,
	}
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts GrepOptions
	}{
		{"fox", GrepOptions{Pattern: "fox"}},
		{"-i fox", GrepOptions{Pattern: "fox", IgnoreCase: true}},
		{"-c -i fox", GrepOptions{Pattern: "fox", IgnoreCase: true, Count: true}},
		{"-l ran", GrepOptions{Pattern: `\bran\b`, FilesWithMatches: true}},
		{"-C 1 fox", GrepOptions{Pattern: "fox", Before: 1, After: 1}},
		{"-B 1 --role assistant", GrepOptions{Pattern: "o.*x", Before: 1, Roles: []string{"assistant"}}},
		{"--json FOX", GrepOptions{Pattern: "FOX", JSON: true}},
		{"--json -i fox", GrepOptions{Pattern: "fox", IgnoreCase: true, JSON: true}},
		{"--json ipsum", GrepOptions{Pattern: `ipsum>`, JSON: true}},
		{"--json \\bl.r", GrepOptions{Pattern: `\bl.r`, JSON: true}},
		{"--color -C 1 ipsum", GrepOptions{Pattern: "ipsum", Before: 1, After: 1, Color: true}},
		{"--color o.", GrepOptions{Pattern: "o.", Color: true}},
		{"-c none", GrepOptions{Pattern: "nowhere", Count: true}},
		{"-c ipsum\\nlorem", GrepOptions{Pattern: `look\nlorem`, Count: true}},
	} {
		tc.opts.Files = []string{in}
		var spooled, held bytes.Buffer
		serr := Grep(&app.Env{Out: &spooled, Err: io.Discard}, tc.opts)
		herr := grep(&app.Env{Out: &held, Err: io.Discard}, tc.opts)
		if spooled.String() != held.String() || (serr == nil) != (herr == nil) {
			t.Errorf("grep %s: from spools %d bytes, %v:\n%.300s\nread whole %d bytes, %v:\n%.300s", tc.name, spooled.Len(), serr, spooled.String(), held.Len(), herr, held.String())
		}
		if tc.name != "-c none" && herr != nil {
			t.Errorf("grep %s found nothing: the lines do not test it", tc.name)
		}
	}
}
