package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/dataset"
)

func dedupeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "dedupe",
		Usage:     "drop conversations that repeat an earlier one, exactly or nearly",
		ArgsUsage: "[FILE…]",
		Description: "Writes each conversation unless an earlier one has the same key, and keeps the first.\n" +
			"Keys compare normalised text (Unicode NFKC, white space runs as one space, trimmed):\n" +
			"--key whole (default: every message's role, name, text and tool calls), first-user (the\n" +
			"first user message), or an expression over the conversation as in 'convkit filter'.\n" +
			"--near T drops a conversation whose word 3-shingles have a Jaccard similarity of at least T\n" +
			"with a kept one (MinHash, 128 hashes, LSH bands: a pair at T is found with probability at\n" +
			"least 0.99). Memory holds digests (16 bytes, or about 650 with --near, per kept conversation),\n" +
			"not texts. -v names, for each dropped conversation, the line it duplicates.\n\n" +
			"   convkit dedupe data.jsonl\n" +
			"   convkit dedupe --key first-user data.jsonl\n" +
			"   convkit dedupe --near 0.9 -v data.jsonl",
		Flags: datasetFlags(
			&cli.StringFlag{Name: "key", Value: "whole", Usage: "compare by `KEY`: whole, first-user or an expression"},
			&cli.Float64Flag{Name: "near", Usage: "also drop near duplicates, of similarity `T` (0 to 1) or more"},
		),
		Action: func(c *cli.Context) error {
			return dataset.Dedupe(e.Env, dataset.DedupeOptions{Options: datasetOptionsOf(c, c.Args().Slice()), Key: c.String("key"), Near: c.Float64("near")})
		},
	}
}
