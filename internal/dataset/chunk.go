package dataset

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/trim"
)

// ChunkOptions are what chunk's flags say.
type ChunkOptions struct {
	Options
	Max     int
	Overlap int
	OnUnfit string // error, skip or keep
	Counter counting.Options
}

// Chunk splits each conversation of opts.Files into overlapping windows
// of at most opts.Max tokens, each written as a conversation of its own.
func Chunk(e *app.Env, opts ChunkOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	c, err := counting.New(opts.Counter)
	if err != nil {
		return err
	}
	// A long string is counted as it is read, and written from its spool.
	// A line too long to hold, unchanged, is copied as it was.
	opts.KeepLong = true
	if spools := passLongTo(&opts.Options, c.Sinks(runtime.GOMAXPROCS(0)), opts.Output); spools != nil {
		defer spools.Close()
	}
	ch := &chunker{e: e, opts: opts, counter: trim.Count(c)}
	out, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	skipped, err := Parallel(e, opts.Options, func(r *Record) func() error {
		chunks, err := trim.Chunk(r.Conv, ch.counter, trim.ChunkOptions{Max: ch.opts.Max, Overlap: ch.opts.Overlap}) // on a worker
		return func() error {                                                                                        // in order
			chunks, err := ch.record(r, chunks, err)
			for _, part := range chunks {
				if err == nil {
					err = out.Write(r, part)
				}
			}
			return err
		}
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	ch.summary(skipped)
	return nil
}

func (o ChunkOptions) check() error {
	switch {
	case o.Max <= 0:
		return cmderr.Usagef("chunk needs --max-tokens N")
	case o.Overlap < 0:
		return cmderr.Usagef("--overlap takes a number of turns, not %d", o.Overlap)
	case o.OnUnfit != "error" && o.OnUnfit != "skip" && o.OnUnfit != "keep":
		return cmderr.Usagef("--on-unfit takes error, skip or keep, not %q", o.OnUnfit)
	}
	return nil
}

// chunker cuts conversations and keeps the tallies of its summary.
type chunker struct {
	e                        *app.Env
	opts                     ChunkOptions
	counter                  trim.Counter
	total, cut, parts, unfit int
}

// record returns the parts r is cut into, given what trim.Chunk said:
// none when it cannot fit and --on-unfit skip, itself whole with keep.
func (ch *chunker) record(r *Record, chunks []*chat.Conversation, err error) ([]*chat.Conversation, error) {
	ch.total++
	var ue *trim.UnfitError
	switch {
	case errors.As(err, &ue):
		return ch.unfitRecord(r, err)
	case err != nil:
		return nil, err
	}
	if len(chunks) > 1 {
		ch.cut++
		ch.parts += len(chunks)
		if ch.opts.Verbose {
			ch.e.Summary("chunk", "%s: cut into %d parts", r.Where(), len(chunks))
		}
	}
	return chunks, nil
}

// unfitRecord does with r, which cannot fit, what --on-unfit says.
func (ch *chunker) unfitRecord(r *Record, err error) ([]*chat.Conversation, error) {
	switch ch.opts.OnUnfit {
	case "skip":
		ch.unfit++
		if ch.opts.Verbose {
			ch.e.Summary("chunk", "%s: dropped: %v", r.Where(), err)
		}
		return nil, nil
	case "keep":
		ch.unfit++
		return []*chat.Conversation{r.Conv}, nil
	}
	return nil, &cmderr.No{Msg: fmt.Sprintf("%s: %v", r.Where(), err)}
}

// summary tells what was cut and dropped, if anything.
func (ch *chunker) summary(skipped int) {
	if ch.cut == 0 && ch.unfit == 0 && skipped == 0 {
		return
	}
	msg := fmt.Sprintf("cut %d of %s into %d parts", ch.cut, numfmt.Plural(ch.total, "conversation"), ch.parts)
	if ch.unfit > 0 {
		what := "dropped"
		if ch.opts.OnUnfit == "keep" {
			what = "kept whole, over the budget,"
		}
		msg += fmt.Sprintf(", %s %d with a turn that cannot fit", what, ch.unfit)
	}
	ch.e.Summary("chunk", "%s%s", msg, SkippedNote(skipped))
}
