package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convkit/convkit/internal/jsontree"
)

// TestDispatchSameProblems checks that the embedded schemas compiled for
// speed find exactly the problems the schemas as written find, on every
// JSON document of testdata (the bad files, the good ones, the scripts').
func TestDispatchSameProblems(t *testing.T) {
	docs := map[string][]byte{}
	for _, pattern := range []string{"../testdata/bad/*.json*", "../testdata/validate/*", "../testdata/script/*.txtar"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Ext(p) != ".txtar" {
				docs[p] = data
				continue
			}
			for _, f := range txtar.Parse(data).Files {
				docs[p+":"+f.Name] = f.Data
			}
		}
	}
	var values []*jsontree.Value
	for _, data := range docs {
		if v, err := jsontree.Parse(data, jsontree.Options{}); err == nil {
			values = append(values, v)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if v, err := jsontree.Parse(line, jsontree.Options{}); err == nil && v.Kind == jsontree.Object {
				values = append(values, v)
			}
		}
	}
	if len(values) < 100 {
		t.Fatalf("only %d documents", len(values))
	}
	compared := 0
	for _, name := range names {
		for _, strict := range []bool{false, true} {
			src, err := Source(name)
			if err == nil && strict {
				src, err = closeExtra(src)
			}
			if err != nil {
				t.Fatal(err)
			}
			written, err := Compile(name, src)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := Builtin(name, strict)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range values {
				want, got := written.Validate(v, ""), fast.Validate(v, "")
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s (strict %v) on %s:\ngot  %v\nwant %v", name, strict, show(v), got, want)
				}
				compared += len(want)
			}
		}
	}
	if compared < 100 {
		t.Errorf("only %d problems compared", compared)
	}
}
