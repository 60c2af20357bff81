package dataset

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/spool"
)

// Records go from the reader to the workers in batches, so that handing
// them over costs little beside the work; a batch ends at batchRecords
// records or batchBytes bytes of lines. At most 2×workers batches are
// between the reader and the writer (count.Ordered), so memory is bounded
// by that window, not by the input.
const (
	batchRecords = 64
	batchBytes   = 256 << 10
)

// Parallel reads records as Each does, and on Options.Workers goroutines
// (GOMAXPROCS by default) parses each (the lines of JSON Lines: other
// formats are parsed as read) and runs work on it; the functions work
// returns then run one at a time, in input order, where a verb writes
// and keeps its tallies. work may return nil. A line that cannot be read
// is skipped, or given to work, or ends the run, as in Each, in order.
func Parallel(e *app.Env, opts Options, work func(*Record) func() error) (skipped int, err error) {
	workers := opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	rd := &batchReader{e: e, paths: source.OrStdin(opts.Files), spools: newReleaser(opts.spools)}
	rd.opts, rd.long = opts.sourceOptions()
	do := func(b []pending) []func() error {
		fns := make([]func() error, 0, len(b))
		for _, p := range b {
			fn, stop := p.record(opts, work, &skipped, e)
			if rd.spools.set != nil {
				fn = releaseAfter(rd.spools, p.mark, fn)
			}
			if fn != nil {
				fns = append(fns, fn)
			}
			if stop {
				break
			}
		}
		return fns
	}
	err = count.Ordered(workers, rd.next, do, func(fns []func() error) error {
		for _, fn := range fns {
			if err := fn(); err != nil {
				return err
			}
		}
		return nil
	})
	// Ordered has returned, so the reader is done: close what it left open.
	if rd.in != nil {
		if cerr := rd.in.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", rd.in.Name, cerr)
		}
	}
	return skipped, err
}

// pending is a record read but not yet parsed.
type pending struct {
	u    *source.Unparsed
	rec  Record     // File, Line, Format
	mark spool.Mark // after the spools its long strings went to
}

// record parses p and runs work on it, or, for a line that cannot be
// read, returns what Each would do with it; stop says that the function
// returned ends the run.
func (p *pending) record(opts Options, work func(*Record) func() error, skipped *int, e *app.Env) (fn func() error, stop bool) {
	r := &p.rec
	conv, err := p.u.Parse()
	r.Conv = conv
	// The line's warnings come out in input order, before its work.
	defer func() { fn = tellFirst(p.u, fn) }()
	if r.Long != nil {
		defer func() { fn = closeAfter(r.Long, fn) }()
	}
	// Only a line-based reader can go on past a line it cannot read.
	if err != nil && r.hasSource() && (opts.Unreadable || opts.SkipInvalid) {
		if !opts.Unreadable {
			return func() error {
				*skipped++
				if opts.Verbose {
					e.Warnf("%v (line skipped)", err)
				}
				return nil
			}, false
		}
		r.Err, err = err, nil
	}
	if err != nil {
		return func() error { return err }, true
	}
	return work(r), false
}

// batchReader reads the records of every input in order, a batch at a
// time; count.Ordered calls next on one goroutine.
type batchReader struct {
	e      *app.Env
	opts   source.Options
	long   *longLines // nil unless Options.KeepLong
	spools *releaser  // released in order, by the functions of the records
	paths  []string
	in     *source.Input // being read
	n      int           // records read of in
	// err is where reading stopped, given once the batch before it has
	// been.
	err error
}

// next returns the next batch, io.EOF after the last.
func (rd *batchReader) next() ([]pending, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	var b []pending
	size := 0
	for len(b) < batchRecords && size < batchBytes {
		u, err := rd.record()
		if err != nil {
			rd.err = err
			break
		}
		rd.n++
		p := pending{u: u, rec: Record{File: rd.in.Name, Line: rd.n, Format: rd.in.Format, Lines: rd.in.Lines, Raw: u.Raw}, mark: rd.spools.mark()}
		if u.Line > 0 {
			p.rec.Line = u.Line
		}
		if p.rec.Long, err = rd.long.take(&p.rec, nil); err != nil {
			rd.err = err
			break
		}
		b = append(b, p)
		size += len(u.Raw)
	}
	if len(b) == 0 {
		return nil, rd.err
	}
	return b, nil
}

// record returns the next record of the inputs, opening each in turn,
// io.EOF after the last. An empty input has none and is no error.
func (rd *batchReader) record() (*source.Unparsed, error) {
	for {
		if rd.in == nil {
			if len(rd.paths) == 0 {
				return nil, io.EOF
			}
			in, err := rd.e.OpenInput(rd.paths[0], rd.opts)
			rd.paths = rd.paths[1:]
			if errors.Is(err, source.ErrEmpty) {
				continue
			}
			if err != nil {
				return nil, err
			}
			rd.in, rd.n = in, 0
		}
		u, err := rd.in.NextUnparsed()
		if !errors.Is(err, io.EOF) {
			return u, err
		}
		in := rd.in
		rd.in = nil
		if err := in.Close(); err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
	}
}

// tellFirst gives u's warnings before fn, its record's function, runs.
func tellFirst(u *source.Unparsed, fn func() error) func() error {
	return func() error {
		u.Tell()
		if fn == nil {
			return nil
		}
		return fn()
	}
}

// releaseAfter tells spools, once fn, the function of the record read at
// mark, has run, that the record is done with.
func releaseAfter(spools *releaser, mark spool.Mark, fn func() error) func() error {
	return func() error {
		defer spools.done(mark)
		if fn == nil {
			return nil
		}
		return fn()
	}
}

// closeAfter lets a long line go once fn, its record's function, has run.
func closeAfter(l *LongLine, fn func() error) func() error {
	return func() error {
		defer l.close()
		if fn == nil {
			return nil
		}
		return fn()
	}
}
