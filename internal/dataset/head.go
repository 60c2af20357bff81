package dataset

import (
	"errors"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
)

// HeadOptions are what head's flags say.
type HeadOptions struct {
	Options
	N int
}

// Head writes the first opts.N conversations and stops reading.
func Head(e *app.Env, opts HeadOptions) error {
	if opts.N < 0 {
		return cmderr.Usagef("-n takes a count, not %d", opts.N)
	}
	// A line too long to hold is copied as it was.
	opts.KeepLong = true
	if spools := passLong(&opts.Options, opts.Output); spools != nil {
		defer spools.Close()
	}
	out, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	if opts.N == 0 {
		return out.Finish(nil)
	}
	// Stop once the last is written: reading one more would wait on a pipe
	// for it, and fail on a line head does not write.
	written := 0
	_, err = Each(e, opts.Options, func(r *Record) error {
		written++
		if err := out.Write(r, r.Conv); err != nil || written < opts.N {
			return err
		}
		return errHeadDone
	})
	if errors.Is(err, errHeadDone) {
		err = nil
	}
	return out.Finish(err)
}

// errHeadDone stops reading once head has written its conversations.
var errHeadDone = errors.New("head: done")
