package schema

import (
	"reflect"
	"strings"
	"testing"
)

// TestUserSchemaStandIns validates JSON Lines with long strings against
// schemas of the user's: validate must read long lines a message at a
// time, the long strings standing as "", exactly when no keyword that
// looks into a string or compares values can reach one, and the problems
// it then finds (some at the long strings, some after them) must be what
// the lines read whole give.
func TestUserSchemaStandIns(t *testing.T) {
	long := strings.Repeat(`a long text \"quoted\" é 漢字. `, 40000) // over a block
	lines := strings.Join([]string{
		`{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"` + long + `","x":"ab"}],"model":5}`,
		`{"messages":[{"role":"robot","content":"` + long + `"},{"role":"user","content":5}]}`,
		`{"messages":[{"role":"user","content":[{"type":"text","text":"` + long + `"},{"type":"image_url","image_url":{"url":"data:image/png;base64,` + long + `"}}]},{"role":"tool"}],"extra":[1,1]}`,
		`{"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"` + long + `"}}]},{"role":"user","content":"b"}]}`,
		`{"messages":[{"role":"user","content":"` + long + `"},{"role":"user","content":"` + long + `."}]}`, // unique, but not as ""
	}, "\n")
	message := `"type":"object","required":["role"],"properties":{"role":{"enum":["system","user","assistant","tool"]},"content":{"type":["string","array","null"]%s}}`
	schemas := []struct {
		name, src string
		standIn   bool // the long strings may stand as "": nothing asks more of them
	}{
		{"types only, enum beside", `{"type":"object","required":["messages"],"properties":{"messages":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/message"}},"model":{"type":"string"}},` +
			`"$defs":{"message":{` + strings.Replace(message, "%s", "", 1) + `,"additionalProperties":{"maxLength":1}}}}`, true},
		{"not and anyOf", `{"properties":{"messages":{"items":{"not":{"type":"number"},"anyOf":[{"required":["content"]},{"required":["tool_calls"]}]}}}}`, true},
		{"boolean subschemas", `{"properties":{"messages":{"items":{"properties":{"content":true,"role":false}}}}}`, true},
		{"maxLength on content", `{"properties":{"messages":{"items":{` + strings.Replace(message, "%s", `,"maxLength":100`, 1) + `}}}}`, false},
		{"pattern through $ref", `{"properties":{"messages":{"items":{"properties":{"content":{"$ref":"#/$defs/text"}}}}},"$defs":{"text":{"pattern":"^a long"}}}`, false},
		{"minLength under then", `{"properties":{"messages":{"items":{"if":{"properties":{"role":{"const":"user"}}},"then":{"properties":{"content":{"minLength":1}}}}}}}`, false},
		{"uniqueItems on messages", `{"properties":{"messages":{"uniqueItems":true}}}`, false},
		{"const on a message", `{"properties":{"messages":{"items":{"not":{"const":{"role":"user","content":"b"}}}}}}`, false},
		{"patternProperties", `{"properties":{"messages":{"items":{"patternProperties":{"^c":{"maxLength":5}}}}}}`, false},
		{"format", `{"properties":{"messages":{"items":{"properties":{"content":{"format":"email"}}}}}}`, false},
		{"a dynamic reference", `{"$dynamicAnchor":"m","properties":{"messages":{"items":{"$dynamicRef":"#m"}}}}`, false},
		{"a reference to an anchor", `{"properties":{"messages":{"items":{"$ref":"#msg"}}},"$defs":{"m":{"$anchor":"msg"}}}`, false},
	}
	for _, s := range schemas {
		compiled, err := Compile("user.schema.json", []byte(s.src))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		v := New(Options{Schema: compiled})
		if v.streamsLongLines() != s.standIn {
			t.Errorf("%s: long strings stand in: %v, want %v", s.name, !s.standIn, s.standIn)
		}
		read, longs := checkLinesWith(t, v, lines, v.streamsLongLines())
		whole, _ := checkLinesWith(t, v, lines, false)
		if !reflect.DeepEqual(read, whole) {
			t.Errorf("%s:\nas read %q\nwhole   %q", s.name, read, whole)
		}
		if want := map[bool]int{true: 5}[s.standIn]; longs != want {
			t.Errorf("%s: %d lines streamed, want %d", s.name, longs, want)
		}
		if len(whole) < 3 {
			t.Errorf("%s: %d problems, want some at the long strings or after them: %q", s.name, len(whole), whole)
		}
	}
}
