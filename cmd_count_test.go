package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/longtest"
)

// madeDataset is conversations made on the fly, so that the test itself holds
// none of them: n conversations of two messages in JSONL, or one
// conversation of their 2n messages, as a bare array, as a request body
// with tools after the messages, or as one JSONL line.
type madeDataset struct {
	// "jsonl", "array", "object" or "line"; or "string", "part", "image",
	// "audio" or "toolcall", one message whose text, image's data: URL,
	// audio's data or tool call's arguments is one string, on a JSONL line.
	shape string
	n, i  int
	buf   []byte
}

const datasetTools = `"tools":[{"type":"function","function":{"name":"lookup","description":"Look a word up","parameters":{"type":"object","properties":{"word":{"type":"string"}}}}}]`

func (d *madeDataset) Read(p []byte) (int, error) {
	for len(d.buf) == 0 {
		if d.i == d.n+2 {
			return 0, io.EOF
		}
		d.i++
		switch {
		case d.i == 1 && d.shape == "array":
			d.buf = []byte("[")
		case d.i == 1 && d.shape == "object":
			d.buf = []byte(`{"model":"gpt-4o","messages":[`)
		case d.i == 1 && d.shape == "line":
			d.buf = []byte(`{"messages":[`)
		case d.i == 1 && d.shape == "string":
			d.buf = []byte(`{"messages":[{"role":"user","content":"`)
		case d.i == 1 && d.shape == "part":
			d.buf = []byte(`{"messages":[{"role":"user","content":[{"type":"text","text":"`)
		case d.i == 1 && d.shape == "image":
			d.buf = []byte(`{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,`)
		case d.i == d.n+2 && d.shape == "string":
			d.buf = []byte("\"}]}\n")
		case d.i == d.n+2 && d.shape == "part":
			d.buf = []byte("\"}]}]}\n")
		case d.i == 1 && d.shape == "toolcall":
			d.buf = []byte(`{"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"save","arguments":"`)
		case d.i == d.n+2 && d.shape == "toolcall":
			d.buf = []byte("\"}}]}]}\n")
		case d.i == 1 && d.shape == "audio":
			d.buf = []byte(`{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"`)
		case d.i == d.n+2 && (d.shape == "image" || d.shape == "audio"):
			d.buf = []byte("\"}}]}]}\n")
		case d.i == d.n+2 && d.shape == "array":
			d.buf = []byte("]")
		case d.i == d.n+2 && d.shape == "object":
			d.buf = []byte(`],` + datasetTools + `,"conversation_id":"big"}`)
		case d.i == d.n+2 && d.shape == "line":
			d.buf = []byte("]}\n")
		case d.i == 1 || d.i == d.n+2:
		default:
			k := d.i - 1
			text := strings.Repeat(fmt.Sprintf("Line %d of a long answer, with some words. ", k), 40)
			pair := fmt.Sprintf(`{"role":"user","content":"Question %d?"},{"role":"assistant","content":%q}`, k, text)
			switch {
			case d.shape == "image" || d.shape == "audio":
				d.buf = []byte(strings.Repeat("QUFB", 500))
			case d.shape == "string" || d.shape == "part" || d.shape == "toolcall":
				d.buf = []byte(strings.ReplaceAll(text, ". ", ".\\n"))
			case d.shape == "jsonl":
				d.buf = []byte(`{"messages":[` + pair + "]}\n")
			case k < d.n:
				d.buf = []byte(pair + ",")
			default:
				d.buf = []byte(pair)
			}
		}
	}
	n := copy(p, d.buf)
	d.buf = d.buf[n:]
	return n, nil
}

// TestCountMemoryFlat counts from standard input while watching the heap:
// 40 MB as a dataset of many conversations, and as one conversation, bare,
// in an object or on one JSONL line; and 80 MB as one message whose text,
// image's data: URL or audio's data is one string. The heap must stay far
// below the input's size.
func TestCountMemoryFlat(t *testing.T) {
	longtest.Skip(t, "counts 4 × 40 MB and 4 × 80 MB")
	for _, shape := range []string{"jsonl", "array", "object", "line", "string", "part", "image", "audio"} {
		// A string goes through buffers of a few megabytes, whatever its
		// length: twice as long, it shows that they do not grow with it.
		oneString := slices.Contains([]string{"string", "part", "image", "audio"}, shape)
		n := 20000
		if oneString {
			n = 40000
		}
		in := &madeDataset{shape: shape, n: n}
		var out, errb bytes.Buffer
		e := &env{Env: &app.Env{In: in, Out: &out, Err: &errb}}
		opts := counting.CountOptions{Counter: counting.Options{Model: "gpt-4o"}, Total: true}
		if shape == "line" || oneString {
			opts.From = "jsonl" // one line would pass for a JSON document
		}
		peak, err := heapPeak(func() error { return counting.Count(e.Env, opts) })
		if err != nil {
			t.Fatal(shape, err, errb.String())
		}
		if strings.TrimSpace(out.String()) == "0" {
			t.Fatalf("%s: counted nothing", shape)
		}
		// Half the input: holding it whole would exceed this; the garbage
		// the collector has not yet reclaimed on a loaded machine does not.
		size := n * 2000 // bytes, about
		if peak > uint64(size/2) {
			t.Errorf("%s: heap in use reached %d MB counting a %d MB input", shape, peak>>20, size>>20)
		}
		t.Logf("%s: heap in use at most %.1f MB", shape, float64(peak)/(1<<20))
		runtime.GC()
	}
}

