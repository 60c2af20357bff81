package jsontree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, "1:1: empty input: no JSON value"},
		{"\n\n  ", "3:3: empty input: no JSON value"},
		{`{"a":1,"a":2}`, `1:8: duplicate key "a" (first at 1:2)`},
		{`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k2":9}`, `1:65: duplicate key "k2" (first at 1:16)`},
		{"[\"\xff\"]", "1:3: invalid UTF-8 in a string"},
		{"[\"a\nb\"]", "1:4: unterminated string (a raw newline must be written \\n)"},
		{`[1,]`, "1:4: trailing comma before ']'"},
		{`{"a":1,}`, "1:8: trailing comma before '}'"},
		{`[01]`, "1:3: number with a leading zero"},
		{`[1.]`, "1:4: unexpected character ']' in a number, expected a digit"},
		{`{"a" 1}`, "1:6: unexpected character '1' after an object key, expected ':'"},
		{"[\x00]", "1:2: unexpected NUL byte, expected a JSON value"},
		{`nul`, "1:1: unexpected character 'n', expected a JSON value"},
		{`[1] 2`, "1:5: unexpected character '2' after the JSON value"},
		{`"\x"`, `1:2: invalid escape \x in a string`},
		{strings.Repeat("[", 100000), "1:502: nesting deeper than 500 levels"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in), Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%.40q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
}

// TestParseAgreesWithEncodingJSON checks values against encoding/json on
// input both accept, and that positions and Src point at each value.
func TestParseAgreesWithEncodingJSON(t *testing.T) {
	in := "\xef\xbb\xbf{\n  \"s\": \"a\\u00e9\\ud83d\\ude00\\n\\\"\",\n  \"n\": [1.50, -2e3, 0],\n  \"o\": {\"t\": true, \"f\": false, \"z\": null}\n}"
	v, err := Parse([]byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want any
	json.Unmarshal([]byte(in[3:]), &want)
	if got := toAny(v); !reflect.DeepEqual(got, want) {
		t.Errorf("values differ:\n got %#v\nwant %#v", got, want)
	}
	n := v.Get("n")
	if n.Pos != (Pos{3, 8}) || string(n.Items[0].Src) != "1.50" || n.Items[1].Pos != (Pos{3, 15}) {
		t.Errorf("n at %v, first %q, second at %v", n.Pos, n.Items[0].Src, n.Items[1].Pos)
	}
	if got := string(v.Get("o").Compact()); got != `{"t":true,"f":false,"z":null}` {
		t.Errorf("Compact = %s", got)
	}
	if v, _ := Parse([]byte(`"x"`), Options{FirstLine: 7}); v.Pos != (Pos{7, 1}) {
		t.Errorf("FirstLine: position %v, want 7:1", v.Pos)
	}
}

func toAny(v *Value) any {
	switch v.Kind {
	case Object:
		m := map[string]any{}
		for _, mb := range v.Members {
			m[mb.Key] = toAny(mb.Value)
		}
		return m
	case Array:
		a := []any{}
		for _, it := range v.Items {
			a = append(a, toAny(it))
		}
		return a
	case String:
		return v.Str
	case Number:
		var f float64
		json.Unmarshal(v.Src, &f)
		return f
	case Bool:
		return v.Bool
	}
	return nil
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"\ud83d\ude00"`, `[1e5,-0.5]`, "\xef\xbb\xbf[]",
		`{"content":"a plain run of ASCII text, then \n\t\"escapes\" and é, 中文, \u00e9\ud83d\ude00 and more text"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data, Options{})
		// A Parser, its memory used before, gives Parse's tree or error.
		var p Parser
		p.Parse([]byte(`{"a":["b\n",{"c":[1,2]}]}`), Options{})
		if reused, rerr := p.Parse(data, Options{}); fmt.Sprint(rerr) != fmt.Sprint(err) || !reflect.DeepEqual(reused, v) {
			t.Fatalf("%q: a Parser gives %v, %v; Parse %v, %v", data, reused, rerr, v, err)
		}
		if err != nil {
			return
		}
		// Whatever convkit accepts, encoding/json accepts too, and reads
		// as the same values (the strings decoded alike), shared or not.
		if !json.Valid(v.Compact()) {
			t.Fatalf("accepted %q, but its compact form %q is not JSON", data, v.Compact())
		}
		d := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
		d.UseNumber()
		var want any
		if err := d.Decode(&want); err != nil {
			t.Fatalf("accepted %q, which encoding/json refuses: %v", data, err)
		}
		shared, err := Parse(data, Options{Shared: true})
		if err != nil {
			t.Fatalf("%q refused when shared: %v", data, err)
		}
		if got, gotShared := plain(v), plain(shared); !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotShared, want) {
			t.Fatalf("%q: read as %#v (shared: %#v), encoding/json reads %#v", data, got, gotShared, want)
		}
	})
}

// plain returns v as encoding/json decodes it with UseNumber.
func plain(v *Value) any {
	switch v.Kind {
	case Null:
		return nil
	case Bool:
		return v.Bool
	case Number:
		return json.Number(v.Str)
	case String:
		return v.Str
	case Array:
		a := make([]any, len(v.Items))
		for i, item := range v.Items {
			a[i] = plain(item)
		}
		return a
	}
	m := map[string]any{}
	for _, mem := range v.Members {
		m[mem.Key] = plain(mem.Value)
	}
	return m
}

// TestSkipASCII checks that the eight-bytes-at-a-time scan never passes a
// byte that ends plain ASCII in a string, wherever it stands in a word.
func TestSkipASCII(t *testing.T) {
	for _, special := range []byte{'"', '\\', 0, '\n', 0x1f, 0x80, 0xc3, 0xff} {
		for n := 0; n < 40; n++ {
			for at := 0; at <= n; at++ {
				d := bytes.Repeat([]byte{'a'}, n)
				want := n
				if at < n {
					d[at], want = special, at
				}
				for from := 0; from <= want; from++ {
					got := skipASCII(d, from)
					if got > want || got < from {
						t.Fatalf("skipASCII(%q, %d) = %d, want at most %d", d, from, got, want)
					}
				}
			}
		}
	}
	// Around every kind of byte, strings parse as encoding/json reads them.
	for c := 0x20; c < 0x100; c++ {
		for pad := 0; pad < 17; pad++ {
			raw := `"` + strings.Repeat("x", pad) + string(rune(c)) + strings.Repeat("y", 9) + `"`
			if c == '"' || c == '\\' || c > 0x7e && c < 0xa0 {
				// An escape, of one letter or \u, valid or not.
				esc := map[int]string{'"': `\"`, '\\': `\\`, 0x7f: `\u00e9`, 0x80: `\ud83d\ude00`, 0x81: `\ud83d`, 0x82: `\x`, 0x83: `\/`, 0x84: `\n\t`, 0x85: `\u12`}[c]
				raw = `"` + strings.Repeat("x", pad) + esc + strings.Repeat("y", 9) + `"`
			}
			v, err := Parse([]byte(raw), Options{})
			var want string
			if jerr := json.Unmarshal([]byte(raw), &want); (err == nil) != (jerr == nil) || err == nil && v.Str != want {
				t.Fatalf("%q: got %q, %v; encoding/json %q, %v", raw, v.Str, err, want, jerr)
			}
		}
	}
}
