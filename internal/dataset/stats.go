package dataset

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/stats"
)

// StatsOptions are what stats's flags say.
type StatsOptions struct {
	Options
	Counter counting.Options
	JSON    bool
	Merge   bool // the files are stats --json reports to add up
	// Histogram draws the token histogram (main sets it on a terminal,
	// unless --histogram=false).
	Histogram bool
}

// Stats prints what the conversations of opts.Files hold: counts of
// conversations, messages, roles and tokens, and their distributions.
func Stats(e *app.Env, opts StatsOptions) error {
	var st *stats.Stats
	var skipped int
	if opts.Merge {
		var err error
		if st, err = mergeStats(e, opts.Files); err != nil {
			return err
		}
	} else {
		counter, err := counting.New(opts.Counter)
		if err != nil {
			return err
		}
		m := counter.Model()
		st = stats.New(m.Name, m.ContextWindow)
		// A long string is counted as it is read, and hashed from its spool.
		spools := spoolLong(&opts.Options, counter.Sinks(runtime.GOMAXPROCS(0)))
		defer spools.Close()
		skipped, err = Parallel(e, opts.Options, func(r *Record) func() error {
			tokens := counter.Conversation(r.Conv) // on a worker
			digest, err := r.Digest()
			return func() error {
				if err != nil {
					return err
				}
				st.Add(r.Conv, tokens, digest.Uint64())
				return nil
			}
		})
		if err != nil {
			return err
		}
	}
	if opts.JSON {
		b, err := json.Marshal(st)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "%s\n", b)
	} else {
		writeStats(e.Out, st)
		if opts.Histogram {
			st.WriteHistogram(e.Out, 40)
		}
	}
	if skipped > 0 {
		e.Summary("stats", "skipped %s that could not be read", numfmt.Plural(skipped, "line"))
	}
	return nil
}

// mergeStats reads stats --json reports and adds them up.
func mergeStats(e *app.Env, files []string) (*stats.Stats, error) {
	if len(files) == 0 {
		return nil, cmderr.Usagef("stats --merge needs the 'stats --json' files to merge")
	}
	var total *stats.Stats
	for _, path := range files {
		var b []byte
		var err error
		if path == "-" {
			b, err = io.ReadAll(e.In)
		} else {
			b, err = os.ReadFile(path)
		}
		if err != nil {
			return nil, cmderr.File(err)
		}
		one := new(stats.Stats)
		if err := json.Unmarshal(b, one); err != nil {
			return nil, fmt.Errorf("%s: not a 'stats --json' report: %v", path, err)
		}
		if total == nil {
			total = one
		} else if err := total.Merge(one); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return total, nil
}

// writeStats prints the figures for a reader.
func writeStats(w io.Writer, s *stats.Stats) {
	roles := make([]string, 0, len(s.Roles))
	for r := range s.Roles {
		roles = append(roles, r)
	}
	slices.SortFunc(roles, func(a, b string) int {
		if s.Roles[a] != s.Roles[b] {
			return s.Roles[b] - s.Roles[a]
		}
		return strings.Compare(a, b)
	})
	var byRole []string
	for _, r := range roles {
		byRole = append(byRole, fmt.Sprintf("%s %s", r, numfmt.Thousands(int64(s.Roles[r]))))
	}
	n := func(i int64) string { return numfmt.Thousands(i) }
	fmt.Fprintf(w, "conversations   %s\n", n(int64(s.Conversations)))
	if len(byRole) > 0 {
		fmt.Fprintf(w, "messages        %s (%s)\n", n(int64(s.Messages)), strings.Join(byRole, ", "))
	} else {
		fmt.Fprintf(w, "messages        %s\n", n(int64(s.Messages)))
	}
	fmt.Fprintf(w, "turns           %s user messages\n", n(int64(s.Turns)))
	fmt.Fprintf(w, "tokens          sum %s, mean %s, min %s, p50 %s, p90 %s, p99 %s, max %s (quantiles within %g %%)\n",
		n(int64(s.TokenSum)), numfmt.Decimal(s.Mean(), 1), n(int64(s.TokenMin)), n(int64(s.Percentile(50))), n(int64(s.Percentile(90))), n(int64(s.Percentile(99))), n(int64(s.TokenMax)), stats.RelativeError*100)
	fmt.Fprintf(w, "tools           %s calls, %s results, in %s conversations\n", n(int64(s.ToolCalls)), n(int64(s.ToolResults)), n(int64(s.WithTools)))
	fmt.Fprintf(w, "empty messages  %s\n", n(int64(s.EmptyMessages)))
	fmt.Fprintf(w, "duplicates      %s\n", n(int64(s.Duplicates())))
	fmt.Fprintf(w, "over window     %s above %s tokens (%s)\n", n(int64(s.OverWindow)), n(int64(s.Window)), s.Model)
}