// TestCountInPartsAgrees counts a conversation long enough to be counted
// in parts, as a bare array and as an object with tools and an ID after
// its messages, and the same conversation on one JSONL line, short enough
// to be counted whole: every figure must be the same.
func TestCountInPartsAgrees(t *testing.T) {
	const n = 200 // about 420 KB: 7 parts, on a line under 1 MiB
	dir := t.TempDir()
	write := func(name string, r io.Reader) string {
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// Names of one length, so that the tables line up alike.
	arr := write("array.json", &madeDataset{shape: "array", n: n})
	obj := write("objct.json", &madeDataset{shape: "object", n: n})
	b, _ := os.ReadFile(arr)
	arrLine := write("arrl.jsonl", strings.NewReader(`{"messages":`+string(b)+"}\n"))
	b, _ = os.ReadFile(obj)
	objLine := write("objl.jsonl", strings.NewReader(string(b)+"\n"))
	count := func(path string, o counting.CountOptions) string {
		var out, errb bytes.Buffer
		o.Counter, o.Files = counting.Options{Model: "gpt-4o"}, []string{path}
		if err := counting.Count(&app.Env{In: strings.NewReader(""), Out: &out, Err: &errb}, o); err != nil {
			t.Fatal(path, err, errb.String())
		}
		return strings.ReplaceAll(out.String(), path, "FILE")
	}
	for _, o := range []counting.CountOptions{{JSON: true, By: "message"}, {By: "role"}, {Raw: true, JSON: true}} {
		for _, pair := range [][2]string{{arr, arrLine}, {obj, objLine}} {
			whole := count(pair[1], o)
			if !strings.Contains(whole, fmt.Sprint(2*n)) {
				t.Fatalf("%+v: the whole count does not show %d messages:\n%.300s", o, 2*n, whole)
			}
			if got := count(pair[0], o); got != whole {
				t.Errorf("%+v: %s in parts:\n%.300s\nwhole:\n%.300s", o, pair[0], got, whole)
			}
		}
	}
}

// TestLongTextCountAgrees counts messages whose texts, a content string, a
// text part and a tool call's arguments, and an image's data: URL are
// megabytes long, so that they go to counting as they are
// read: every message's count must be what counting it read whole gives.
func TestLongTextCountAgrees(t *testing.T) {
	long := strings.Repeat(`Line of a long text, \"quoted\", \\ é 中 😀\n`, 50000)
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 2048, 4096))); err != nil {
		t.Fatal(err)
	}
	// The image, then 3 MB that no decoder reads.
	url := "data:image/png;base64," + base64.StdEncoding.EncodeToString(img.Bytes()) + strings.Repeat("QUFB", 1<<18)
	line := `{"messages":[{"role":"user","content":"` + long + `"},{"role":"assistant","name":"bot","content":[{"type":"text","text":"short"},{"type":"text","text":"` + long + `2"},{"type":"image_url","image_url":{"url":"` + url + `"}}]},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"` + long + `3"}}]}]}` + "\n"
	path := filepath.Join(t.TempDir(), "long.jsonl")
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	o := counting.CountOptions{Counter: counting.Options{Model: "gpt-4o"}, Files: []string{path}, JSON: true, By: "message"}
	if err := counting.Count(&app.Env{In: strings.NewReader(""), Out: &out, Err: &errb}, o); err != nil {
		t.Fatal(err, errb.String())
	}
	f, _ := convert.Lookup("jsonl")
	c, err := f.NewDecoder(strings.NewReader(line), convert.DecodeOptions{}).Decode()
	if err != nil {
		t.Fatal(err)
	}
	counter, err := count.New(count.Options{Model: "gpt-4o"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Messages {
		want := fmt.Sprintf(`"index":%d,"role":"%s",`, i+1, c.Messages[i].Role)
		if c.Messages[i].Name != "" {
			want += fmt.Sprintf(`"name":"%s",`, c.Messages[i].Name)
		}
		want += fmt.Sprintf(`"tokens":%d`, counter.Message(&c.Messages[i]))
		if !strings.Contains(out.String(), want+"}") && !strings.Contains(out.String(), want+",") || counter.Message(&c.Messages[i]) < 100000 || i == 1 && counter.Image(&c.Messages[i].Content.Parts[2]) != 1105 {
			t.Errorf("message %d: the report does not show %s:\n%.600s", i+1, want, out.String())
		}
	}
}
