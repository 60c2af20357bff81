package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/numfmt"
)

// mergeRolesOptions are the flags of convkit merge-roles.
type mergeRolesOptions struct {
	datasetOptions
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
	out, err := e.openSink(opts.output, opts.format, opts.files)
	if err != nil {
		return err
	}
	total, changed, joined := 0, 0, 0
	skipped, err := e.eachRecord(opts.datasetOptions, func(r *record) error {
		total++
		conv, n := chat.MergeRoles(r.conv, opts.separator)
		if n > 0 {
			changed++
			joined += n
			if opts.verbose {
				e.summary("merge-roles", "%s: joined %s into others", r.where(), numfmt.Plural(n, "message"))
			}
		}
		return out.write(r, conv)
	})
	if err := out.finish(err); err != nil {
		return err
	}
	if joined > 0 || skipped > 0 {
		e.summary("merge-roles", "joined %s into others in %d of %s%s", numfmt.Plural(joined, "message"), changed, numfmt.Plural(total, "conversation"), skippedNote(skipped))
	}
	return nil
}
