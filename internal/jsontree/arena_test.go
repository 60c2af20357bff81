package jsontree

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestParserAgreesWithParse parses documents one after another with one
// Parser, twice over: each tree, and each error, is Parse's, though the
// Parser's memory held the documents before (a failed one's half-built
// arrays and objects among them) and, the second time, all of them.
func TestParserAgreesWithParse(t *testing.T) {
	var big strings.Builder // more values and text than a slab's first chunk holds
	big.WriteString(`{"messages":[`)
	for i := range 3000 {
		if i > 0 {
			big.WriteString(",")
		}
		fmt.Fprintf(&big, `{"role":"user","content":"line %d\n\"quoted\" \u00e9","n":[%d,-1.5e3,true,null,{}, []]}`, i, i)
	}
	big.WriteString("]}")
	docs := []string{
		`{"a":[1,2,{"b":null}]}`,
		`[{"a":[1,2,{"b":"x\n`, // ends inside an element of arrays and objects
		`"\ud83d\ude00"`,
		`[[1,2],[3,[4,5]],6,{"a":{"b":1,"c":{"d":[7]}},"e":3}]`,
		`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k2":9}`,
		`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":[[],[[]],{}]}`,
		big.String(),
		`[1,]`,
		`{"a" 1}`,
		strings.Repeat("[", 1000),
		"\xef\xbb\xbf[\n 1.50, \"a\\\\b\",\n {\"\": \"\"}]",
		`[`,
	}
	var p Parser
	for round := 1; round <= 2; round++ {
		for _, doc := range docs {
			for _, shared := range []bool{false, true} {
				opts := Options{FirstLine: 3, Shared: shared}
				want, wantErr := Parse([]byte(doc), opts)
				got, err := p.Parse([]byte(doc), opts)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
					t.Errorf("round %d, %.40q, shared %v: Parser gives %v, %v; Parse %v, %v", round, doc, shared, got, err, want, wantErr)
				}
			}
		}
	}
}

// TestParserReusesItsMemory checks that a Parser, once it has parsed a
// line, parses the next like it without allocating: values, members, the
// lists of both, and strings with escapes all go in its memory.
func TestParserReusesItsMemory(t *testing.T) {
	line := []byte(`{"messages":[{"role":"user","content":"a \"quoted\" line\nand 中文 \u00e9"},{"role":"assistant","content":"ok","n":[1.5,2,true,null,{},[]]}]}`)
	for _, shared := range []bool{false, true} {
		var p Parser
		opts := Options{FirstLine: 7, Shared: shared}
		if _, err := p.Parse(line, opts); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := p.Parse(line, opts); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("shared %v: %v allocations a line, want none", shared, allocs)
		}
	}
}
