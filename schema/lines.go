package schema

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/convkit/convkit/internal/jsontree"
)

// JSON Lines are checked a block at a time, on one worker per CPU, and
// reported in file order. A worker numbers the lines of its block from the
// block's first, and the problems are renumbered as they are reported, so
// no worker waits for the blocks before its own. With random access (a
// regular file, CheckAt) each worker reads its own blocks and finds their
// lines: a line belongs to the block it starts in and is read past the
// block's end when it runs over. Otherwise one goroutine reads the input
// and cuts each block after its last newline. Memory is bounded by the
// blocks in flight, not by the size of the file.
//
// blockBytes is a block, and the length past which a line streams (see
// readBatches): a streamed line runs past its block's end, so it is its
// block's last.
const blockBytes = 1 << 20

var byteOrderMark = []byte("\xef\xbb\xbf")

// batch is a block of lines and, once checked, their problems.
type batch struct {
	data []byte // whole lines, read by the one goroutine
	span *span  // or the block a worker reads itself
	// or a line too long to hold, streamed by the one goroutine (see
	// stream.go), or the error reading it.
	long    *jsontree.Value
	longErr error

	newlines int // the newlines of the block: the next block's first line comes after as many
	probs    []Problem
	stats    *Stats // with FineTune: these lines' statistics
	err      error  // reading the span failed: no problem after this batch's is reported
	done     chan struct{}
}

