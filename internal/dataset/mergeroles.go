package dataset

import (
	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/numfmt"
)

// MergeRolesOptions are what mergeroles's flags say.
type MergeRolesOptions struct {
	Options
	Separator string
}

// MergeRoles joins consecutive messages of the same role, their texts
// separated by opts.Separator, long texts read into spools and joined
// there.
func MergeRoles(e *app.Env, opts MergeRolesOptions) error {
	// A long text is joined where it is (chat.MergeRoles joins spools).
	// A line too long to hold, unchanged, is copied as it was.
	opts.KeepLong = true
	if spools := passLong(&opts.Options, opts.Output); spools != nil {
		defer spools.Close()
	}
	out, err := OpenSink(e, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	total, changed, joined := 0, 0, 0
	skipped, err := Each(e, opts.Options, func(r *Record) error {
		total++
		conv, n := chat.MergeRoles(r.Conv, opts.Separator)
		if n > 0 {
			changed++
			joined += n
			if opts.Verbose {
				e.Summary("merge-roles", "%s: joined %s into others", r.Where(), numfmt.Plural(n, "message"))
			}
		}
		return out.Write(r, conv)
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	if joined > 0 || skipped > 0 {
		e.Summary("merge-roles", "joined %s into others in %d of %s%s", numfmt.Plural(joined, "message"), changed, numfmt.Plural(total, "conversation"), SkippedNote(skipped))
	}
	return nil
}
