package parquetfile

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// fields nest every kind in structs and lists, lists in lists' structs.
var fields = []Field{
	{Name: "id", Kind: Int64},
	{Name: "ok", Kind: Bool},
	{Name: "score", Kind: Double},
	{Name: "name", Kind: String},
	{Name: "extra", Kind: JSON},
	{Name: "tags", Kind: List, Elem: &Field{Kind: String}},
	{Name: "messages", Kind: List, Elem: &Field{Kind: Struct, Fields: []Field{
		{Name: "content", Kind: String},
		{Name: "calls", Kind: List, Elem: &Field{Kind: Struct, Fields: []Field{{Name: "args", Kind: String}, {Name: "n", Kind: Int64}}}},
		{Name: "role", Kind: String},
	}}},
	{Name: "obj", Kind: Struct, Fields: []Field{{Name: "a", Kind: Int64}, {Name: "flags", Kind: List, Elem: &Field{Kind: Bool}}}},
}

// longText is a Long of n bytes of text, written in parts.
type longText struct {
	unit string
	n    int64
}

func (l longText) Size() int64 { return l.n }

func (l longText) WriteTo(w io.Writer) (int64, error) {
	var written int64
	for written < l.n {
		part := l.unit
		if int64(len(part)) > l.n-written {
			part = part[:l.n-written]
		}
		n, err := io.WriteString(w, part)
		written += int64(n)
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

func (l longText) String() string {
	var b strings.Builder
	l.WriteTo(&b)
	return b.String()
}

// randomRow makes a row of fields: each value present or null, lists
// empty, short or with null elements, some strings Longs.
func randomRow(rng *rand.Rand, i int) (row, want map[string]any) {
	maybe := func(v any) any {
		if rng.IntN(5) == 0 {
			return nil
		}
		return v
	}
	text := func() (any, any) {
		switch rng.IntN(20) {
		case 0:
			l := longText{fmt.Sprintf("long %d é 😀 ", i), int64(64<<10 + rng.IntN(1<<20))}
			return l, l.String()
		case 1:
			return nil, nil
		}
		s := strings.Repeat(fmt.Sprintf("t%d ", rng.IntN(1000)), rng.IntN(300))
		return s, s
	}
	list := func(elem func() (any, any)) (any, any) {
		switch rng.IntN(6) {
		case 0:
			return nil, nil
		case 1:
			return []any{}, []any{}
		}
		var got, want []any
		for range rng.IntN(4) + 1 {
			g, w := elem()
			got, want = append(got, g), append(want, w)
		}
		return got, want
	}
	row, want = map[string]any{}, map[string]any{}
	set := func(m, wm map[string]any, k string, g, w any) {
		if g != nil || rng.IntN(2) == 0 { // a null given or left out
			m[k] = g
		}
		wm[k] = w
	}
	id := maybe(int64(rng.IntN(1<<40) - 1<<39))
	set(row, want, "id", id, id)
	ok := maybe(rng.IntN(2) == 0)
	set(row, want, "ok", ok, ok)
	score := maybe(rng.NormFloat64())
	set(row, want, "score", score, score)
	g, w := text()
	set(row, want, "name", g, w)
	// parquet-go reads a JSON column decoded.
	if rng.IntN(5) > 0 {
		set(row, want, "extra", fmt.Sprintf(`{"k":%d}`, i), map[string]any{"k": json.Number(strconv.Itoa(i))})
	} else {
		set(row, want, "extra", nil, nil)
	}
	g, w = list(text)
	set(row, want, "tags", g, w)
	g, w = list(func() (any, any) {
		if rng.IntN(8) == 0 {
			return nil, nil
		}
		m, wm := map[string]any{}, map[string]any{}
		g, w := text()
		set(m, wm, "content", g, w)
		g, w = list(func() (any, any) {
			m, wm := map[string]any{}, map[string]any{}
			g, w := text()
			set(m, wm, "args", g, w)
			n := maybe(int64(rng.IntN(10)))
			set(m, wm, "n", n, n)
			return m, wm
		})
		set(m, wm, "calls", g, w)
		role := maybe([]string{"user", "assistant", "tool"}[rng.IntN(3)])
		set(m, wm, "role", role, role)
		return m, wm
	})
	set(row, want, "messages", g, w)
	if rng.IntN(4) > 0 {
		m, wm := map[string]any{}, map[string]any{}
		a := maybe(int64(i))
		set(m, wm, "a", a, a)
		g, w := list(func() (any, any) { b := maybe(rng.IntN(2) == 0); return b, b })
		set(m, wm, "flags", g, w)
		row["obj"], want["obj"] = m, wm
	} else {
		set(row, want, "obj", nil, nil)
	}
	return row, want
}

// readRows reads a file back with parquet-go, a row group at a time.
func readRows(t *testing.T, data []byte) (groups [][]any) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range f.RowGroups() {
		rows := g.Rows()
		var got []any
		buf := make([]parquet.Row, 16)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				var v any
				if err := f.Schema().Reconstruct(&v, row); err != nil {
					t.Fatal(err)
				}
				got = append(got, v)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
		groups = append(groups, got)
	}
	return groups
}

// difference says where a and b first differ, or "".
func difference(a, b any, at string) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %.200v (%T), want %.200v (%T)", at, a, a, b, b)
		}
		for k := range x {
			if d := difference(x[k], y[k], at+"/"+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %.200v (%T), want %.200v (%T)", at, a, a, b, b)
		}
		for i := range x {
			if d := difference(x[i], y[i], fmt.Sprint(at, "/", i)); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%s: %.200v (%T), want %.200v (%T)", at, a, a, b, b)
	}
	return ""
}

