package schema

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"runtime"

	"github.com/convkit/convkit/internal/jsontree"
)

// Lines are read by one goroutine, checked in batches by one worker per
// CPU, and reported in file order. Memory is bounded by the batches in
// flight, not by the size of the file.
const (
	batchLines = 256
	batchBytes = 1 << 20
)

// batch is a run of consecutive lines and, once checked, their problems.
type batch struct {
	lines [][]byte
	nums  []int // each line's number in the file
	probs []Problem
	stats *Stats // with FineTune: these lines' statistics
	done  chan struct{}
}

// checkLines checks JSON Lines; a broken line is reported and the next one
// read.
func (v *Validator) checkLines(br *bufio.Reader, report func(Problem)) error {
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	for range workers {
		go func() {
			for b := range work {
				v.checkBatch(b)
				close(b.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(work)
		defer close(order)
		readErr <- readBatches(br, func(b *batch) {
			order <- b
			work <- b
		})
	}()
	for b := range order {
		<-b.done
		for _, p := range b.probs {
			report(p)
		}
		if v.stats != nil {
			v.stats.merge(b.stats)
		}
	}
	if err := <-readErr; !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// readBatches cuts the input into batches of non-blank lines, each line
// copied, and hands them to send; it returns io.EOF at the end.
func readBatches(br *bufio.Reader, send func(*batch)) error {
	var buf []byte
	b := &batch{done: make(chan struct{})}
	size := 0
	for n := 1; ; n++ {
		var err error
		buf, err = readLine(br, buf[:0])
		line := buf
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(line)) > 0 {
			b.lines = append(b.lines, append([]byte(nil), line...))
			b.nums = append(b.nums, n)
			size += len(line)
		}
		if err != nil || len(b.lines) == batchLines || size >= batchBytes {
			if len(b.lines) > 0 {
				send(b)
				b, size = &batch{done: make(chan struct{})}, 0
			}
		}
		if err != nil {
			return err
		}
	}
}

// readLine appends the next line, without its newline, to buf.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
		}
		return buf, err
	}
}

// checkBatch checks a batch's lines, keeping their problems in the batch.
func (v *Validator) checkBatch(b *batch) {
	report := func(p Problem) { b.probs = append(b.probs, p) }
	if v.stats != nil {
		b.stats = &Stats{counted: v.stats.counted, maxTokens: v.stats.maxTokens}
	}
	for i, line := range b.lines {
		ex, err := jsontree.Parse(line, jsontree.Options{FirstLine: b.nums[i]})
		switch {
		case err != nil:
			if b.stats != nil {
				b.stats.Examples++
				b.stats.Invalid++
			}
			report(syntaxProblem(err))
		case v.opts.FineTune:
			v.example(ex, line, b.stats, report)
		default:
			v.conversation(ex, "", "jsonl-line", report)
		}
		b.lines[i] = nil // done with it: let it go before the batch is reported
	}
}
