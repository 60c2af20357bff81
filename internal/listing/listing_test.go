package listing

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/cmderr"
)

func TestFormats(t *testing.T) {
	var table, js bytes.Buffer
	if err := Formats(&table, false); err != nil || !strings.HasPrefix(table.String(), "FORMAT") || !strings.Contains(table.String(), "jsonl") {
		t.Fatalf("Formats: %v\n%s", err, table.String())
	}
	var list []struct{ Name string }
	if err := Formats(&js, true); err != nil || json.Unmarshal(js.Bytes(), &list) != nil || len(list) < 5 {
		t.Fatalf("Formats --json: %v\n%s", err, js.String())
	}
}

func TestModels(t *testing.T) {
	var b bytes.Buffer
	if err := Models(&b, "", true, false); err != nil || !strings.Contains(b.String(), "gpt-4o") || !strings.Contains(b.String(), "PRICES FROM") {
		t.Fatalf("Models --sources: %v\n%s", err, b.String())
	}
	if err := Models(&b, "missing.yaml", false, false); err == nil || err.Error() != "missing.yaml: no such file" {
		t.Fatalf("a missing --models: %v", err)
	}
}

func TestSchemas(t *testing.T) {
	var b bytes.Buffer
	if err := Schemas(&b); err != nil || !strings.Contains(b.String(), "jsonl-line") {
		t.Fatalf("Schemas: %v\n%s", err, b.String())
	}
	b.Reset()
	if err := Schema(&b, "api"); err != nil || !json.Valid(b.Bytes()) {
		t.Fatalf("Schema api: %v", err)
	}
	if err := Schema(&b, "nope"); !errors.As(err, new(*cmderr.Usage)) {
		t.Fatalf("an unknown schema: %v", err)
	}
}

func TestChoices(t *testing.T) {
	if c := Choices("from"); !slices.Contains(c, "jsonl") {
		t.Errorf("--from's choices: %q", c)
	}
	if c := Choices("model"); !slices.Contains(c, "gpt-4o") {
		t.Errorf("--model's choices: %q", c)
	}
	if c := Choices("output"); c != nil {
		t.Errorf("--output has choices: %q", c)
	}
}
