package template

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// checkTopMembers holds topMembers to encoding/json on data: it accepts
// exactly the valid JSON objects, and gives each wanted member's value.
func checkTopMembers(t *testing.T, data []byte) {
	t.Helper()
	want := map[string]bool{"a": true, "chat_template": true, "bos_token": true}
	got, ok := topMembers(data, want)
	var obj map[string]json.RawMessage
	isObject := json.Valid(data) && bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{"))
	if ok != isObject {
		t.Fatalf("topMembers(%q): ok %v, encoding/json says valid object %v", data, ok, isObject)
	}
	if !ok {
		return
	}
	if err := json.Unmarshal(data, &obj); err != nil {
		t.Fatal(err)
	}
	for name := range want {
		raw, in := obj[name]
		if g, has := got[name]; has != in || !bytes.Equal(bytes.TrimSpace(g), bytes.TrimSpace(raw)) {
			t.Fatalf("topMembers(%q)[%q] = %q, want %q", data, name, g, raw)
		}
	}
}

func TestTopMembers(t *testing.T) {
	for _, s := range []string{
		`{}`, ` { "a" : 1 } `, `{"a":[1,2,{"b":null}],"c":"x"}`, `{"a":1,"a":2}`, `{"a":-0.5e+3}`, `{"a":"\u00e9\n\"\\"}`,
		`{"a":01}`, `{"a":1,}`, `{"a" 1}`, `[1]`, `"x"`, `{"a":tru}`, `{"a":"\x"}`, "{\"a\":\"\x01\"}", `{"a":1}x`,
		`{"a":.5}`, `{"a":1.}`, `{"a":1e}`, `{"a":[1,]}`, `{"a":{"b"}}`, `{`, ``, `{"a":"\u12G4"}`, `{"a":true,"b":false}`,
	} {
		checkTopMembers(t, []byte(s))
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "hf", "models", "*", "tokenizer_config.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkTopMembers(t, data)
	}
}

func FuzzTopMembers(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}],"c":"x"}`, `{"chat_template":"{{ x }}","bos_token":{"content":"<s>"}}`, `{"a":1e-5}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkTopMembers(t, data) })
}
