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
	if opts.Near < 0 || opts.Near > 1 {
		return cmderr.Usagef("--near takes a similarity from 0 to 1, not %g", opts.Near)
	}
	key, err := Key(opts.Key)
	if err != nil {
		return err
	}
	var near *dedupe.Near
	if opts.Near > 0 {
		nopts := dedupe.DefaultNear
		nopts.Threshold = opts.Near
		near = dedupe.NewNear(nopts)
	}
	out, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	// Places are numbered across files: the file's index in the high bits.
	seen := dedupe.NewSet()
	var files []string
	total, dropped := 0, 0
	skipped, err := Each(e, opts.Options, func(r *Record) error {
		total++
		if len(files) == 0 || files[len(files)-1] != r.File {
			files = append(files, r.File)
		}
		place := (len(files)-1)<<40 | r.Line
		digest, text, err := key(r)
		if err != nil {
			return err
		}
		first, dup := seen.Add(digest, place)
		how := "a duplicate"
		if !dup && near != nil {
			first, dup = near.Add(text, place)
			how = "a near duplicate"
		}
		if dup {
			dropped++
			if opts.Verbose {
				e.Summary("dedupe", "%s: %s of %s:%d", r.Where(), how, files[first>>40], first&(1<<40-1))
			}
			return nil
		}
		return out.Write(r, r.Conv)
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	if dropped > 0 || skipped > 0 {
		what := "duplicates"
		if near != nil {
			what = fmt.Sprintf("duplicates and near duplicates (similarity %g or more)", opts.Near)
		}
		e.Summary("dedupe", "dropped %d of %s as %s%s", dropped, numfmt.Plural(total, "conversation"), what, SkippedNote(skipped))
	}
	return nil
}
