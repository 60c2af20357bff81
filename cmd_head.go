package main

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/dataset"
)

// headOptions are the flags of convkit head.
type headOptions struct {
	dataset.Options
	n int
}

// errHeadDone stops reading once head has written its conversations.
var errHeadDone = errors.New("head: done")

func headCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "head",
		Usage:       "keep the first conversations",
		ArgsUsage:   "[FILE…]",
		Description: "Writes the first N conversations of the inputs, unchanged, and reads no further.\n\n   convkit head -n 100 data.jsonl",
		Flags:       datasetFlags(&cli.IntFlag{Name: "n", Value: 10, Usage: "how many conversations: `N`"}),
		Action: func(c *cli.Context) error {
			return runHead(e, headOptions{datasetOptionsOf(c, c.Args().Slice()), c.Int("n")})
		},
	}
}

func runHead(e *env, opts headOptions) error {
	if opts.n < 0 {
		return cmderr.Usagef("-n takes a count, not %d", opts.n)
	}
	out, err := dataset.OpenSink(e.Env, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	written := 0
	_, err = dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		if written == opts.n {
			return errHeadDone
		}
		written++
		return out.Write(r, r.Conv)
	})
	if errors.Is(err, errHeadDone) {
		err = nil
	}
	return out.Finish(err)
}
