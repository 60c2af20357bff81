package dataset

import (
	"errors"
	"fmt"

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
	switch {
	case opts.Max <= 0:
		return cmderr.Usagef("chunk needs --max-tokens N")
	case opts.Overlap < 0:
		return cmderr.Usagef("--overlap takes a number of turns, not %d", opts.Overlap)
	case opts.OnUnfit != "error" && opts.OnUnfit != "skip" && opts.OnUnfit != "keep":
		return cmderr.Usagef("--on-unfit takes error, skip or keep, not %q", opts.OnUnfit)
	}
	c, err := counting.New(opts.Counter)
	if err != nil {
		return err
	}
	counter := trim.Count(c)
	out, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	total, cut, parts, unfit := 0, 0, 0, 0
	skipped, err := Each(e, opts.Options, func(r *Record) error {
		total++
		chunks, err := trim.Chunk(r.Conv, counter, trim.ChunkOptions{Max: opts.Max, Overlap: opts.Overlap})
		var ue *trim.UnfitError
		if errors.As(err, &ue) {
			switch opts.OnUnfit {
			case "error":
				return &cmderr.No{Msg: fmt.Sprintf("%s: %v", r.Where(), err)}
			case "skip":
				unfit++
				if opts.Verbose {
					e.Summary("chunk", "%s: dropped: %v", r.Where(), err)
				}
				return nil
			case "keep":
				unfit++
				chunks = chunks[:0]
				chunks = append(chunks, r.Conv)
			}
		} else if err != nil {
			return err
		}
		if len(chunks) > 1 {
			cut++
			parts += len(chunks)
			if opts.Verbose {
				e.Summary("chunk", "%s: cut into %d parts", r.Where(), len(chunks))
			}
		}
		for _, part := range chunks {
			if err := out.Write(r, part); err != nil {
				return err
			}
		}
		return nil
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	if cut > 0 || unfit > 0 || skipped > 0 {
		msg := fmt.Sprintf("cut %d of %s into %d parts", cut, numfmt.Plural(total, "conversation"), parts)
		if unfit > 0 {
			what := "dropped"
			if opts.OnUnfit == "keep" {
				what = "kept whole, over the budget,"
			}
			msg += fmt.Sprintf(", %s %d with a turn that cannot fit", what, unfit)
		}
		e.Summary("chunk", "%s%s", msg, SkippedNote(skipped))
	}
	return nil
}
