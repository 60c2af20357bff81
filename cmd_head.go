package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

// headOptions are the flags of convkit head.
type headOptions struct {
	datasetOptions
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
		return usageErrorf("-n takes a count, not %d", opts.n)
	}
	out, err := e.openSink(opts.output, opts.format, opts.files)
	if err != nil {
		return err
	}
	written := 0
	_, err = e.eachRecord(opts.datasetOptions, func(r *record) error {
		if written == opts.n {
			return errHeadDone
		}
		written++
		return out.write(r, r.conv)
	})
	if errors.Is(err, errHeadDone) {
		err = nil
	}
	return out.finish(err)
}
