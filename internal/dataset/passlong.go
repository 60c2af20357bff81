package dataset

import (
	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/spool"
)

// passLong lets a verb that writes conversations without holding their
// long texts (head and shard, which do not read them; dedupe, sample and
// split, which hash them as they stream; filter, whose expression does not
// read them; merge-roles, which joins them where they are) read a string
// too long to hold into a spool (chat.Spool) and write it from there, so
// that its memory does not grow with one value: it sets opts.Long, and
// returns the spools' Set to close once the outputs are written. It
// returns nil, reading strings whole as before, unless the outputs pass
// spools (passesLong).
func passLong(opts *Options, outputs ...string) *spool.Set {
	return passLongTo(opts, nil, outputs...)
}

// passLongTo is passLong with spools that also give their strings to
// tee's sinks (count.Counter.Sinks), for a verb that counts tokens.
func passLongTo(opts *Options, tee func(chat.LongKind) chat.Sink, outputs ...string) *spool.Set {
	if !passesLong(*opts, outputs) {
		return nil
	}
	return spoolLong(opts, tee)
}

// passesLong says whether every output is written by a writer that
// copies spooled strings (convert.Format.PassesLong): the --format named,
// the format the -o FILE's extension implies, or the input's own (whose
// reader spools only if it is api, meta or jsonl, whose writers pass
// them).
func passesLong(opts Options, outputs []string) bool {
	if opts.Format != "" {
		f, err := convert.Lookup(opts.Format)
		return err == nil && f.PassesLong
	}
	for _, o := range outputs {
		if f := output.ImpliedFormat(o, nil); f != nil && !f.PassesLong {
			return false
		}
	}
	return true
}

// spoolLong reads the strings too long to hold into spools, which also
// give them to tee's sinks when tee is not nil (count.Counter.Sinks); the
// Set returned is to be closed once they have been read.
func spoolLong(opts *Options, tee func(chat.LongKind) chat.Sink) *spool.Set {
	set := spool.New("", tee)
	opts.Long = set.Open
	return set
}
