package convert

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/longtest"
)

// checkSpooledArguments checks that arguments read in pieces of every
// size up to 7 bytes are taken for an object exactly when argumentsJSON
// makes one, and that memberWriter then writes the object as
// argumentsJSON, pythonJSON and json.Indent (at a margin) have it.
func checkSpooledArguments(t *testing.T, args string) {
	t.Helper()
	want := argumentsJSON(args)
	for size := 1; size <= 7; size++ {
		object, err := spoolIsObject(&pieces{args, size})
		if err != nil {
			t.Fatal(err)
		}
		if object != (want != nil) {
			t.Fatalf("%q: object %v, argumentsJSON %q", args, object, want)
		}
		if !object {
			return
		}
		var indented bytes.Buffer
		json.Indent(&indented, want, "    ", "\t")
		for _, c := range []struct {
			w    memberWriter
			want string
		}{
			{memberWriter{}, string(want)},
			{memberWriter{spaced: true}, pythonJSON(want)},
			{memberWriter{margin: "    ", indent: "\t"}, indented.String()},
		} {
			var out bytes.Buffer
			c.w.w = &out
			if err := copyPlain(&c.w, &pieces{args, size}); err != nil {
				t.Fatal(err)
			}
			if got := "{" + out.String() + "}"; got != c.want {
				t.Fatalf("%q in pieces of %d, spaced %v, indent %q:\n%s\nwant\n%s", args, size, c.w.spaced, c.w.indent, got, c.want)
			}
		}
	}
}

// randomJSON writes a random JSON value of at most depth levels, with
// random white space between its tokens.
func randomJSON(r *rand.Rand, b *strings.Builder, depth int) {
	space := func() {
		for range r.IntN(3) {
			b.WriteByte(" \t\n\r"[r.IntN(4)])
		}
	}
	space()
	kind := r.IntN(8)
	if depth == 0 {
		kind = 2 + r.IntN(6)
	}
	switch kind {
	case 0, 1:
		open, end := "{", "}"
		if kind == 1 {
			open, end = "[", "]"
		}
		b.WriteString(open)
		for i := range r.IntN(4) {
			if i > 0 {
				space()
				b.WriteString(",")
			}
			if kind == 0 {
				space()
				randomString(r, b)
				space()
				b.WriteString(":")
			}
			randomJSON(r, b, depth-1)
		}
		space()
		b.WriteString(end)
	case 2, 3:
		randomString(r, b)
	case 4, 5:
		b.WriteString([]string{"0", "-0", "12", "-3.25", "1e5", "2.5E-3", "6e+02", "-0.0e0"}[r.IntN(8)])
	default:
		b.WriteString([]string{"true", "false", "null"}[r.IntN(3)])
	}
	space()
}

func randomString(r *rand.Rand, b *strings.Builder) {
	b.WriteByte('"')
	for range r.IntN(6) {
		b.WriteString([]string{`a`, `,`, `:`, ` `, `{`, `]`, `\"`, `\\`, `\/`, `\n`, `\u00e9`, `\ud83d\ude00`, `é`, `漢字`, `😀`, "\u2028", "\xff"}[r.IntN(17)])
	}
	b.WriteByte('"')
}

// TestSpooledArguments compares spoolIsObject and memberWriter with
// argumentsJSON and the writers' spacing on hand-made cases and on
// random JSON objects, whole, cut, and with a byte changed.
func TestSpooledArguments(t *testing.T) {
	for _, args := range []string{
		"", "   ", "\u00a0\u2028\v", "{}", " {} ", "\u00a0{\"a\":1}\u3000\f", "{} x", "{}\xff", "\xff{}",
		`{"a":[1,2,{"b":null}],"c":"x, y: z"}`, `{"a":1,}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":1e}`,
		`{"a":tru}`, `{"a":"\x"}`, `{"a":"\u12"}`, "{\"a\":\"\x01\"}", `{"a" 1}`, `{1:2}`, `[]`, `"{}"`, `{"a":1}}`,
		`{"a":[]]}`, `{"a":{"b":{}}}`, `{"a":[[],{}]}`, `{"a":"\\"}`, `{"a":"\\\"}`, `{"a":-0.5E+10}`,
	} {
		checkSpooledArguments(t, args)
	}
	// As deep as encoding/json goes, and one level deeper. Indented, the
	// first is about 10^8 bytes (seconds): go test checks only that it is
	// taken for an object as argumentsJSON takes it.
	for _, depth := range []int{maxJSONDepth - 1, maxJSONDepth} {
		args := "{\"a\":" + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "}"
		if longtest.Enabled {
			checkSpooledArguments(t, args)
			continue
		}
		if object, err := spoolIsObject(&pieces{args, 7}); err != nil || object != (argumentsJSON(args) != nil) {
			t.Errorf("%d levels deep: object %v, %v; argumentsJSON %q", depth, object, err, argumentsJSON(args))
		}
	}
	r := rand.New(rand.NewPCG(1, 22))
	for range longtest.Scale(200, 1000) {
		var b strings.Builder
		b.WriteString([]string{"", " ", "\u00a0", "\n\t"}[r.IntN(4)])
		b.WriteString("{")
		randomString(r, &b)
		b.WriteString(":")
		randomJSON(r, &b, 4)
		if r.IntN(2) == 0 {
			b.WriteString(",\"k\":")
			randomJSON(r, &b, 4)
		}
		b.WriteString("}")
		b.WriteString([]string{"", " ", "\u3000", "\r\n"}[r.IntN(4)])
		args := b.String()
		checkSpooledArguments(t, args)
		checkSpooledArguments(t, args[:r.IntN(len(args))])
		changed := []byte(args)
		const swaps = "{}[],:\"\\ 0-e.tx"
		changed[r.IntN(len(changed))] = swaps[r.IntN(len(swaps))]
		checkSpooledArguments(t, string(changed))
	}
}

func FuzzSpooledArguments(f *testing.F) {
	for _, s := range []string{"{}", ` {"a": [1, "x\"y", {"b": -2.5e3}]} `, "{\"a\":\"\u2028\"}\u00a0", `{"a":1,}`} {
		f.Add(s)
	}
	f.Fuzz(checkSpooledArguments)
}
