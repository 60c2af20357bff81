package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/stats"
)

// statsOptions are the flags of convkit stats.
type statsOptions struct {
	dataset.Options
	counter counting.Options
	json    bool
	merge   bool // the files are stats --json reports to add up
}

func statsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "stats",
		Usage:     "describe a dataset: conversations, roles, turns, tokens, tools, duplicates",
		ArgsUsage: "[FILE…]",
		Description: "Prints figures about the conversations of each FILE (or standard input), all together.\n" +
			"Counts and sums are exact; token quantiles come from a DDSketch and are within 1 % of a\n" +
			"value at that rank; duplicates are conversations whose normalised text repeats an earlier\n" +
			"one (as 'convkit dedupe' compares them). --json reports can be merged: 'stats --merge\n" +
			"a.json b.json' gives the figures of one run over the data of both.\n\n" +
			"   convkit stats data.jsonl\n" +
			"   convkit stats --json shard-0.jsonl > a.json; convkit stats --merge a.json b.json",
		Flags: []cli.Flag{
			modelFlag, modelsFileFlag,
			&cli.BoolFlag{Name: "json", Usage: "print the figures as one JSON object, mergeable with --merge"},
			&cli.BoolFlag{Name: "merge", Usage: "each FILE is a 'stats --json' report: print the figures of all of them together"},
			fromFlag, skipInvalidFlag, verboseFlag,
		},
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return runStats(e, statsOptions{Options: datasetOptionsOf(c, c.Args().Slice()),
				counter: counter, json: c.Bool("json"), merge: c.Bool("merge")})
		},
	}
}

func runStats(e *env, opts statsOptions) error {
	var st *stats.Stats
	var skipped int
	if opts.merge {
		var err error
		if st, err = e.mergeStats(opts.Files); err != nil {
			return err
		}
	} else {
		counter, err := counting.New(opts.counter)
		if err != nil {
			return err
		}
		m := counter.Model()
		st = stats.New(m.Name, m.ContextWindow)
		skipped, err = dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
			st.Add(r.Conv, counter.Conversation(r.Conv), r.Digest().Uint64())
			return nil
		})
		if err != nil {
			return err
		}
	}
	if opts.json {
		b, err := json.Marshal(st)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "%s\n", b)
	} else {
		writeStats(e.Out, st)
	}
	if skipped > 0 {
		e.Summary("stats", "skipped %s that could not be read", numfmt.Plural(skipped, "line"))
	}
	return nil
}

// mergeStats reads stats --json reports and adds them up.
func (e *env) mergeStats(files []string) (*stats.Stats, error) {
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
	fmt.Fprintf(w, "messages        %s (%s)\n", n(int64(s.Messages)), strings.Join(byRole, ", "))
	fmt.Fprintf(w, "turns           %s user messages\n", n(int64(s.Turns)))
	fmt.Fprintf(w, "tokens          sum %s, mean %s, min %s, p50 %s, p90 %s, p99 %s, max %s (quantiles within %g %%)\n",
		n(int64(s.TokenSum)), numfmt.Decimal(s.Mean(), 1), n(int64(s.TokenMin)), n(int64(s.Quantile(0.5))), n(int64(s.Quantile(0.9))), n(int64(s.Quantile(0.99))), n(int64(s.TokenMax)), stats.RelativeError*100)
	fmt.Fprintf(w, "tools           %s calls, %s results, in %s conversations\n", n(int64(s.ToolCalls)), n(int64(s.ToolResults)), n(int64(s.WithTools)))
	fmt.Fprintf(w, "empty messages  %s\n", n(int64(s.EmptyMessages)))
	fmt.Fprintf(w, "duplicates      %s\n", n(int64(s.Duplicates())))
	fmt.Fprintf(w, "over window     %s above %s tokens (%s)\n", n(int64(s.OverWindow)), n(int64(s.Window)), s.Model)
}
