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
	// long is a line too long to hold, read a message at a time with its
	// long strings left out (see stream.go), or the error reading it: it
	// stands where the batch's only line is nil.
	long    *jsontree.Value
	longErr error
}

// parse parses the batch's line i.
func (b *batch) parse(i int) (*jsontree.Value, error) {
	if b.lines[i] == nil {
		return b.long, b.longErr
	}
	// The line is never written again: its strings may share it.
	return jsontree.Parse(b.lines[i], jsontree.Options{FirstLine: b.nums[i], Shared: true})
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
		// The embedded schemas ask of a long string only that it is one:
		// a line longer than a block streams, unless a schema of the
		// user's, or --fine-tune's counts, need its strings.
		long := v.opts.Schema == nil && !v.opts.FineTune
		readErr <- readBatches(br, long, func(b *batch) {
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
// the line cut by a block's end is copied, to the next block. With long,
// a line longer than a block is read as it is parsed, into a batch of its
// own (streamLine); otherwise it is read whole.
func readBatches(r io.Reader, long bool, send func(*batch)) error {
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
			head := block
			if n == 1 {
				head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
			}
			if end < 0 && long && len(bytes.TrimSpace(head)) > 0 {
				b, left, err := streamLine(r, head, n)
				send(b)
				if n++; err != nil {
					return err
				}
				carry = left
				continue
			}
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

// streamLine reads line n, of which head has been read and the rest is
// r's, a message at a time, into a batch of its own; it returns what it
// read of r past the line's end, and the error that ended r if the line
// was its last.
func streamLine(r io.Reader, head []byte, n int) (b *batch, left []byte, err error) {
	rest := &lineTail{r: r, chunk: make([]byte, 64<<10)}
	b = &batch{done: make(chan struct{}), lines: [][]byte{nil}, nums: []int{n}}
	b.long, b.longErr = streamValue(io.MultiReader(bytes.NewReader(head), rest), jsontree.Options{FirstLine: n})
	io.Copy(io.Discard, rest) // what an error left of the line
	if !rest.ended {
		return b, nil, rest.err
	}
	return b, rest.left, nil
}

// lineTail reads r up to the end of the line it is in, without the
// newline, then io.EOF; what it read past the newline is left.
type lineTail struct {
	r     io.Reader
	chunk []byte
	buf   []byte // read, not yet given
	left  []byte // read past the line's end
	ended bool   // the newline was met
	err   error  // r's error, if it ended before a newline
}

func (t *lineTail) Read(p []byte) (int, error) {
	for len(t.buf) == 0 {
		if t.ended || t.err != nil {
			return 0, io.EOF
		}
		k, err := t.r.Read(t.chunk)
		t.buf, t.err = t.chunk[:k], err
		if i := bytes.IndexByte(t.buf, '\n'); i >= 0 {
			t.buf, t.left, t.ended, t.err = t.buf[:i], bytes.Clone(t.buf[i+1:]), true, nil
		}
	}
	n := copy(p, t.buf)
	t.buf = t.buf[n:]
	return n, nil
}

// checkBatch checks a batch's lines, keeping their problems in the batch.
func (v *Validator) checkBatch(b *batch) {
	report := func(p Problem) { b.probs = append(b.probs, p) }
	if v.stats != nil {
		b.stats = &Stats{counted: v.stats.counted, maxTokens: v.stats.maxTokens}
	}
	for i, line := range b.lines {
		ex, err := b.parse(i)
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
