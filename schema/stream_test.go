package schema

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/jsontree"
)

// TestStreamedDocumentsAgree checks documents with long strings read a
// message at a time and parsed whole: the problems, warnings and places
// must be the same.
func TestStreamedDocumentsAgree(t *testing.T) {
	long := strings.Repeat("a long text. ", 90000) // over 1 MiB
	blank := strings.Repeat(" ", 1200000)
	docs := map[string]string{
		"array": `[{"role":"system","content":"` + long + `"},` +
			"\n" + `{"role":"user","content":"` + blank + `"},` +
			"\n" + `{"role":"user","content":[{"type":"text","text":"` + blank + `"}]},` +
			"\n" + `{"role":"assistant","content":[{"type":"text","text":"` + long + `","extra":1}],"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"` + long + `"}}]},` +
			"\n" + `{"role":"robot","content":"x"}]`,
		"object": `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,` + long + `"}}]},` +
			`{"role":"assistant","content":5}],` + "\n" + `"temperature":"hot"}`,
		"meta": `{"conversation_id":"x","messages":[{"role":"user","content":"` + long + `","metadata":{"timestamp":1}},` +
			`{"role":"user","content":"` + long + `","metadata":{"message_index":"one"}}]}`,
		"conversations": `[{"messages":[{"role":"user","content":"` + long + `"}]},` + "\n" + `[{"role":"user"}]]`,
		"short":         `[{"role":"user","content":""}]`,
		"broken":        `[{"role":"user","content":"` + long + `"},{"role":}]`,
	}
	for name, doc := range docs {
		for _, strict := range []bool{false, true} {
			v := New(Options{Strict: strict})
			streamed := check(t, v, doc, func(r io.Reader) (*jsontree.Value, error) { return streamDocument(&pieces{r, 64 << 10}) })
			whole := check(t, v, doc, func(r io.Reader) (*jsontree.Value, error) {
				data, _ := io.ReadAll(r)
				return jsontree.Parse(data, jsontree.Options{})
			})
			if !reflect.DeepEqual(streamed, whole) {
				t.Errorf("%s, strict %v:\nstreamed %v\nwhole    %v", name, strict, streamed, whole)
			}
			if len(whole) == 0 && name != "short" {
				t.Errorf("%s: no problem found", name)
			}
			if root, err := streamDocument(&pieces{strings.NewReader(doc), 64 << 10}); err == nil && sinks(root) == 0 && name != "short" {
				t.Errorf("%s: no string left out", name)
			}
		}
	}
}

// sinks counts the strings of v that went to sinks.
func sinks(v *jsontree.Value) int {
	n := 0
	if v.Sink != nil {
		n++
	}
	for _, item := range v.Items {
		n += sinks(item)
	}
	for _, m := range v.Members {
		n += sinks(m.Value)
	}
	return n
}

// check returns the problems v finds in doc, read with parse.
func check(t *testing.T, v *Validator, doc string, parse func(io.Reader) (*jsontree.Value, error)) []string {
	t.Helper()
	root, err := parse(strings.NewReader(doc))
	if err != nil {
		return []string{syntaxProblem(err).String()}
	}
	var probs []string
	v.document(root, func(p Problem) { probs = append(probs, fmt.Sprint(p.Warning, p)) })
	return probs
}

// pieces reads r at most n bytes at a time, so that the parser does not
// hold a long string whole.
type pieces struct {
	r io.Reader
	n int
}

func (p *pieces) Read(b []byte) (int, error) { return p.r.Read(b[:min(len(b), p.n)]) }

