package schema

import (
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
func (v *Validator) checkLines(br io.Reader, report func(Problem)) error {
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

// readBatches cuts the input into batches of non-blank lines and hands them
// to send; it returns io.EOF at the end. The input is read a block of about
// batchBytes at a time, and a batch's lines are slices of its block: only
// the line cut by a block's end is copied, to the next block.
func readBatches(r io.Reader, send func(*batch)) error {
	n := 1 // the number of the next line
	var carry []byte
	for {
		block := make([]byte, len(carry), max(batchBytes, 2*len(carry)))
		copy(block, carry)
		var err error
		for len(block) < cap(block) && err == nil {
			var k int
			k, err = r.Read(block[len(block):cap(block)])
			block = block[:len(block)+k]
		}
		whole := block // the complete lines, and at the end the last one
		if err == nil {
			end := bytes.LastIndexByte(block, '\n')
			if end < 0 { // a line longer than the block: read on
				carry = block
				continue
			}
			whole, carry = block[:end+1], block[end+1:]
		}
		n = cutBatches(whole, n, send)
		if err != nil {
			return err // io.EOF at the end
		}
	}
}

// cutBatches sends the non-blank lines of data, whose first line is number
// n, in batches, and returns the number of the line after them.
func cutBatches(data []byte, n int, send func(*batch)) int {
	b := &batch{done: make(chan struct{})}
	size := 0
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(line)) > 0 {
			b.lines = append(b.lines, line[:len(line):len(line)])
			b.nums = append(b.nums, n)
			size += len(line)
		}
		n++
		if len(b.lines) == batchLines || size >= batchBytes {
			send(b)
			b, size = &batch{done: make(chan struct{})}, 0
		}
	}
	if len(b.lines) > 0 {
		send(b)
	}
	return n
}

// checkBatch checks a batch's lines, keeping their problems in the batch.
func (v *Validator) checkBatch(b *batch) {
	report := func(p Problem) { b.probs = append(b.probs, p) }
	if v.stats != nil {
		b.stats = &Stats{counted: v.stats.counted, maxTokens: v.stats.maxTokens}
	}
	for i, line := range b.lines {
		// The line is never written again: its strings may share it.
		ex, err := jsontree.Parse(line, jsontree.Options{FirstLine: b.nums[i], Shared: true})
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
			v.line(ex, report)
		}
		b.lines[i] = nil // done with it: let it go before the batch is reported
	}
}
