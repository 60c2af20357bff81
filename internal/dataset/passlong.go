package dataset

import (
	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/spool"
)

// passLong lets a verb that writes conversations without holding their
// long texts (head and shard, which do not read them; dedupe, sample and
// split, which hash them as they stream; filter, whose expression reads
// them from there, held once, if at all; merge-roles, which joins them
// where they are; redact, which scans them in windows) read a string
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
// the format the -o FILE's extension implies, or the input's own (a
// reader spools only for a format whose writer passes them).
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
	opts.Long, opts.spools = set.Open, set
	return set
}

// releaser lets the temporary files of spools go as the records that hold
// them are done with, so that the disk holds the long strings of the
// records in use, not of the whole input (spool.Set.Release). A record is
// done with once the verb's function for the next one has returned: a
// writer of a JSON document holds the conversation before the one it is
// given (to know whether it writes an array), none holds more. A verb that
// keeps records to its end (sample -n) sets no spools to release.
type releaser struct {
	set  *spool.Set // nil: nothing to release
	prev spool.Mark // the mark of the record before the last done
}

// newReleaser releases the spools of set (nil: none); the Set starts a
// new file once one is full from now on (its first Release).
func newReleaser(set *spool.Set) *releaser {
	if set != nil {
		set.Release(set.Mark()) // no record has been read: nothing goes
	}
	return &releaser{set: set}
}

// mark is the place after the spools of the record just read.
func (r *releaser) mark() spool.Mark {
	if r.set == nil {
		return 0
	}
	return r.set.Mark()
}

// done says that the verb's function for the record read at mark has
// returned: the spools of the record before it are released.
func (r *releaser) done(mark spool.Mark) {
	if r.set == nil {
		return
	}
	r.set.Release(r.prev)
	r.prev = mark
}