// checkBatches checks the batches that produce sends, each on one of
// GOMAXPROCS workers, and reports their problems in order; it returns
// produce's error unless it is io.EOF. At most window batches per worker
// are sent and not yet reported.
func (v *Validator) checkBatches(window int, produce func(send func(*batch)) error, report func(Problem)) error {
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *batch, workers)
	order := make(chan *batch, window*workers)
	for range workers {
		go func() {
			var w lineWorker
			for b := range work {
				v.checkBatch(b, &w)
				close(b.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(work)
		defer close(order)
		readErr <- produce(func(b *batch) {
			b.done = make(chan struct{})
			order <- b
			work <- b
		})
	}()
	before := 0 // the lines before the batch reported
	var err error
	for b := range order {
		<-b.done
		if err == nil { // after an error, only wait for the workers
			err = v.emit(b, &before, report)
		}
	}
	if err != nil {
		return err
	}
	if err := <-readErr; !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// emit reports a checked batch's problems, numbered from the file's first
// line (before is the number of lines before the batch, moved past it),
// and returns the error that ended the batch's reading.
func (v *Validator) emit(b *batch, before *int, report func(Problem)) error {
	for _, p := range b.probs {
		if p.Pos.Line > 0 {
			p.Pos.Line += *before
		}
		report(p)
	}
	*before += b.newlines
	if v.stats != nil {
		v.stats.merge(b.stats)
	}
	return b.err
}

// streamsLongLines says whether a line too long to hold is read a message
// at a time: the embedded schemas ask of a long string only that it is
// one, and so may a user's (Schema.letsLongStringsStandIn); one that asks
// more, or --fine-tune's counts, need its strings.
func (v *Validator) streamsLongLines() bool {
	return !v.opts.FineTune && (v.opts.Schema == nil || v.opts.Schema.letsLongStringsStandIn())
}

// checkLines checks JSON Lines read from br by one goroutine; a broken
// line is reported and the next one read.
func (v *Validator) checkLines(br io.Reader, report func(Problem)) error {
	// A batch holds its lines until it is checked: two per worker.
	return v.checkBatches(2, func(send func(*batch)) error {
		return readBatches(br, v.streamsLongLines(), send)
	}, report)
}

// checkLinesAt checks the JSON Lines of size bytes that at reads, each
// worker reading its own blocks.
func (v *Validator) checkLinesAt(at io.ReaderAt, size int64, report func(Problem)) error {
	long := v.streamsLongLines()
	// A span holds no bytes until a worker reads it, and only its problems
	// after: many can wait while a long line is checked, so that the
	// other workers go on.
	buffers := make(bufferList, runtime.GOMAXPROCS(0))
	return v.checkBatches(32, func(send func(*batch)) error {
		for from := int64(0); from < size; from += blockBytes {
			send(&batch{span: &span{at: at, from: from, to: min(from+blockBytes, size), size: size, long: long, buffers: buffers}})
		}
		return io.EOF
	}, report)
}

// readBatches cuts the input into blocks of whole lines and hands them to
// send; it returns io.EOF at the end. The input is read a block of about
// blockBytes at a time, cut after its last newline; what follows is
// copied to the next block. With long, a line longer than a block is read
// as it is parsed, into a batch of its own (streamLine); otherwise it is
// read whole.
func readBatches(r io.Reader, long bool, send func(*batch)) error {
	first := true
	var carry []byte
	for {
		block := make([]byte, len(carry), max(blockBytes, 2*len(carry)))
		copy(block, carry)
		var err error
		for len(block) < cap(block) && err == nil {
			var k int
			k, err = r.Read(block[len(block):cap(block)])
			block = block[:len(block)+k]
		}
		if first {
			block, first = bytes.TrimPrefix(block, byteOrderMark), false
		}
		whole := block // the complete lines, and at the end the last one
		if err == nil {
			end := bytes.LastIndexByte(block, '\n')
			if end < 0 && long && len(bytes.TrimSpace(block)) > 0 {
				b, left, err := streamLine(r, block)
				send(b)
				if err != nil {
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
		if len(whole) > 0 {
			send(&batch{data: whole})
		}
		if err != nil {
			return err // io.EOF at the end
		}
	}
}

// span is the block [from, to) of an input of size bytes that at reads,
// into one of buffers; long says that a line longer than blockBytes
// streams.
type span struct {
	at             io.ReaderAt
	from, to, size int64
	long           bool
	buffers        bufferList
}

// eachLine reads the span and gives each line that starts in it, numbered
// from 1, to whole, or if it streams to streamed; it returns the
// newlines of the span, and the error that ended its reading. A line that
// runs past the span is read into tail.
func (s *span) eachLine(tail *[]byte, whole func(line []byte, n int), streamed func(*jsontree.Value, error)) (newlines int, err error) {
	lo := max(s.from-1, 0) // the byte before the block says whether a line starts at its first
	buf := s.buffers.get(int(s.to - lo))
	defer s.buffers.put(buf)
	if err := readFull(s.at, buf, lo); err != nil {
		return 0, err
	}
	block := buf[s.from-lo:]
	newlines = bytes.Count(block, []byte("\n"))
	p, n := 0, 1
	switch {
	case s.from == 0:
		if bytes.HasPrefix(block, byteOrderMark) {
			p = len(byteOrderMark)
		}
	case buf[0] != '\n': // the block starts in a line of the block before
		i := bytes.IndexByte(block, '\n')
		if i < 0 {
			return newlines, nil
		}
		p, n = i+1, 2
	}
	for p < len(block) {
		i := bytes.IndexByte(block[p:], '\n')
		if i < 0 { // the last line runs past the block
			return newlines, s.readOn(tail, block[p:], s.from+int64(p), n, whole, streamed)
		}
		whole(block[p:p+i:p+i], n)
		p, n = p+i+1, n+1
	}
	return newlines, nil
}

// bufferList holds the buffers the workers read spans into, one per
// worker, used again for the next span once its lines are checked:
// nothing checking a line keeps its bytes (see checkBatch), and a new
// buffer each time would have the garbage collector run more often.
type bufferList chan []byte

// get returns a buffer of n bytes, n at most blockBytes+1.
func (l bufferList) get(n int) []byte {
	select {
	case b := <-l:
		return b[:n]
	default:
		return make([]byte, n, blockBytes+1)
	}
}

func (l bufferList) put(b []byte) {
	select {
	case l <- b:
	default:
	}
}

// readOn reads line n, which starts at start with head and runs past the
// span, to its end, into tail, and gives it to whole; or, when the span is
// long and the line longer than blockBytes, streams it to streamed.
func (s *span) readOn(tail *[]byte, head []byte, start int64, n int, whole func([]byte, int), streamed func(*jsontree.Value, error)) error {
	line := append((*tail)[:0], head...)
	defer func() {
		if cap(line) <= 2*blockBytes { // a longer line's buffer is not worth keeping
			*tail = line[:0]
		}
	}()
	for off := start + int64(len(head)); off < s.size; {
		if s.long && len(line) >= blockBytes && len(bytes.TrimSpace(line)) > 0 {
			rest := newLineTail(io.NewSectionReader(s.at, start, s.size-start))
			streamed(streamValue(rest, jsontree.Options{FirstLine: n}))
			io.Copy(io.Discard, rest) // what an error left of the line
			if rest.err == io.EOF {   // the last line, with no newline
				return nil
			}
			return rest.err
		}
		if len(line) >= blockBytes {
			// Read whole, and long: find where it ends first, so that it
			// is read into one buffer of its size, not one doubled.
			end, err := lineEnd(s.at, off, s.size)
			if err != nil {
				return err
			}
			line = slices.Grow(line, int(end-off))
			if err := readFull(s.at, line[len(line):len(line)+int(end-off)], off); err != nil {
				return err
			}
			whole(line[:len(line)+int(end-off)], n)
			return nil
		}
		k := int(min(int64(max(len(line), 4<<10)), s.size-off)) // most lines end in the first few kilobytes
		line = slices.Grow(line, k)
		more := line[len(line) : len(line)+k]
		if err := readFull(s.at, more, off); err != nil {
			return err
		}
		if i := bytes.IndexByte(more, '\n'); i >= 0 {
			whole(line[:len(line)+i], n)
			return nil
		}
		line, off = line[:len(line)+k], off+int64(k)
	}
	whole(line, n) // the last line, with no newline
	return nil
}

// lineEnd returns the offset of the first newline that at holds from off,
// or size if there is none.
func lineEnd(at io.ReaderAt, off, size int64) (int64, error) {
	buf := make([]byte, 64<<10)
	for off < size {
		k := int(min(int64(len(buf)), size-off))
		if err := readFull(at, buf[:k], off); err != nil {
			return 0, err
		}
		if i := bytes.IndexByte(buf[:k], '\n'); i >= 0 {
			return off + int64(i), nil
		}
		off += int64(k)
	}
	return size, nil
}

// readFull fills buf from at at off: the input is no shorter than it was
// when its size was taken.
func readFull(at io.ReaderAt, buf []byte, off int64) error {
	k, err := at.ReadAt(buf, off)
	if k == len(buf) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// streamLine reads the line of which head has been read and the rest is
// r's, a message at a time, into a batch of its own; it returns what it
// read of r past the line's end, and the error that ended r if the line
// was its last.
func streamLine(r io.Reader, head []byte) (b *batch, left []byte, err error) {
	rest := newLineTail(r)
	b = &batch{newlines: 1}
	b.long, b.longErr = streamValue(io.MultiReader(bytes.NewReader(head), rest), jsontree.Options{FirstLine: 1})
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

func newLineTail(r io.Reader) *lineTail { return &lineTail{r: r, chunk: make([]byte, 64<<10)} }

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

// lineWorker is what a worker keeps from one batch to the next, so that
// checking a line allocates next to nothing: the garbage collector, run
// every few megabytes allocated, held two cores to 0.7 of twice one's
// speed.
type lineWorker struct {
	parser jsontree.Parser // each line's tree is let go before the next is parsed
	tail   []byte          // where a line that runs past its span is read
}

// checkBatch checks a batch's lines, keeping their problems, numbered
// from the batch's first line, in the batch.
func (v *Validator) checkBatch(b *batch, w *lineWorker) {
	report := func(p Problem) {
		// The line's strings may share a block that is read into again,
		// or the parser's memory, which the next line reuses.
		p.Msg, p.Pointer = strings.Clone(p.Msg), strings.Clone(p.Pointer)
		b.probs = append(b.probs, p)
	}
	if v.stats != nil {
		b.stats = &Stats{counted: v.stats.counted, maxTokens: v.stats.maxTokens}
	}
	whole := func(line []byte, n int) {
		if len(bytes.TrimSpace(line)) > 0 {
			// The line is never written again while its tree is checked:
			// its strings may share it.
			ex, err := w.parser.Parse(line, jsontree.Options{FirstLine: n, Shared: true})
			v.checkLine(line, ex, err, b.stats, report)
		}
	}
	streamed := func(ex *jsontree.Value, err error) { v.checkLine(nil, ex, err, b.stats, report) }
	switch {
	case b.span != nil:
		b.newlines, b.err = b.span.eachLine(&w.tail, whole, streamed)
	case b.data != nil:
		b.newlines = eachLine(b.data, whole)
		b.data = nil // done with it: let it go before the batch is reported
	default:
		streamed(b.long, b.longErr)
		b.long = nil
	}
}

// eachLine gives each line of data, numbered from 1, to whole, and returns
// the number of newlines.
func eachLine(data []byte, whole func(line []byte, n int)) (newlines int) {
	for len(data) > 0 {
		line, rest, found := bytes.Cut(data, []byte("\n"))
		whole(line[:len(line):len(line)], newlines+1)
		if found {
			newlines++
		}
		data = rest
	}
	return newlines
}

// checkLine checks one line, parsed into ex, or err saying why it could not
// be; line is nil when it streamed.
func (v *Validator) checkLine(line []byte, ex *jsontree.Value, err error, st *Stats, report func(Problem)) {
	switch {
	case err != nil:
		if st != nil {
			st.Examples++
			st.Invalid++
		}
		report(syntaxProblem(err))
	case v.opts.FineTune:
		v.example(ex, line, st, report)
	default:
		v.line(ex, report)
	}
}
