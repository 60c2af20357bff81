package convert

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

type layoutMessage struct {
	Role    string `parquet:"role"`
	Content string `parquet:"content"`
}

type layoutPart struct {
	Type string `parquet:"type"`
	Text string `parquet:"text"`
}

type layoutPartsMessage struct {
	Role    string       `parquet:"role"`
	Content []layoutPart `parquet:"content,list"`
}

// writeParquetRows writes rows with parquet-go's own schema for T, a row
// group of groupRows rows at a time.
func writeParquetRows[T any](t *testing.T, rows []T, groupRows int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf)
	for len(rows) > 0 {
		n := min(groupRows, len(rows))
		if _, err := w.Write(rows[:n]); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		rows = rows[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestParquetLayoutsAcrossFiles reads the same conversations from files
// laid out three ways, as the files of one dataset may be: messages as a
// list of structs with string content, with content a list of parts, and
// as a JSON string; and a file whose optional column is set in one row
// group and null in the other.
func TestParquetLayoutsAcrossFiles(t *testing.T) {
	type listRow struct {
		Messages []layoutMessage `parquet:"messages,list"`
		Source   *string         `parquet:"source,optional"`
	}
	type partsRow struct {
		Messages []layoutPartsMessage `parquet:"messages,list"`
	}
	type stringRow struct {
		Messages string `parquet:"messages"`
	}
	web := "web"
	files := map[string][]byte{
		"list": writeParquetRows(t, []listRow{
			{Messages: []layoutMessage{{"user", "Sky?"}, {"assistant", "Blue."}}, Source: &web},
			{Messages: []layoutMessage{{"user", "Grass?"}, {"assistant", "Green."}}},
		}, 1),
		"parts": writeParquetRows(t, []partsRow{
			{Messages: []layoutPartsMessage{{"user", []layoutPart{{"text", "Sky?"}}}, {"assistant", []layoutPart{{"text", "Blue."}}}}},
		}, 1),
		"json string": writeParquetRows(t, []stringRow{
			{Messages: `[{"role": "user", "content": "Sky?"}, {"role": "assistant", "content": "Blue.", "weight": 1.50}]`},
		}, 1),
	}
	want := map[string]string{
		"list": `{"messages":[{"role":"user","content":"Sky?"},{"role":"assistant","content":"Blue."}],"source":"web"}
{"messages":[{"role":"user","content":"Grass?"},{"role":"assistant","content":"Green."}]}`,
		"parts":       `{"messages":[{"role":"user","content":[{"type":"text","text":"Sky?"}]},{"role":"assistant","content":[{"type":"text","text":"Blue."}]}]}`,
		"json string": `{"messages":[{"role":"user","content":"Sky?"},{"role":"assistant","content":"Blue.","weight":1.50}]}`,
	}
	jsonl := mustFormat(t, "jsonl")
	for name, data := range files {
		got := encodeAll(t, jsonl, decodeAll(t, parquetFormat, data))
		if !jsonLinesEqual(t, got, []byte(want[name])) {
			t.Errorf("%s: read\n%s\nwant\n%s", name, got, want[name])
		}
	}
	bad := writeParquetRows(t, []stringRow{{Messages: `{"role": "user"}`}}, 1)
	_, err := decodeWith(parquetFormat, bad, DecodeOptions{})
	if want := "row 1: column messages is a string that is not a JSON list"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestParquetGroupLayout: a file with a row group whose columns are not
// the file's schema's (one missing, one of another type, put together from
// files of different layouts) is refused before any row is read, with the
// group and the column named.
func TestParquetGroupLayout(t *testing.T) {
	type row struct {
		Messages []layoutMessage `parquet:"messages,list"`
		ID       int64           `parquet:"id"`
	}
	rows := []row{
		{Messages: []layoutMessage{{"user", "a"}}, ID: 1},
		{Messages: []layoutMessage{{"user", "b"}}, ID: 2},
		{Messages: []layoutMessage{{"user", "c"}}, ID: 3},
	}
	data := writeParquetRows(t, rows, 2)
	tests := []struct {
		name   string
		change func(rg *format.RowGroup)
		want   string
	}{
		{"column missing", func(rg *format.RowGroup) { rg.Columns = rg.Columns[:len(rg.Columns)-1] },
			"row group 2: column id is missing: the file's schema has 3 columns, this row group 2"},
		{"columns swapped", func(rg *format.RowGroup) { rg.Columns[0], rg.Columns[2] = rg.Columns[2], rg.Columns[0] },
			"row group 2: column messages.list.element.role is missing: the row group has id in its place"},
		{"another type", func(rg *format.RowGroup) { rg.Columns[1].MetaData.Type = format.Int64 },
			"row group 2: column messages.list.element.content holds INT64 values, the file's schema says BYTE_ARRAY"},
		{"a column more", func(rg *format.RowGroup) { rg.Columns = append(rg.Columns, rg.Columns[2]) },
			"row group 2: column id is not in the file's schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed := withFooter(t, data, func(md *format.FileMetaData) { tt.change(&md.RowGroups[1]) })
			convs, err := decodeWith(parquetFormat, changed, DecodeOptions{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
			if len(convs) != 0 {
				t.Errorf("read %d conversations before the error", len(convs))
			}
		})
	}
	if convs := decodeAll(t, parquetFormat, withFooter(t, data, func(*format.FileMetaData) {})); len(convs) != 3 {
		t.Errorf("the file with its footer written again: %d conversations, want 3", len(convs))
	}
}

// withFooter returns the Parquet file data with its footer changed by
// change: the file's index of row groups and column chunks.
func withFooter(t *testing.T, data []byte, change func(*format.FileMetaData)) []byte {
	t.Helper()
	n := int(binary.LittleEndian.Uint32(data[len(data)-8:]))
	start := len(data) - 8 - n
	var md format.FileMetaData
	if err := thrift.Unmarshal(new(thrift.CompactProtocol), data[start:len(data)-8], &md); err != nil {
		t.Fatal(err)
	}
	change(&md)
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), &md)
	if err != nil {
		t.Fatal(err)
	}
	out := append(append([]byte(nil), data[:start]...), footer...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(footer)))
	return append(out, "PAR1"...)
}

// TestParquetTrainerColumns writes TRL's shapes as Parquet and reads them
// back the same: prompt and completion, preference pairs with explicit and
// implicit prompts, strings and message lists.
func TestParquetTrainerColumns(t *testing.T) {
	for _, name := range []string{"trl-completion", "trl-preference", "trl-unpaired"} {
		for _, path := range formatSamples(t, name) {
			t.Run(name+"/"+filepath.Base(path), func(t *testing.T) {
				f := mustFormat(t, name)
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				want := encodeAll(t, f, decodeAll(t, f, data))
				got := encodeAll(t, f, decodeAll(t, parquetFormat, encodeAll(t, parquetFormat, decodeAll(t, f, data))))
				// Parquet keeps neither column order nor a number's
				// spelling (9.0 reads back 9): docs/formats.md.
				if !reflect.DeepEqual(jsonValuesOf(t, got), jsonValuesOf(t, want)) {
					t.Errorf("through parquet\n%s\nwant\n%s", got, want)
				}
			})
		}
	}
}

// jsonValuesOf decodes JSON Lines, numbers as float64: equal values, however
// spelt, compare equal.
func jsonValuesOf(t *testing.T, data []byte) []any {
	t.Helper()
	var vs []any
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var v any
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}
