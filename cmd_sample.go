package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/sample"
)

// sampleOptions are the flags of convkit sample.
type sampleOptions struct {
	dataset.Options
	n        int
	fraction float64
	seed     uint64
}

func sampleCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "sample",
		Usage:     "keep a random sample of conversations, the same for a seed",
		ArgsUsage: "[FILE…]",
		Description: "Writes a uniform random sample of the conversations, in input order: -n N of them\n" +
			"(held in memory, N at most), or about --fraction F of them (streamed). Each conversation's\n" +
			"chance comes from a hash of its content and --seed, not from its place, so a sample is the\n" +
			"same on any machine, and the samples of shards, sampled again with the same -n and --seed,\n" +
			"give the sample of the whole (--merge says that is what is meant; see docs/scale.md).\n" +
			"Identical conversations are chosen together: dedupe first.\n\n" +
			"   convkit sample -n 1000 --seed 7 data.jsonl\n" +
			"   convkit sample --merge -n 1000 --seed 7 shard-*.sample.jsonl",
		Flags: datasetFlags(
			&cli.IntFlag{Name: "n", Usage: "how many conversations: `N`"},
			&cli.Float64Flag{Name: "fraction", Usage: "keep about `F` (0 to 1) of the conversations"},
			&cli.Uint64Flag{Name: "seed", Usage: "the `SEED` that decides the sample"},
			&cli.BoolFlag{Name: "merge", Usage: "the inputs are samples of shards taken with the same -n and --seed: give their sample"},
		),
		Action: func(c *cli.Context) error {
			if c.IsSet("n") == c.IsSet("fraction") {
				return cmderr.Usagef("sample needs one of -n N and --fraction F")
			}
			if c.Bool("merge") && !c.IsSet("n") {
				return cmderr.Usagef("sample --merge needs -n N, as the shards were sampled with")
			}
			return runSample(e, sampleOptions{datasetOptionsOf(c, c.Args().Slice()), c.Int("n"), c.Float64("fraction"), c.Uint64("seed")})
		},
	}
}

// sampled is a conversation the reservoir holds until the end.
type sampled struct {
	r   dataset.Record
	raw []byte
}

func runSample(e *env, opts sampleOptions) error {
	if opts.n < 0 || opts.fraction < 0 || opts.fraction > 1 {
		return cmderr.Usagef("-n takes a count and --fraction a number from 0 to 1")
	}
	out, err := dataset.OpenSink(e.Env, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	res := sample.NewReservoir[sampled](opts.n)
	total, kept := 0, 0
	skipped, err := dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		total++
		rank := sample.Rank(r.Digest().Uint64(), opts.seed)
		if opts.fraction > 0 || opts.n == 0 {
			if !sample.InFraction(rank, opts.fraction) {
				return nil
			}
			kept++
			return out.Write(r, r.Conv)
		}
		if res.Wants(rank) { // copy only what is kept: raw is reused
			res.Add(rank, sampled{*r, append([]byte(nil), r.Raw...)})
		} else {
			res.Add(rank, sampled{})
		}
		return nil
	})
	if err == nil && opts.n > 0 {
		for _, s := range res.Items() {
			s.r.Raw = s.raw
			kept++
			if err = out.Write(&s.r, s.r.Conv); err != nil {
				break
			}
		}
	}
	if err := out.Finish(err); err != nil {
		return err
	}
	if kept < total || skipped > 0 {
		e.Summary("sample", "kept %d of %s%s", kept, numfmt.Plural(total, "conversation"), dataset.SkippedNote(skipped))
	}
	return nil
}
