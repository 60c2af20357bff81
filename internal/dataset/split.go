package dataset

import (
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/sample"
)

// SplitOptions are what split's flags say.
type SplitOptions struct {
	Options
	Train float64
	Seed  uint64
	By    string // the key hashed: whole, first-user or an expression
}

// Split writes the conversations into a train and a test file in
// opts.Output, a directory, opts.Train of them to train.
func Split(e *app.Env, opts SplitOptions) error {
	if !(opts.Train >= 0 && opts.Train <= 1) { // NaN too
		return cmderr.Usagef("--train takes a fraction from 0 to 1, not %g", opts.Train)
	}
	key, err := Key("--by", opts.By, nil)
	if err != nil {
		return err
	}
	// A line too long to hold, kept, is copied as it was.
	opts.KeepLong = true
	if keyStreams(opts.By) {
		if spools := passLong(&opts.Options); spools != nil {
			defer spools.Close()
		}
	}
	sinks, err := OpenSinks(e, opts.Output, opts.Format, opts.Options, []string{"train", "validation"})
	if err != nil {
		return err
	}
	counts := [2]int{}
	skipped, err := Parallel(e, opts.Options, func(r *Record) func() error {
		digest, _, err := key(r) // on a worker
		return func() error {
			if err != nil {
				return err
			}
			side := 1
			if sample.InFraction(sample.Rank(digest.Uint64(), opts.Seed), opts.Train) {
				side = 0
			}
			counts[side]++
			return sinks[side].Write(r, r.Conv)
		}
	})
	if err := FinishAll(sinks, err); err != nil {
		return err
	}
	if skipped > 0 {
		e.Summary("split", "%d train, %d validation%s", counts[0], counts[1], SkippedNote(skipped))
	}
	return nil
}
