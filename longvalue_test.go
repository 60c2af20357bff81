package main

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/exporting"
	"github.com/convkit/convkit/internal/longtest"
	"github.com/convkit/convkit/internal/trimming"
	"github.com/convkit/convkit/internal/validating"
	"github.com/convkit/convkit/trim"
)

// TestLongValueMemoryFlat exports one message whose text, text part,
// image's data: URL, audio's data or tool call's arguments is one string,
// to the formats whose writers pass long strings through, trims it
// (keeping it, counted) and validates it, while watching the heap: it must
// stay far below the string's size, where holding it would take several
// times that (convert's TestSpoolsPassThrough shows the output is the
// in-memory path's). go test passes 40 MB strings in three pairings; with
// -tags long, 80 MB ones in each.
func TestLongValueMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("passes 2 × 40 MB")
	}
	n, limit := 20000, 3/4.0 // × about 2 KB; of the string's size
	cases := [][2]string{{"toolcall", "api"}, {"part", "validate"}, {"image", "parquet"}}
	if longtest.Enabled {
		n, limit, cases = 40000, 1/2.0, nil
		for _, shape := range []string{"string", "part", "image", "audio", "toolcall"} {
			for _, format := range []string{"api", "jsonl", "meta", "parquet", "trim", "validate"} {
				cases = append(cases, [2]string{shape, format})
			}
		}
	}
	for _, c := range cases {
		shape, format := c[0], c[1]
		var out countingWriter
		var errb bytes.Buffer
		e := &env{Env: &app.Env{In: &madeDataset{shape: shape, n: n}, Out: &out, Err: &errb}}
		run := func() error {
			return exporting.Run(e.Env, exporting.Options{Format: format, From: "jsonl", Counter: counting.Options{Model: "gpt-4o"}})
		}
		if format == "trim" {
			run = func() error {
				return trimming.Run(e.Env, trimming.Options{From: "jsonl", Counter: counting.Options{Model: "gpt-4o"}, MaxTokens: 1 << 30, Quiet: true,
					Policy: trim.Defaults(), OnUnfit: "error", MarkerRole: "system", Given: func(flag string) bool { return flag == "max-tokens" }})
			}
		}
		if format == "validate" { // a JSON document: JSONL lines are read whole
			e.In = io.MultiReader(strings.NewReader("[\n"), &madeDataset{shape: shape, n: n}, strings.NewReader("]\n"))
			run = func() error {
				var problems *cmderr.No // the dataset's audio has no "format"
				if err := validating.Run(e.Env, validating.Options{}); !errors.As(err, &problems) {
					return err
				}
				return nil
			}
		}
		peak, err := heapPeak(run)
		if err != nil {
			t.Fatal(shape, format, err, errb.String())
		}
		size := n * 2000
		// Parquet compresses it: convert's TestWritersPassLong reads it back.
		if out.n < size*3/4 && format != "validate" && format != "parquet" {
			t.Errorf("%s to %s: wrote %d bytes of a %d byte string", shape, format, out.n, size)
		}
		if peak > uint64(float64(size)*limit) {
			t.Errorf("%s to %s: heap in use grew by %d MB exporting a %d MB string", shape, format, peak>>20, size>>20)
		}
		t.Logf("%s to %s: heap in use grew by at most %.1f MB", shape, format, float64(peak)/(1<<20))
	}
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}
