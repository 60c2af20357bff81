package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/dataset"
)

// The flags every dataset verb (filter, dedupe, sample, split…) shares.
var (
	datasetFormatFlag = &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "write `FORMAT` instead of the input's format"}
	skipInvalidFlag   = &cli.BoolFlag{Name: "skip-invalid", Usage: "skip the lines of a JSONL file that cannot be read (counted on standard error) instead of stopping"}
	verboseFlag       = &cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "name each conversation dropped, on standard error"}
)

// datasetFlags are the shared flags of a verb that writes conversations.
func datasetFlags(more ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{outputFlag, datasetFormatFlag, fromFlag, skipInvalidFlag, verboseFlag}, more...)
}

// outputDirFlag is -o of the verbs that write several files (split, shard).
var outputDirFlag = &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the files into `DIR` (made if missing)"}

// datasetDirFlags are datasetFlags for a verb that writes several files.
func datasetDirFlags(more ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{outputDirFlag, datasetFormatFlag, fromFlag, skipInvalidFlag, verboseFlag}, more...)
}

// datasetOptionsOf reads the shared flags of a dataset verb.
func datasetOptionsOf(c *cli.Context, files []string) dataset.Options {
	return dataset.Options{Files: files, Output: c.String("output"), Format: c.String("format"), From: c.String("from"),
		SkipInvalid: c.Bool("skip-invalid"), Verbose: c.Bool("verbose")}
}

// The counter's flags: count, trim, export (meta's token_count) and
// validate --fine-tune share them.
var (
	modelFlag = &cli.StringFlag{Name: "model", Aliases: []string{"m"}, Value: count.DefaultModel,
		Usage: "count for `MODEL`: its encoding, chat overhead and context window ('convkit models' lists them)"}
	modelsFileFlag = &cli.StringFlag{Name: "models", Usage: "read more models from the YAML `FILE` (extends or overrides the embedded table)"}
)

// encodingFlag is -e/--encoding; made when a command is, since listing
// the encodings is work that start-up should not do.
func encodingFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "encoding", Aliases: []string{"e"}, Usage: "count with `ENCODING` instead of the model's: " + strings.Join(count.Encodings(), ", ")}
}

// longEncodingFlag is --encoding without -e, for filter, whose -e is
// --expr.
func longEncodingFlag() *cli.StringFlag {
	f := encodingFlag()
	f.Aliases = nil
	return f
}

// counterOptionsFrom reads the counter's flags; a command that has not
// some of them gets their defaults.
func counterOptionsFrom(c *cli.Context) (counting.Options, error) {
	size, err := counting.ParseImageSize(c.String("image-size"))
	return counting.Options{Model: c.String("model"), Encoding: c.String("encoding"), Models: c.String("models"), ImageSize: size,
		Chosen: c.IsSet("model") || c.IsSet("encoding")}, err
}

// priceFlag is --price: prices that override the model table's.
func priceFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "price", Usage: "use these prices in USD per 1M tokens instead of the table's: `KEY=USD,…` with keys " +
		strings.Join(counting.PriceKeys, ", ")}
}

// The flags that pick an open model's tokenizer and chat template.
var (
	tokenizerFlag    = &cli.StringFlag{Name: "tokenizer", Usage: "an open model's Hugging Face tokenizer and chat template: a model `PATH` holding tokenizer.json, the file itself, or ORG/NAME in the local Hugging Face cache"}
	templateFlag     = &cli.StringFlag{Name: "template", Usage: "with --tokenizer, render with the chat template called `NAME` in tokenizer_config.json (tool_use, rag, ...)"}
	templateFileFlag = &cli.StringFlag{Name: "template-file", Usage: "with --tokenizer, render with the Jinja chat template in `FILE` instead of the model's"}
	noTemplateFlag   = &cli.BoolFlag{Name: "no-template", Usage: "with --tokenizer, count the message texts only, not the rendered chat template"}
	genPromptFlag    = &cli.BoolFlag{Name: "generation-prompt", Usage: "with --tokenizer, render the assistant header that prompts a reply"}
	maxSeqLenFlag    = &cli.IntFlag{Name: "max-seq-len", DefaultText: "tokenizer_config.json's model_max_length", Usage: "with --tokenizer, the model's context window is `N` tokens"}
)

// hfOptionsFrom reads the tokenizer flags, where the environment says
// the Hugging Face cache and convkit's own cache are, and the
// SOURCE_DATE_EPOCH a template's strftime_now reads.
func hfOptionsFrom(c *cli.Context) counting.HFOptions {
	o := counting.HFOptions{Tokenizer: c.String("tokenizer"), Template: c.String("template"), TemplateFile: c.String("template-file"), MaxSeqLen: c.Int("max-seq-len")}
	if o.Tokenizer == "" {
		return o
	}
	o.HubDir = hfHubDir()
	o.SourceDateEpoch = os.Getenv("SOURCE_DATE_EPOCH")
	if dir, err := os.UserCacheDir(); err == nil {
		o.CacheDir = filepath.Join(dir, "convkit", "hf")
	}
	return o
}

// hfHubDir is where the environment says the Hugging Face cache is (see
// counting.HubDir).
func hfHubDir() string {
	home, _ := os.UserHomeDir()
	return counting.HubDir(os.Getenv, home)
}