// TestCheckLineAgreesWithCheck checks that a line checked alone, read
// from a stream, has the verdict Check gives it among JSON Lines.
func TestCheckLineAgreesWithCheck(t *testing.T) {
	lines := []string{
		`{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}`,
		`{"messages":[{"role":"user","content":"hi"},{"role":"tool","content":"r"}]}`,
		`{"messages":[{"role":"user","content":"` + strings.Repeat("long ", 300_000) + `"}],"x":1}`,
		`{"messages":[{"role":"user","content":"` + strings.Repeat("long ", 300_000) + `"},{"role":"robot"}]}`,
		`{"messages":[{"role":"user","content":"hi"}`,
		`[1, 2]`,
	}
	v := New(Options{})
	errs := func(check func(report func(Problem)) error) int {
		n := 0
		if err := check(func(p Problem) {
			if !p.Warning {
				n++
			}
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	bad := 0
	for _, line := range lines {
		whole := errs(func(report func(Problem)) error { return v.Check(strings.NewReader(line), true, report) })
		alone := errs(func(report func(Problem)) error { return v.CheckLine(strings.NewReader(line), report) })
		if whole != alone {
			t.Errorf("%.60s: %d errors among lines, %d alone", line, whole, alone)
		}
		if whole > 0 {
			bad++
		}
	}
	if bad != 4 {
		t.Errorf("%d lines with errors, want 4", bad)
	}
}

// TestStreamedLinesAgree checks JSON Lines with lines longer than a block
// (batchBytes) read a message at a time and read whole: the problems
// and their places must be the same, and a long line must stream.
func TestStreamedLinesAgree(t *testing.T) {
	long := strings.Repeat(`a long text \"quoted\". `, 60000) // over batchBytes
	lines := strings.Join([]string{
		`{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"` + long + `"}]}`,
		`{"messages":[{"role":"user","content":"short"}]}`,
		``,
		`{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,` + long + `"}}]},{"role":"robot","content":5}],"temperature":"hot"}`,
		`{"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"` + long + `"}}]}]}`,
		`{"messages":[{"role":"user","content":"` + long + `"},{"role":}]}`,
		`{"messages":[{"role":"user","content":"` + long + `"}]} trailing`,
		`{"messages":[{"role":"user","content":"` + long + `"}]`,
		`{"messages":[{"role":"user","content":"` + long,
		`{"messages":[{"role":"user","content":"` + long + "\x00" + `"}]}`,
		strings.Repeat(" ", 1200000) + `{"messages":[{"role":"user","content":"x"}]}`,
		`{"messages":[{"role":"user","content":""}]}`,
	}, "\n")
	for _, strict := range []bool{false, true} {
		v := New(Options{Strict: strict})
		streamed, longs := checkLinesWith(t, v, lines, true)
		whole, _ := checkLinesWith(t, v, lines, false)
		if !reflect.DeepEqual(streamed, whole) {
			t.Errorf("strict %v:\nstreamed %q\nwhole    %q", strict, streamed, whole)
		}
		if longs < 7 {
			t.Errorf("%d lines streamed, want 7 or more", longs)
		}
		if len(whole) < 7 {
			t.Errorf("only %d problems: %q", len(whole), whole)
		}
	}
}

// checkLinesWith returns the problems v finds in lines, read with lines
// longer than a block streamed if long, and how many were: read by one
// goroutine, and read a span at a time as the workers read a file, which
// must agree.
func checkLinesWith(t *testing.T, v *Validator, lines string, long bool) (probs []string, streamed int) {
	t.Helper()
	var batches []*batch
	err := readBatches(bufio.NewReaderSize(&pieces{strings.NewReader(lines), 64 << 10}, 64<<10), long, func(b *batch) { batches = append(batches, b) })
	if err != io.EOF {
		t.Fatal(err)
	}
	before := 0
	var w lineWorker
	for _, b := range batches {
		if b.data == nil {
			streamed++
		}
		v.checkBatch(b, &w)
		v.emit(b, &before, func(p Problem) { probs = append(probs, fmt.Sprint(p.Warning, p)) })
	}
	var spans []string
	before = 0
	buffers := make(bufferList, 1)
	for from := 0; from < len(lines); from += blockBytes {
		b := &batch{span: &span{at: strings.NewReader(lines), from: int64(from), to: int64(min(from+blockBytes, len(lines))), size: int64(len(lines)), long: long, buffers: buffers}}
		v.checkBatch(b, &w)
		if err := v.emit(b, &before, func(p Problem) { spans = append(spans, fmt.Sprint(p.Warning, p)) }); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(spans, probs) {
		t.Errorf("long %v: read a span at a time\n%q\nread by one goroutine\n%q", long, spans, probs)
	}
	return probs, streamed
}
