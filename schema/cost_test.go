package schema

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/convkit/convkit/internal/jsontree"
)

// exponentialSchema nests levels anyOf of two $refs to the next level.
func exponentialSchema(levels int) string {
	var defs []string
	for i := 0; i < levels; i++ {
		defs = append(defs, fmt.Sprintf(`"l%d": {"anyOf": [{"$ref": "#/$defs/l%d"}, {"$ref": "#/$defs/l%d", "minLength": 1}]}`, i, i+1, i+1))
	}
	defs = append(defs, fmt.Sprintf(`"l%d": {"type": "string"}`, levels))
	return `{"$defs": {` + strings.Join(defs, ",") + `}, "$ref": "#/$defs/l0"}`
}

func TestExponentialSchemaIsRefusedQuickly(t *testing.T) {
	start := time.Now()
	_, err := Compile("bomb.json", []byte(exponentialSchema(40)))
	if err == nil || !strings.Contains(err.Error(), "1:1: schema too costly: a value may be checked against more than 20000 subschemas") {
		t.Fatalf("error %v, want schema too costly", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to refuse", d)
	}
	if _, err := Compile("small.json", []byte(exponentialSchema(10))); err != nil {
		t.Errorf("a schema of 10 levels (about 2000 checks): %v", err)
	}
}

func TestEmbeddedSchemasAreWellWithinTheBudget(t *testing.T) {
	for _, name := range Names() {
		src, _ := Source(name)
		root, err := jsontree.Parse(src, jsontree.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if cost := schemaCost(root, MaxSchemaCost); cost > MaxSchemaCost/10 {
			t.Errorf("%s costs %d", name, cost)
		} else {
			t.Logf("%s costs %d", name, cost)
		}
	}
}