// TestRowsReadBack writes rows of every kind of value, nulls at every
// level, empty lists and Longs, in row groups of 300 rows, and has
// parquet-go read them back the same.
func TestRowsReadBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "row", fields, Options{CreatedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var want [][]any
	for i := range 1000 {
		if i%300 == 0 {
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			want = append(want, nil)
		}
		row, wantRow := randomRow(rng, i)
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
		want[len(want)-1] = append(want[len(want)-1], wantRow)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readRows(t, buf.Bytes())
	if len(got) != len(want) {
		t.Fatalf("%d row groups, want %d", len(got), len(want))
	}
	for g := range want {
		if len(got[g]) != len(want[g]) {
			t.Fatalf("row group %d: %d rows, want %d", g, len(got[g]), len(want[g]))
		}
		for i := range want[g] {
			if d := difference(got[g][i], want[g][i], ""); d != "" {
				t.Fatalf("row group %d, row %d: %s", g, i, d)
			}
		}
	}
}

// TestLargeRowsAndChunks writes values that do not compress: a row whose
// list holds 6 MiB (its page's values go to the scratch file as it is
// filled), and row groups of many megabytes (their chunks go there too);
// parquet-go reads them back the same.
func TestLargeRowsAndChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = 'a' + byte(rng.IntN(26))
		}
		return string(b)
	}
	fields := []Field{{Name: "tags", Kind: List, Elem: &Field{Kind: String}}, {Name: "text", Kind: String}}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "row", fields, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want []any
	write := func(row map[string]any) {
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
		want = append(want, row)
	}
	var tags []any
	for range 3000 {
		tags = append(tags, random(2<<10))
	}
	write(map[string]any{"tags": tags, "text": "one row of 6 MiB"})
	for range 600 {
		write(map[string]any{"tags": []any{random(10)}, "text": random(10 << 10)})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readRows(t, buf.Bytes())
	if len(got) != 1 || len(got[0]) != len(want) {
		t.Fatalf("%d row groups, want 1 of %d rows", len(got), len(want))
	}
	for i := range want {
		if d := difference(got[0][i], want[i], ""); d != "" {
			t.Fatalf("row %d: %s", i, d)
		}
	}
	f, _ := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if size := f.Metadata().RowGroups[0].Columns[1].MetaData.TotalCompressedSize; size < 4<<20 {
		t.Errorf("the text column is %d bytes compressed: not a chunk set aside", size)
	}
}

