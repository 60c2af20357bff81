package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
)

// counterOptions are the flags that pick what tokens are counted for:
// count, trim, export (meta's token_count) and validate --fine-tune share
// them.
type counterOptions struct {
	model, encoding, models string
	imageSize               [2]int
}

var (
	modelFlag = &cli.StringFlag{Name: "model", Aliases: []string{"m"}, Value: count.DefaultModel,
		Usage: "count for `MODEL`: its encoding, chat overhead and context window ('convkit models' lists them)"}
	modelsFileFlag = &cli.StringFlag{Name: "models", Usage: "read more models from the YAML `FILE` (extends or overrides the embedded table)"}
)

// counterOptionsFrom reads the counter's flags; a command that has not
// some of them gets their defaults.
func counterOptionsFrom(c *cli.Context) (counterOptions, error) {
	size, err := parseImageSize(c.String("image-size"))
	return counterOptions{model: c.String("model"), encoding: c.String("encoding"), models: c.String("models"), imageSize: size}, err
}

// newCounter builds the counter the flags ask for.
func newCounter(opts counterOptions) (*count.Counter, error) {
	table, err := modelTable(opts.models)
	if err != nil {
		return nil, err
	}
	c, err := count.New(count.Options{Model: opts.model, Encoding: opts.encoding, Table: table, ImageSize: opts.imageSize})
	var um *count.UnknownModelError
	var ue *count.UnknownEncodingError
	switch {
	case errors.As(err, &um):
		return nil, &usageError{err: fmt.Errorf("unknown model %q", um.Name), hints: []string{"'convkit models' lists the known models; --models FILE adds more"}}
	case errors.As(err, &ue):
		return nil, usageErrorf("%v", err)
	}
	return c, err
}

// modelTable returns the embedded model table, extended by the YAML file at
// path if there is one.
func modelTable(path string) (*count.ModelTable, error) {
	if path == "" {
		return count.DefaultTable(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(err)
	}
	defer f.Close()
	more, err := count.LoadTable(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return count.DefaultTable().Extend(more), nil
}

// countingInput returns opts with the sinks that let counter count the
// values too long to hold as they are read (count.Counter.Sinks).
func countingInput(counter *count.Counter, opts inputOptions) inputOptions {
	opts.long = counter.Sinks(runtime.GOMAXPROCS(0))
	return opts
}
