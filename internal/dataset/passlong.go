package dataset

import (
	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/spool"
)

// passLong lets a verb that writes conversations without looking at their
// text (head, shard by turns) read a string too long to hold into a spool
// (chat.Spool) and write it from there, so that its memory does not grow
// with one value: it sets opts.Long, and returns the spools' Set to close
// once the outputs are written. It returns nil, reading strings whole as
// before, unless every output is written by a writer that copies spooled
// strings (convert.Format.PassesLong): the --format named, the format the
// -o FILE's extension implies, or the input's own (whose reader spools
// only if it is api, meta or jsonl, whose writers pass them).
func passLong(opts *Options, outputs ...string) *spool.Set {
	if opts.Format != "" {
		if f, err := convert.Lookup(opts.Format); err != nil || !f.PassesLong {
			return nil
		}
	} else {
		for _, o := range outputs {
			if f := output.ImpliedFormat(o, nil); f != nil && !f.PassesLong {
				return nil
			}
		}
	}
	return spoolLong(opts, nil)
}

// spoolLong reads the strings too long to hold into spools, which also
// give them to tee's sinks when tee is not nil (count.Counter.Sinks); the
// Set returned is to be closed once they have been read.
func spoolLong(opts *Options, tee func(chat.LongKind) chat.Sink) *spool.Set {
	set := spool.New("", tee)
	opts.Long = set.Open
	return set
}