// TestStatistics: each column chunk has its null count, and the least and
// greatest of its values unless one is a string over statsLimit bytes;
// zeros are written signed as the format says.
func TestStatistics(t *testing.T) {
	fields := []Field{{Name: "n", Kind: Int64}, {Name: "f", Kind: Double}, {Name: "s", Kind: String}, {Name: "b", Kind: Bool}}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "row", fields, Options{})
	if err != nil {
		t.Fatal(err)
	}
	groups := [][]map[string]any{
		{{"n": int64(5), "f": 0.0, "s": "pear", "b": true}, {"n": int64(-3), "f": 2.5, "s": "apple"}, {"f": math.NaN(), "s": "zoo"}},
		{{"n": int64(1), "s": strings.Repeat("x", statsLimit+1)}, {"s": "b"}},
	}
	for _, g := range groups {
		for _, row := range g {
			if err := w.Write(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	le := func(n int64) string { return string(binary.LittleEndian.AppendUint64(nil, uint64(n))) }
	float := func(x float64) string { return le(int64(math.Float64bits(x))) }
	want := [][]struct {
		nulls    int64
		min, max string
	}{
		{{1, le(-3), le(5)}, {0, float(math.Copysign(0, -1)), float(2.5)}, {0, "apple", "zoo"}, {2, "", ""}},
		{{1, le(1), le(1)}, {2, "", ""}, {0, "", ""}, {2, "", ""}},
	}
	for g, rg := range f.Metadata().RowGroups {
		for c, col := range rg.Columns {
			s := col.MetaData.Statistics
			if w := want[g][c]; s.NullCount != w.nulls || string(s.MinValue) != w.min || string(s.MaxValue) != w.max {
				t.Errorf("row group %d, %s: nulls %d, bounds %q %q; want %d, %q %q", g, col.MetaData.PathInSchema, s.NullCount, s.MinValue, s.MaxValue, w.nulls, w.min, w.max)
			}
		}
	}
	if got := len(f.Metadata().ColumnOrders); got != len(fields) {
		t.Errorf("%d column orders, want %d", got, len(fields))
	}
}

// shortLong says it is longer than it writes.
type shortLong struct{ size int64 }

func (s shortLong) Size() int64 { return s.size }
func (s shortLong) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, "short")
	return int64(n), err
}

// TestWriteErrors: what cannot be written is an error that says what, and
// every later call gives it again.
func TestWriteErrors(t *testing.T) {
	fields := []Field{{Name: "s", Kind: String}, {Name: "l", Kind: List, Elem: &Field{Kind: Int64}}}
	for _, c := range []struct {
		name string
		row  map[string]any
		want string
	}{
		{"unknown field", map[string]any{"x": "y"}, `parquet: no column holds "x"`},
		{"wrong kind", map[string]any{"s": int64(1)}, "parquet: column s takes no int64"},
		{"wrong kind in a list", map[string]any{"l": []any{"1"}}, "parquet: column l.list.element takes no string"},
		{"not a list", map[string]any{"l": "1"}, `parquet: list "l" takes no string`},
		{"past 2 GiB", map[string]any{"s": shortLong{3 << 30}}, "parquet: a value of 3221225472 bytes in column s is past the 2 GiB a Parquet page can hold"},
		{"a Long shorter than it said", map[string]any{"s": shortLong{100 << 10}}, "parquet: a long value wrote 5 bytes, not the 102400 it had"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, err := NewWriter(io.Discard, "row", fields, Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = w.Write(c.row)
			if err == nil || err.Error() != c.want {
				t.Fatalf("got %v, want %s", err, c.want)
			}
			if again := w.Close(); again == nil || again.Error() != c.want {
				t.Errorf("Close after it: %v", again)
			}
		})
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

func (f *failingWriter) Write(b []byte) (int, error) {
	if len(b) > f.n {
		n := f.n
		f.n = 0
		return n, errors.New("disk full")
	}
	f.n -= len(b)
	return len(b), nil
}

// TestOutputFails: a failing output fails the row group, and Close.
func TestOutputFails(t *testing.T) {
	w, err := NewWriter(&failingWriter{n: 10}, "row", []Field{{Name: "s", Kind: String}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if err := w.Write(map[string]any{"s": strings.Repeat("x", 100)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err == nil || err.Error() != "disk full" {
		t.Errorf("Flush: %v", err)
	}
	if err := w.Close(); err == nil || err.Error() != "disk full" {
		t.Errorf("Close: %v", err)
	}
}
