package dataset

import (
	"fmt"

	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/numfmt"
)

// DedupeOptions are what dedupe's flags say.
type DedupeOptions struct {
	Options
	Key  string  // whole, first-user or an expression
	Near float64 // 0: exact duplicates only
}

// Dedupe writes the first of each group of conversations with the same
// key (opts.Key), or, with opts.Near, of near-duplicates.
func Dedupe(e *app.Env, opts DedupeOptions) error {
	if !(opts.Near >= 0 && opts.Near <= 1) { // NaN too
		return cmderr.Usagef("--near takes a similarity from 0 to 1, not %g", opts.Near)
	}
	var near *dedupe.Near // nil: exact duplicates only
	if opts.Near > 0 {
		nopts := dedupe.DefaultNear
		nopts.Threshold = opts.Near
		near = dedupe.NewNear(nopts)
	}
	key, err := Key("--key", opts.Key, near)
	if err != nil {
		return err
	}
	// A line too long to hold, kept, is copied as it was.
	opts.KeepLong = true
	if keyStreams(opts.Key) {
		if spools := passLong(&opts.Options, opts.Output); spools != nil {
			defer spools.Close()
		}
	}
	d := &deduper{e: e, opts: opts, key: key, seen: dedupe.NewSet(), near: near}
	out, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	skipped, err := Parallel(e, opts.Options, func(r *Record) func() error {
		// On a worker: the key's digest, and the near signature.
		digest, sig, err := d.key(r)
		return func() error { // in order
			dup, err := d.duplicate(r, digest, sig, err)
			if err != nil || dup {
				return err
			}
			return out.Write(r, r.Conv)
		}
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	d.summary(skipped)
	return nil
}

// deduper remembers the keys seen, and tallies what it drops.
type deduper struct {
	e              *app.Env
	opts           DedupeOptions
	key            func(*Record) (dedupe.Digest, []uint32, error)
	seen           *dedupe.Set
	near           *dedupe.Near // nil: exact duplicates only
	files          []string     // the inputs read so far
	total, dropped int
}

// duplicate says whether r, of key digest and near signature sig (or an
// error of the key), repeats a record seen before (told with -v). Places
// are numbered across files: the file's index in the high bits.
func (d *deduper) duplicate(r *Record, digest dedupe.Digest, sig []uint32, err error) (bool, error) {
	d.total++
	if len(d.files) == 0 || d.files[len(d.files)-1] != r.File {
		d.files = append(d.files, r.File)
	}
	place := (len(d.files)-1)<<40 | r.Line
	if err != nil {
		return false, err
	}
	first, dup := d.seen.Add(digest, place)
	how := "a duplicate"
	if !dup && d.near != nil && sig != nil { // nil: an empty key, kept apart
		first, dup = d.near.AddSignature(sig, place)
		how = "a near duplicate"
	}
	if dup {
		d.dropped++
		if d.opts.Verbose {
			d.e.Summary("dedupe", "%s: %s of %s:%d", r.Where(), how, d.files[first>>40], first&(1<<40-1))
		}
	}
	return dup, nil
}

// summary tells what was dropped, if anything.
func (d *deduper) summary(skipped int) {
	if d.dropped == 0 && skipped == 0 {
		return
	}
	what := "duplicates"
	if d.near != nil {
		what = fmt.Sprintf("duplicates and near duplicates (similarity %g or more)", d.opts.Near)
	}
	d.e.Summary("dedupe", "dropped %d of %s as %s%s", d.dropped, numfmt.Plural(d.total, "conversation"), what, SkippedNote(skipped))
}
