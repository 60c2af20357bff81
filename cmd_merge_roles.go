package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/dataset"
	"github.com/convkit/convkit/internal/numfmt"
)

// mergeRolesOptions are the flags of convkit merge-roles.
type mergeRolesOptions struct {
	dataset.Options
	separator string
}

func mergeRolesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "merge-roles",
		Usage:     "join consecutive messages of the same role, for APIs that want turns to alternate",
		ArgsUsage: "[FILE…]",
		Description: "Joins each run of consecutive messages with the same role and name into one: string\n" +
			"texts joined by --separator (a blank line by default), parts and tool calls one after the\n" +
			"other, the first message's fields kept. Tool results are never joined: each answers its\n" +
			"own call. Conversations with nothing to join are written unchanged.\n\n" +
			"   convkit merge-roles data.jsonl",
		Flags: datasetFlags(&cli.StringFlag{Name: "separator", Value: "\n\n", Usage: "join string texts with `TEXT`"}),
		Action: func(c *cli.Context) error {
			return runMergeRoles(e, mergeRolesOptions{datasetOptionsOf(c, c.Args().Slice()), c.String("separator")})
		},
	}
}

func runMergeRoles(e *env, opts mergeRolesOptions) error {
	out, err := dataset.OpenSink(e.Env, opts.Output, opts.Format, opts.Files)
	if err != nil {
		return err
	}
	total, changed, joined := 0, 0, 0
	skipped, err := dataset.Each(e.Env, opts.Options, func(r *dataset.Record) error {
		total++
		conv, n := chat.MergeRoles(r.Conv, opts.separator)
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
		e.Summary("merge-roles", "joined %s into others in %d of %s%s", numfmt.Plural(joined, "message"), changed, numfmt.Plural(total, "conversation"), dataset.SkippedNote(skipped))
	}
	return nil
}
