package dataset

import (
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/sample"
)

// SampleOptions are what sample's flags say.
type SampleOptions struct {
	Options
	N        int
	Fraction float64
	Seed     uint64
}

// Sample writes opts.N conversations (or opts.Fraction of them) drawn at
// random with opts.Seed, in input order.
func Sample(e *app.Env, opts SampleOptions) error {
	if opts.N < 0 || !(opts.Fraction >= 0 && opts.Fraction <= 1) { // NaN too
		return cmderr.Usagef("-n takes a count and --fraction a number from 0 to 1")
	}
	// A line too long to hold is copied as it was (the reservoir of -n
	// holds the files of the lines it holds).
	opts.KeepLong = true
	if spools := passLong(&opts.Options, opts.Output); spools != nil { // the digest streams
		defer spools.Close()
		if opts.N > 0 {
			opts.spools = nil // the reservoir keeps records, and their spools, to the end
		}
	}
	out, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	res := sample.NewReservoir[sampled](opts.N)
	total, kept := 0, 0
	skipped, err := Each(e, opts.Options, func(r *Record) error {
		total++
		digest, err := r.Digest()
		if err != nil {
			return err
		}
		rank := sample.Rank(digest.Uint64(), opts.Seed)
		if opts.Fraction > 0 || opts.N == 0 {
			if !sample.InFraction(rank, opts.Fraction) {
				return nil
			}
			kept++
			return out.Write(r, r.Conv)
		}
		if res.Wants(rank) { // copy only what is kept: raw is reused
			s := sampled{*r, append([]byte(nil), r.Raw...)}
			r.Long = nil // the reservoir's now, closed when it leaves
			if left, gone := res.Offer(rank, s); gone {
				left.r.Long.close()
			}
		} else {
			res.Add(rank, sampled{})
		}
		return nil
	})
	if opts.N > 0 {
		for _, s := range res.Items() {
			s.r.Raw = s.raw
			if err == nil {
				kept++
				err = out.Write(&s.r, s.r.Conv)
			}
			s.r.Long.close()
		}
	}
	if err := out.Finish(err); err != nil {
		return err
	}
	if kept < total || skipped > 0 {
		e.Summary("sample", "kept %d of %s%s", kept, numfmt.Plural(total, "conversation"), SkippedNote(skipped))
	}
	return nil
}

// sampled is a conversation the reservoir holds until the end.
type sampled struct {
	r   Record
	raw []byte
}
