package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/convkit/convkit/internal/spool"
)

// TestParquetFromDuckDB reads the Parquet files DuckDB wrote from the JSONL
// files beside them (testdata/parquet/make.js), in each layout Hugging
// Face datasets use (messages as a list or a JSON string, ShareGPT, TRL's
// shapes), to the conversations the JSONL files hold.
func TestParquetFromDuckDB(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/parquet/*.parquet")
	if len(paths) == 0 {
		t.Fatal("no testdata/parquet/*.parquet")
	}
	jsonl := mustFormat(t, "jsonl")
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(strings.TrimSuffix(p, ".parquet") + ".jsonl")
			if err != nil {
				t.Fatal(err)
			}
			f, err := Detect(data, p)
			if err != nil || f != parquetFormat {
				t.Fatalf("Detect: %v, %v", f, err)
			}
			from, err := Detect(src, "x.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			to := jsonl
			if from.pairs { // a trainer's shape: written in it, rejected completions and all
				to = from
			}
			got := encodeAll(t, to, decodeAll(t, parquetFormat, data))
			want := encodeAll(t, to, decodeAll(t, from, src))
			if !jsonLinesEqual(t, got, want) {
				t.Errorf("read\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// jsonLinesEqual compares JSON Lines line by line, as JSON values.
func jsonLinesEqual(t *testing.T, a, b []byte) bool {
	la := strings.Split(strings.TrimSpace(string(a)), "\n")
	lb := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(la) != len(lb) {
		return false
	}
	for i := range la {
		if !jsonEqual(t, []byte(la[i]), []byte(lb[i])) {
			return false
		}
	}
	return true
}

// TestParquetRoundTrip writes conversations as Parquet and reads them back
// JSON-equal: zero values stay values, content strings and parts, extra
// fields, and more conversations than a row group holds.
func TestParquetRoundTrip(t *testing.T) {
	var many strings.Builder
	for i := range parquetGroupRows*2 + 500 {
		fmt.Fprintf(&many, `{"messages":[{"role":"user","content":"q%d"},{"role":"assistant","content":"a%d"}],"id":%d}`+"\n", i, i, i)
	}
	tests := map[string]string{
		"zero values": `{"messages":[{"role":"user","content":""}],"n":0,"b":false,"f":0.5,"s":"","l":[0,1],"o":{"z":0}}
{"messages":[{"role":"user","content":"x"}],"n":1,"b":true,"f":1,"s":"a","l":[],"o":{"z":1}}`,
		"parts and tool calls": `{"messages":[{"role":"user","content":[{"type":"text","text":"see"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"ok"}]}`,
		// Read back exact from a JSON column: past 64 bits, and an int64 in
		// an object that is a string in another row.
		"big integers": `{"messages":[{"role":"user","content":"x"}],"n":12345678901234567890123,"o":{"a":-7378692518291085485,"b":1.5}}
{"messages":[{"role":"user","content":"y"}],"n":1,"o":"text"}`,
		"numbers past float64": `{"messages":[{"role":"user","content":"x"}],"score":1e400,"tiny":-1E-400}`,
		"content string here, parts there": `{"messages":[{"role":"user","content":"plain"}]}
{"messages":[{"role":"user","content":[{"type":"text","text":"parts"}]}]}`,
		"row groups": many.String(),
	}
	jsonl := mustFormat(t, "jsonl")
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			convs := decodeAll(t, jsonl, []byte(src))
			data := encodeAll(t, parquetFormat, convs)
			got := encodeAll(t, jsonl, decodeAll(t, parquetFormat, data))
			if !jsonLinesEqual(t, got, []byte(src)) {
				t.Errorf("read back\n%.2000s\nwant\n%.2000s", got, src)
			}
			f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if groups, want := len(f.RowGroups()), (len(convs)+parquetGroupRows-1)/parquetGroupRows; groups != want {
				t.Errorf("%d row groups, want %d", groups, want)
			}
		})
	}
}

// TestParquetColumnsFromFirstGroup: a conversation after the first row
// group that the columns cannot hold is an error that says where.
func TestParquetColumnsFromFirstGroup(t *testing.T) {
	var src strings.Builder
	for range parquetGroupRows {
		src.WriteString(`{"messages":[{"role":"user","content":"text"}]}` + "\n")
	}
	src.WriteString(`{"messages":[{"role":"user","content":[{"type":"text","text":"parts"}]}]}` + "\n")
	convs := decodeAll(t, mustFormat(t, "jsonl"), []byte(src.String()))
	_, _, err := encodeWith(parquetFormat, convs, EncodeOptions{})
	want := fmt.Sprintf("parquet: conversation %d does not fit the columns taken from the first %d: /messages/0/content is an array, the column holds a string", parquetGroupRows+1, parquetGroupRows)
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestParquetNullMembersTold: Parquet reads a null member back absent
// (a message's content aside), so writing one is told once, and --strict
// refuses it.
func TestParquetNullMembersTold(t *testing.T) {
	jsonl := mustFormat(t, "jsonl")
	for src, told := range map[string]bool{
		`{"messages":[{"role":"user","content":"a","extra":null}]}`:                                                                               true,
		`{"messages":[{"role":"user","content":"a"}],"obj":{"a":null}}`:                                                                           true,
		`{"messages":[{"role":"user","content":"a"}],"list":[{"a":1},{"a":null}]}`:                                                                true,
		`{"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}`: false,
		`{"messages":[{"role":"user","content":"a"}],"list":[1,null]}`:                                                                            false,
	} {
		convs := decodeAll(t, jsonl, []byte(src+"\n"+src))
		data, warnings, err := encodeWith(parquetFormat, convs, EncodeOptions{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		want := []string(nil)
		if told {
			want = []string{"parquet: null members dropped (read back absent)"}
		}
		if !slices.Equal(warnings, want) {
			t.Errorf("%s: warnings %q, want %q", src, warnings, want)
		}
		if back := encodeAll(t, jsonl, decodeAll(t, parquetFormat, data)); !told && !jsonLinesEqual(t, back, []byte(src+"\n"+src)) {
			t.Errorf("%s: read back %s", src, back)
		}
		var le *LossError
		if _, _, err := encodeWith(parquetFormat, convs, EncodeOptions{Strict: true}); told != errors.As(err, &le) {
			t.Errorf("%s: --strict gave %v", src, err)
		}
	}
}

// TestParquetNoMessages names the columns a row has when none is a
// conversation.
func TestParquetNoMessages(t *testing.T) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[struct {
		Text string `parquet:"text"`
	}](&buf)
	w.Write([]struct {
		Text string `parquet:"text"`
	}{{"hello"}})
	w.Close()
	_, err := decodeWith(parquetFormat, buf.Bytes(), DecodeOptions{})
	if want := "row 1: no messages, conversations, prompt and completion, or chosen and rejected columns (columns: text)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// FuzzParquet reads arbitrary bytes as Parquet, seeded with DuckDB's files
// and the test conversations written by convkit: no panic, and what is read
// writes and reads back stably.
func FuzzParquet(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/parquet/*.parquet")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	fuzzFormat(f, "parquet")
}

// TestParquetSpooledValues decodes conversations with long strings (texts
// of every kind of character, invalid UTF-8 among them; a marker's first
// character beside them) as the Parquet writer does, read with spools, and
// as encoding/json decodes the record of the conversation read whole: the
// values must be the same, a spooled string's read from its parquetLong.
// The size that closes row groups must be that of the record with the
// spools read whole, a parquetLong's string counted unescaped (read whole
// from the input, a record keeps the input's spelling of escapes).
func TestParquetSpooledValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for i := range 4 {
		text, name := randomText(rng, 40), "f"
		if i == 3 {
			name = "f\uE000" // a marker's first character: the spools are read whole
		}
		text = strings.Repeat(text, (1<<20+1000)/len(text)+1)
		js, _ := json.Marshal(text)
		line := `{"messages":[{"role":"user","content":[{"type":"text","text":` + string(js) + `},{"type":"image_url","image_url":{"url":"data:image/png;base64,` + strings.Repeat("QUFB", 300<<10) + `"}}]},` +
			`{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"` + name + `","arguments":` + string(js) + `}}]}],"n":1.50}` + "\n"
		set := spool.New(t.TempDir(), nil)
		spooled, err := readAllConversations(mustFormat(t, "jsonl").NewDecoder(&pieces{line, 64 << 10}, DecodeOptions{Long: set.Open}))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := readAllConversations(mustFormat(t, "jsonl").NewDecoder(strings.NewReader(line), DecodeOptions{}))
		if err != nil {
			t.Fatal(err)
		}
		if !hasSpools(spooled[0]) {
			t.Fatal("no string went to a spool")
		}
		e := &parquetEncoder{w: io.Discard, losses: newLosses("parquet", EncodeOptions{})}
		got, size, err := e.value(spooled[0])
		if err != nil {
			t.Fatal(err)
		}
		longs, escapes := 0, 0
		got = readLongs(t, got, func(s string) { longs++; escapes += escapedLen(s) - len(s) })
		if _, spools, err := markSpools(spooled[0], everyString); err != nil || i < 3 && longs != len(spools) {
			t.Errorf("text %d: %d strings passed in parts, want the %d spooled (%v)", i, longs, len(spools), err)
		}
		record, err := e.record(whole[0])
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(record))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("text %d: the values differ from encoding/json's", i)
		}
		read, _, err := markSpools(spooled[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		if record, err = e.record(read); err != nil {
			t.Fatal(err)
		}
		if size != len(record)-escapes {
			t.Errorf("text %d: size %d, the record is %d bytes, %d of them escapes in parts", i, size, len(record), escapes)
		}
		set.Close()
	}
}

// readLong reads l whole.
func readLong(l parquetLong) (string, error) {
	var b strings.Builder
	_, err := l.WriteTo(&b)
	return b.String(), err
}

// readLongs returns v with each parquetLong in it read, each string read
// given to seen.
func readLongs(t *testing.T, v any, seen func(string)) any {
	switch x := v.(type) {
	case parquetLong:
		s, err := readLong(x)
		if err != nil || int64(len(s)) != x.Size() {
			t.Fatalf("reading a parquetLong: %d bytes of %d, %v", len(s), x.Size(), err)
		}
		seen(s)
		return s
	case map[string]any:
		for k, item := range x {
			x[k] = readLongs(t, item, seen)
		}
	case []any:
		for i, item := range x {
			x[i] = readLongs(t, item, seen)
		}
	}
	return v
}

// TestParquetLongValueStatistics writes a column that holds a value of
// 64 KiB (a message's content; a JSON column of parts) and others that do
// not: the long ones get no minimum and maximum in the footer, so that the
// file is not three times the value; the others keep theirs; every value
// reads back.
func TestParquetLongValueStatistics(t *testing.T) {
	long := strings.Repeat("a long text. ", (64<<10)/12)
	src := `{"messages":[{"role":"user","content":"` + long + `"},{"role":"assistant","content":"ok"}],"id":"x1"}` + "\n" +
		`{"messages":[{"role":"user","content":"short"}],"id":"x2","parts":[{"type":"text","text":"` + long + `"}],"more":"b"}` + "\n" +
		`{"messages":[{"role":"user","content":"again"}],"id":"x3","parts":"` + long + `","more":"c"}` + "\n"
	jsonl := mustFormat(t, "jsonl")
	data := encodeAll(t, parquetFormat, decodeAll(t, jsonl, []byte(src)))
	if got := encodeAll(t, jsonl, decodeAll(t, parquetFormat, data)); !jsonLinesEqual(t, got, []byte(src)) {
		t.Errorf("read back\n%.300s\nwant\n%.300s", got, src)
	}
	if len(data) > 3*len(long) {
		t.Errorf("%d bytes of Parquet for a %d-byte value", len(data), len(long))
	}
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range f.Metadata().RowGroups[0].Columns {
		path := strings.Join(col.MetaData.PathInSchema, ".")
		stats := col.MetaData.Statistics
		bounded := len(stats.MaxValue) > 0 || len(stats.MinValue) > 0
		switch path {
		case "messages.list.element.content", "parts":
			if bounded {
				t.Errorf("%s: minimum and maximum kept (%d and %d bytes)", path, len(stats.MinValue), len(stats.MaxValue))
			}
		case "id", "more", "messages.list.element.role":
			if !bounded {
				t.Errorf("%s: no minimum and maximum", path)
			}
		}
	}
}
