package dataset

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convkit/convkit/internal/app"
)

// TestParallelGivesWhatEachGives gives work that takes a random while, on
// four workers, over several files (one of another format, one empty) with
// lines that cannot be read, and checks that the in-order functions see
// just what Each sees, in the same order, with the same lines skipped or
// given as unreadable, and the same error where one ends the run.
func TestParallelGivesWhatEachGives(t *testing.T) {
	var b strings.Builder
	for i := range 500 {
		if i%97 == 5 {
			b.WriteString("not json\n")
			continue
		}
		fmt.Fprintf(&b, "{\"messages\":[{\"role\":\"user\",\"content\":\"%d\"}]}\n\n", i)
	}
	files := []string{
		file(t, "a.jsonl", b.String()),
		file(t, "empty.jsonl", ""),
		file(t, "b.json", `[[{"role":"user","content":"x"}],[{"role":"user","content":"y"}]]`),
		file(t, "c.jsonl", b.String()),
	}
	seen := func(r *Record) string {
		text := ""
		if r.Conv != nil {
			text = r.Conv.Messages[0].Content.PlainText()
		}
		return fmt.Sprintf("%s %s %q %v %v\n", r.Where(), text, r.Raw, r.Err != nil, r.Format.Name)
	}
	for _, opts := range []Options{{SkipInvalid: true, Verbose: true}, {Unreadable: true}, {}} {
		opts.Files = files
		var want, wantErrs bytes.Buffer
		e := &app.Env{Err: &wantErrs}
		wantSkipped, wantErr := Each(e, opts, func(r *Record) error {
			want.WriteString(seen(r))
			return nil
		})
		var got, gotErrs bytes.Buffer
		e = &app.Env{Err: &gotErrs}
		opts.Workers = 4
		skipped, err := Parallel(e, opts, func(r *Record) func() error {
			time.Sleep(time.Duration(rand.IntN(50)) * time.Microsecond)
			line := seen(r) // on the worker
			return func() error {
				got.WriteString(line)
				return nil
			}
		})
		if got.String() != want.String() || gotErrs.String() != wantErrs.String() || skipped != wantSkipped || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("%+v: Parallel gave %d lines, skipped %d, %v; Each %d lines, skipped %d, %v",
				opts, strings.Count(got.String(), "\n"), skipped, err, strings.Count(want.String(), "\n"), wantSkipped, wantErr)
		}
		if want.Len() == 0 {
			t.Errorf("%+v: nothing read", opts)
		}
	}
}

// TestParallelStopsAtAnError checks that an error of an in-order function
// ends the run there: no function after it runs.
func TestParallelStopsAtAnError(t *testing.T) {
	path := file(t, "a.jsonl", numberedLines(2000))
	last := 0
	_, err := Parallel(&app.Env{}, Options{Files: []string{path}, Workers: 3}, func(r *Record) func() error {
		return func() error {
			last = r.Line
			if r.Line == 700 {
				return fmt.Errorf("stop")
			}
			return nil
		}
	})
	if err == nil || err.Error() != "stop" || last != 700 {
		t.Fatalf("ran to line %d, %v; want line 700, stop", last, err)
	}
}

// TestParallelWindowIsBounded holds up the first record's work and checks
// that the reader does not run ahead of it by more than the window: 2 ×
// workers batches, so memory does not grow with the input.
func TestParallelWindowIsBounded(t *testing.T) {
	path := file(t, "a.jsonl", numberedLines(5000))
	var started atomic.Int32
	ahead := int32(0)
	_, err := Parallel(&app.Env{}, Options{Files: []string{path}, Workers: 2}, func(r *Record) func() error {
		started.Add(1)
		if r.Line == 1 {
			time.Sleep(100 * time.Millisecond)
		}
		return func() error {
			if r.Line == 1 {
				ahead = started.Load()
			}
			return nil
		}
	})
	if err != nil || started.Load() != 5000 {
		t.Fatalf("worked on %d records, %v", started.Load(), err)
	}
	if limit := int32(2 * 2 * batchRecords); ahead > limit || ahead < batchRecords {
		t.Fatalf("%d records worked on while the first waited; the window is %d", ahead, limit)
	}
}

// TestParallelWorksAtOnce checks that work runs on several goroutines at
// once: its calls overlap (each waits a little, so that they can whatever
// the machine's load).
func TestParallelWorksAtOnce(t *testing.T) {
	path := file(t, "a.jsonl", numberedLines(400))
	var now, most atomic.Int32
	_, err := Parallel(&app.Env{}, Options{Files: []string{path}, Workers: 4}, func(r *Record) func() error {
		n := now.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(200 * time.Microsecond)
		now.Add(-1)
		return nil
	})
	if err != nil || most.Load() < 2 {
		t.Fatalf("at most %d calls of work at once, %v; want several", most.Load(), err)
	}
}

// numberedLines is n JSONL lines, each a conversation of one user message
// holding its index.
func numberedLines(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "{\"messages\":[{\"role\":\"user\",\"content\":\"%d\"}]}\n", i)
	}
	return b.String()
}
