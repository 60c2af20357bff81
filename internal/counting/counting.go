// Package counting sets up what counts tokens from option values: the
// model table (extended by --models), OpenAI's counter for a model or an
// encoding, prices, and an open model's tokenizer and chat template read
// from its files. Its errors are the ones a user sees, with their hints.
package counting

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/smallfile"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/suggest"
)

// Options are the flags that pick what tokens are counted for: count,
// trim, export (meta's token_count) and validate --fine-tune share them.
type Options struct {
	Model, Encoding string
	Models          string // a YAML file of more models, or ""
	ImageSize       [2]int
	// Chosen is true when -m/--model or -e/--encoding was given: a request
	// body's own model does not override them.
	Chosen bool
}

// New builds the counter the options ask for.
func New(opts Options) (*count.Counter, error) {
	table, err := ModelTable(opts.Models)
	if err != nil {
		return nil, err
	}
	c, err := count.New(count.Options{Model: opts.Model, Encoding: opts.Encoding, Table: table, ImageSize: opts.ImageSize})
	var um *count.UnknownModelError
	var ue *count.UnknownEncodingError
	switch {
	case errors.As(err, &um):
		hints := suggest.MeanHint(suggest.DidYouMean(um.Name, um.Known))
		return nil, &cmderr.Usage{Err: fmt.Errorf("unknown model %q", um.Name), Hints: append(hints, "'convkit models' lists the known models; --models FILE adds more")}
	case errors.As(err, &ue):
		return nil, &cmderr.Usage{Err: err, Hints: suggest.MeanHint(suggest.DidYouMean(ue.Name, count.Encodings()))}
	}
	return c, err
}

// ModelTable returns the embedded model table, extended by the YAML file at
// path if there is one.
func ModelTable(path string) (*count.ModelTable, error) {
	if path == "" {
		return count.DefaultTable(), nil
	}
	data, err := smallfile.ReadFile(path, "a model table", smallfile.MaxModels)
	if err != nil {
		return nil, cmderr.File(err)
	}
	more, err := count.LoadTable(bytes.NewReader(data))
	var te *count.TableError
	if errors.As(err, &te) && te.Line > 0 {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return count.DefaultTable().Extend(more), nil
}

// Input returns opts with the sinks that let counter count the values too
// long to hold as they are read (count.Counter.Sinks).
func Input(counter *count.Counter, opts source.Options) source.Options {
	opts.Long = counter.Sinks(runtime.GOMAXPROCS(0))
	return opts
}
