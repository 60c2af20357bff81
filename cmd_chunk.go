package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/trim"
)

// chunkOptions are the flags of convkit chunk.
type chunkOptions struct {
	dataset.Options
	max     int
	overlap int
	onUnfit string // error, skip or keep
	counter counting.Options
}

func chunkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "chunk",
		Usage:     "cut long conversations into parts that fit a token budget, at turn boundaries",
		ArgsUsage: "[FILE…]",
		Description: "Writes each conversation that fits --max-tokens unchanged, and cuts each longer one into\n" +
			"parts that fit: the leading system and developer messages are repeated in every part, a\n" +
			"part never starts (after them) on an assistant or tool message, a tool call is never\n" +
			"parted from its results, and --overlap K repeats the last K turns of a part at the start\n" +
			"of the next. A turn that cannot fit alone stops chunk, or with --on-unfit skip drops its\n" +
			"conversation, or with --on-unfit keep writes it in a part over the budget.\n\n" +
			"   convkit chunk --max-tokens 8192 data.jsonl",
		Flags: datasetFlags(
			tokensFlag(&cli.IntFlag{Name: "max-tokens", Usage: "the most tokens a part may cost: `N`"}),
			&cli.IntFlag{Name: "overlap", Usage: "repeat the last `K` turns of a part in the next"},
			&cli.StringFlag{Name: "on-unfit", Value: "error", Usage: "for a turn that cannot fit: `error`, skip or keep"},
			modelFlag, modelsFileFlag,
		),
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return runChunk(e, chunkOptions{datasetOptionsOf(c, c.Args().Slice()), c.Int("max-tokens"), c.Int("overlap"), c.String("on-unfit"), counter})
		},
	}
}

func runChunk(e *env, opts chunkOptions) error {
	switch {
	case opts.max <= 0:
		return cmderr.Usagef("chunk needs --max-tokens N")
	case opts.overlap < 0:
		return cmderr.Usagef("--overlap takes a number of turns, not %d", opts.overlap)
	case opts.onUnfit != "error" && opts.onUnfit != "skip" && opts.onUnfit != "keep":
		return cmderr.Usagef("--on-unfit takes error, skip or keep, not %q", opts.onUnfit)
	}
	c, err := counting.New(opts.counter)
	if err != nil {
		return err
	}
	counter := trim.Count(c)
	out, err := dataset.OpenSink(e.Env, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	total, cut, parts, unfit := 0, 0, 0, 0
	skipped, err := dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		total++
		chunks, err := trim.Chunk(r.Conv, counter, trim.ChunkOptions{Max: opts.max, Overlap: opts.overlap})
		var ue *trim.UnfitError
		if errors.As(err, &ue) {
			switch opts.onUnfit {
			case "error":
				return &cmderr.No{Msg: fmt.Sprintf("%s: %v", r.Where(), err)}
			case "skip":
				unfit++
				if opts.Verbose {
					e.Summary("chunk", "%s: dropped: %v", r.Where(), err)
				}
				return nil
			case "keep":
				unfit++
				chunks = chunks[:0]
				chunks = append(chunks, r.Conv)
			}
		} else if err != nil {
			return err
		}
		if len(chunks) > 1 {
			cut++
			parts += len(chunks)
			if opts.Verbose {
				e.Summary("chunk", "%s: cut into %d parts", r.Where(), len(chunks))
			}
		}
		for _, part := range chunks {
			if err := out.Write(r, part); err != nil {
				return err
			}
		}
		return nil
	})
	if err := out.Finish(err); err != nil {
		return err
	}
	if cut > 0 || unfit > 0 || skipped > 0 {
		msg := fmt.Sprintf("cut %d of %s into %d parts", cut, numfmt.Plural(total, "conversation"), parts)
		if unfit > 0 {
			what := "dropped"
			if opts.onUnfit == "keep" {
				what = "kept whole, over the budget,"
			}
			msg += fmt.Sprintf(", %s %d with a turn that cannot fit", what, unfit)
		}
		e.Summary("chunk", "%s%s", msg, dataset.SkippedNote(skipped))
	}
	return nil
}
