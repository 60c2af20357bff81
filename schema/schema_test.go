package schema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/schema"
)

// TestSchemasAreDraft2020 checks every embedded schema against the draft
// 2020-12 metaschema, and that it compiles, plain and strict.
func TestSchemasAreDraft2020(t *testing.T) {
	meta, err := jsonschema.NewCompiler().Compile("https://json-schema.org/draft/2020-12/schema")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range schema.Names() {
		src, err := schema.Source(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		d := json.NewDecoder(bytes.NewReader(src))
		d.UseNumber()
		if err := d.Decode(&doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := doc.(map[string]any)["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema is %v", name, got)
		}
		if err := meta.Validate(doc); err != nil {
			t.Errorf("%s: %#v", name, err)
		}
		for _, strict := range []bool{false, true} {
			if _, err := schema.Builtin(name, strict); err != nil {
				t.Errorf("%s (strict %v): %v", name, strict, err)
			}
		}
		if schema.Title(name) == "" {
			t.Errorf("%s has no title", name)
		}
	}
}

// notForTheAPI names the test conversations that convkit must read
// losslessly but that the API itself would refuse, so the schemas do too.
var notForTheAPI = map[string]string{
	"audio-file-refusal-parts": "a made-up part type, kept verbatim",
	"empty-content":            "an empty array of parts",
}

// TestGoodFilesPass checks that every conversation file under testdata
// that convkit reads without a complaint, as a format the schemas describe,
// has no problem either. testdata/bad holds the files that must fail;
// testdata/formats holds other vendors' shapes, whose api goldens keep
// vendor parts (thinking, documents) verbatim and are not for the API;
// testdata/responses holds providers' response bodies, not requests;
// testdata/hf holds chat-template inputs, whose tool-call arguments are
// objects as templates take them.
func TestGoodFilesPass(t *testing.T) {
	v := schema.New(schema.Options{})
	checked := 0
	err := filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "bad" || d.Name() == "formats" || d.Name() == "responses" || d.Name() == "hf" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		name, _, _ := strings.Cut(d.Name(), ".")
		if d.IsDir() || ext != ".json" && ext != ".jsonl" || notForTheAPI[name] != "" || !readsCleanly(t, path) {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		checked++
		return v.Check(f, ext == ".jsonl", func(p schema.Problem) {
			if !p.Warning {
				t.Errorf("%s:%s", path, p)
			}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 4 {
		t.Errorf("only %d good files checked", checked)
	}
}

// readsCleanly reports whether convkit's own readers take the whole file
// without an error or a warning, as one of the formats the schemas describe
// (api, meta, jsonl): whether it is a good file for them.
func readsCleanly(t *testing.T, path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := convert.Detect(data, path)
	if err != nil || f.Name != "api" && f.Name != "meta" && f.Name != "jsonl" {
		return false
	}
	clean := true
	dec := f.NewDecoder(bytes.NewReader(data), convert.DecodeOptions{Warn: func(convert.Pos, string) { clean = false }})
	for {
		_, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return clean
		}
		if err != nil {
			t.Logf("%s is not a conversation file convkit reads: %v", path, err)
			return false
		}
	}
}

// TestOffline checks that a schema cannot make convkit fetch anything.
func TestOffline(t *testing.T) {
	for _, ref := range []string{"https://example.com/s.json", "http://example.com/s.json", "file:///etc/passwd", "other.json"} {
		_, err := schema.Compile("mine.json", []byte(`{"$ref": "`+ref+`"}`))
		if err == nil || !strings.Contains(err.Error(), "offline") {
			t.Errorf("$ref %s: got %v, want a refusal", ref, err)
		}
	}
}

// TestStreaming checks that JSON Lines give the same problems however the
// reader hands out its bytes.
func TestStreaming(t *testing.T) {
	data, err := os.ReadFile("../testdata/bad/jsonl-bad-middle-line.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	check := func(r io.Reader) string {
		v := schema.New(schema.Options{})
		var b strings.Builder
		if err := v.Check(r, true, func(p schema.Problem) { b.WriteString(p.String() + "\n") }); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := check(bytes.NewReader(data))
	if strings.Count(want, "\n") != 2 {
		t.Fatalf("want a problem on line 3 and one on line 5, got:\n%s", want)
	}
	for _, r := range []io.Reader{iotest.OneByteReader(bytes.NewReader(data)), iotest.HalfReader(bytes.NewReader(data))} {
		if got := check(r); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	}
}

// TestEpochs checks the default number of epochs against the rule of
// OpenAI's data preparation notebook: 3, raised for small datasets up to
// 100 examples seen, lowered for big ones down to 25,000.
func TestEpochs(t *testing.T) {
	for _, c := range []struct{ n, want int }{{1, 25}, {3, 25}, {10, 10}, {34, 3}, {33, 3}, {20, 5}, {8333, 3}, {8334, 2}, {10000, 2}, {30000, 1}} {
		if got := schema.Epochs(c.n); got != c.want {
			t.Errorf("Epochs(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

// TestStatsJSON checks that --json's statistics object names its figures.
func TestStatsJSON(t *testing.T) {
	v := schema.New(schema.Options{FineTune: true})
	f, err := os.Open("../testdata/validate/dataset.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := v.Check(f, true, func(p schema.Problem) { t.Error(p) }); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v.Stats())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"examples":3`)) {
		t.Errorf("stats JSON: %s", b)
	}
}

// TestManyBatches checks that a file of many batches reports every bad
// line, with its own number, in file order.
func TestManyBatches(t *testing.T) {
	var data bytes.Buffer
	var want []int
	for n := 1; n <= 3000; n++ {
		switch {
		case n%7 == 0:
			data.WriteString(`{"messages": [{"role": "robot", "content": "x"}]}` + "\n")
			want = append(want, n)
		case n%11 == 0:
			data.WriteString("\n") // blank lines count as lines
		default:
			data.WriteString(`{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]}` + "\n")
		}
	}
	v := schema.New(schema.Options{})
	var got []int
	if err := v.Check(&data, true, func(p schema.Problem) { got = append(got, p.Pos.Line) }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("problems on lines %v, want %v", got, want)
	}
}

// TestNullFields: the nulls an SDK's model_dump() writes are warnings
// where the API's reference has no null (name, tool_calls, tool_call_id),
// nothing where it has (refusal, audio, function_call); a tool result
// needs its call's id, and a function result its name, not null.
func TestNullFields(t *testing.T) {
	dump := `[{"role":"user","content":"hi","name":null},
{"content":"Hello!","refusal":null,"role":"assistant","annotations":null,"audio":null,"function_call":null,"tool_calls":null}]`
	results := `[{"role":"user","content":"hi"},{"role":"assistant","content":"ok"},
{"role":"tool","content":"42","tool_call_id":null},{"role":"function","content":"42","name":null}]`
	for _, tc := range []struct {
		name, file string
		lines      bool
		want       []string
	}{
		{"api", dump, false, []string{"warning null-field /0/name", "warning null-field /1/tool_calls"}},
		{"jsonl", `{"messages":` + strings.ReplaceAll(dump, "\n", "") + `}`, true, []string{"warning null-field /messages/0/name", "warning null-field /messages/1/tool_calls"}},
		{"results", results, false, []string{"error schema /2/tool_call_id", "error schema /3/name"}},
	} {
		var got []string
		err := schema.New(schema.Options{}).Check(strings.NewReader(tc.file), tc.lines, func(p schema.Problem) {
			kind := "error"
			if p.Warning {
				kind = "warning"
			}
			got = append(got, kind+" "+p.Rule+" "+p.Pointer)
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: problems\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// TestUnknownFieldsInSourceOrder checks that the unknown fields of an
// object are named in the order the file holds them, every time: the
// engine names them in its map's order, which varies from run to run.
func TestUnknownFieldsInSourceOrder(t *testing.T) {
	s, err := schema.Compile("closed", []byte(`{"type": "object", "properties": {"a": {}}, "additionalProperties": false}`))
	if err != nil {
		t.Fatal(err)
	}
	v := schema.New(schema.Options{Schema: s})
	for range 20 {
		var got []string
		v.Check(strings.NewReader(`{"a": 1, "zeta": 2, "beta": 3, "mu": 4, "alpha": 5}`), false, func(p schema.Problem) { got = append(got, p.Msg) })
		if want := `unknown fields "zeta", "beta", "mu", "alpha"`; len(got) != 1 || got[0] != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}
