package convert

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// yamlRoundTrip writes c as yaml and reads it back.
func yamlRoundTrip(t *testing.T, c *chat.Conversation) (*chat.Conversation, string) {
	t.Helper()
	f := mustFormat(t, "yaml")
	out := encodeAll(t, f, []*chat.Conversation{c})
	convs, err := decodeWith(f, out, DecodeOptions{})
	if err != nil || len(convs) != 1 {
		t.Fatalf("reading back %q: %v (%d conversations)", out, err, len(convs))
	}
	return convs[0], string(out)
}

// TestYAMLStringsExact: any string written as yaml reads back byte for
// byte, whatever yaml.v3 would fold or resolve (line separators, NEL,
// trailing spaces, tabs, breaks at either end, controls, numbers).
func TestYAMLStringsExact(t *testing.T) {
	pieces := []string{" ", "  ", "\t", "\n", "\r", "\r\n", "a", "b c", "#", ": ", "- ", "-", "'", `"`, `\`,
		"\u2028", "\u2029", "\u0085", "\u00a0", "\ufeff", "\x00", "\x01", "\x1b", "\x7f", "\u0080", "\u009f", "é", "😀",
		"0", "1", "017", "0o17", "0x1F", "1e400", ".5", "+", "e", ".", "_", "yes", "no", "~", "null", "true", "False",
		".inf", ".NaN", "---", "...", "|", ">", "[", "{", "&a", "*a", "!", "%", "@", "`", "?", ",", "2001-12-14"}
	check := func(s string) {
		t.Helper()
		c := &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent(s)}}}
		back, out := yamlRoundTrip(t, c)
		if got := back.Messages[0].Content.Text; got != s {
			t.Errorf("%q read back as %q; yaml:\n%s", s, got, out)
		}
	}
	for _, p := range pieces {
		check(p)
		check(" " + p + " ")
		check("x" + p + "y\n")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
}

// TestYAMLNumbers: numbers read back as the JSON numbers they were, and
// strings that look like numbers stay strings.
func TestYAMLNumbers(t *testing.T) {
	doc := `{"messages":[{"role":"user","content":"n"}],"x":1e400,"y":-0,"z":1.50,"w":123456789012345678901234567890,` +
		`"v":-1.5E-7,"s":"1e400","t":"017","u":"yes","r":"0o17","q":"1_000","p":"99999999999999999999999","b":true,"n":null}`
	convs := decodeAll(t, mustFormat(t, "api"), []byte(doc))
	out := encodeAll(t, mustFormat(t, "yaml"), convs)
	back := encodeAll(t, mustFormat(t, "api"), decodeAll(t, mustFormat(t, "yaml"), out))
	if string(compacted(t, back)) != doc {
		t.Errorf("read back as\n%s\nfrom\n%s", compacted(t, back), out)
	}
}

// TestYAMLCoreSchema: plain scalars are read by YAML 1.2's core schema,
// not YAML 1.1's.
func TestYAMLCoreSchema(t *testing.T) {
	src := "messages: []\na: 017\nb: 0b101\nc: 1_000\nd: yes\ne: 0o17\nf: 0x1F\ng: +.5\nh: 1.\ni: !!str 5\n" +
		"j: ~\nk: True\nl: 2001-12-14\nm: 1:20\nn: -0\no: 1.50\np: 'true'\n"
	want := `{"messages":[],"a":17,"b":"0b101","c":"1_000","d":"yes","e":15,"f":31,"g":0.5,"h":1,"i":"5",` +
		`"j":null,"k":true,"l":"2001-12-14","m":"1:20","n":-0,"o":1.50,"p":"true"}`
	got := compacted(t, encodeAll(t, mustFormat(t, "api"), decodeAll(t, mustFormat(t, "yaml"), []byte(src))))
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{"messages: []\nx: .inf\n", "messages: []\nx: .nan\n"} {
		if _, err := decodeWith(mustFormat(t, "yaml"), []byte(bad), DecodeOptions{}); err == nil || !strings.Contains(err.Error(), "no JSON form") {
			t.Errorf("%q: %v, want no JSON form", bad, err)
		}
	}
}

func compacted(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return buf.Bytes()
}

// TestYAMLSyntaxLines: a syntax error names the line yaml.v3 knows of,
// counted from 1 (its parser counts from 0): the unclosed collection's.
func TestYAMLSyntaxLines(t *testing.T) {
	for src, want := range map[string]string{
		"- role: user\n  content: [1,2\n": "2:1: did not find expected ',' or ']'",
		"a: 1\nb: {x: 1\n":                "2:1: did not find expected ',' or '}'",
		"a: 1\nb: 2\n- role: user\n":      "3:1: did not find expected key",
		"a: 1\nb: \"x\n":                  "2:1: found unexpected end of stream",
		"a: 1\nb: @x\n":                   "2:1: found character that cannot start any token",
	} {
		_, err := decodeWith(mustFormat(t, "yaml"), []byte(src), DecodeOptions{})
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %s", src, err, want)
		}
	}
}
