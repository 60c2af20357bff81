package dataset

import (
	"fmt"

	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/sample"
)

// ShardOptions are what shard's flags say.
type ShardOptions struct {
	Options
	N  int
	By string // "" deals round robin
}

// Shard writes the conversations into opts.N files in opts.Output, a
// directory, by turns or by content.
func Shard(e *app.Env, opts ShardOptions) error {
	if opts.N < 1 || opts.N > 10000 {
		return cmderr.Usagef("-n takes a number of shards from 1 to 10000, not %d", opts.N)
	}
	var key func(*Record) (dedupe.Digest, []uint32, error)
	if opts.By != "" {
		k, err := Key("--by", opts.By, nil)
		if err != nil {
			return err
		}
		key = k
	}
	// A line too long to hold, kept, is copied as it was.
	opts.KeepLong = true
	if opts.By == "" || keyStreams(opts.By) { // by turns the text is not read
		if spools := passLong(&opts.Options); spools != nil {
			defer spools.Close()
		}
	}
	names := make([]string, opts.N)
	for i := range names {
		names[i] = fmt.Sprintf("shard-%04d", i)
	}
	sinks, err := OpenSinks(e, opts.Output, opts.Format, opts.Options, names)
	if err != nil {
		return err
	}
	next := 0
	skipped, err := Parallel(e, opts.Options, func(r *Record) func() error {
		i, err := -1, error(nil)
		if key != nil { // on a worker
			var digest dedupe.Digest
			digest, _, err = key(r)
			i = sample.Shard(digest.Uint64(), opts.N)
		}
		return func() error {
			if err != nil {
				return err
			}
			if i < 0 {
				i = next
				next = (next + 1) % opts.N
			}
			return sinks[i].Write(r, r.Conv)
		}
	})
	if err := FinishAll(sinks, err); err != nil {
		return err
	}
	if skipped > 0 {
		e.Summary("shard", "skipped %s that could not be read", numfmt.Plural(skipped, "line"))
	}
	return nil
}
