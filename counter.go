package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/count/hf"
	"github.com/convkit/convkit/count/hf/template"
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

// encodingFlag is -e/--encoding; made when a command is, since listing
// the encodings is work that start-up should not do.
func encodingFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "encoding", Aliases: []string{"e"}, Usage: "count with `ENCODING` instead of the model's: " + strings.Join(count.Encodings(), ", ")}
}

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
		hints := meanHint(didYouMean(um.Name, um.Known))
		return nil, &usageError{err: fmt.Errorf("unknown model %q", um.Name), hints: append(hints, "'convkit models' lists the known models; --models FILE adds more")}
	case errors.As(err, &ue):
		return nil, &usageError{err: err, hints: meanHint(didYouMean(ue.Name, count.Encodings()))}
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

var tokenizerFlag = &cli.StringFlag{Name: "tokenizer", Usage: "count with a Hugging Face tokenizer and chat template: a model `PATH` holding tokenizer.json, the file itself, or ORG/NAME in the local Hugging Face cache"}

// hfModel is an open model's tokenizer and chat template, read from its
// files.
type hfModel struct {
	tokenizer *hf.Tokenizer
	config    *template.Config
	template  *template.Template // nil when the model has none
}

// openHFModel reads the tokenizer --tokenizer names: a folder, a
// tokenizer.json, or a model id resolved in the local Hugging Face cache.
func openHFModel(path string) (*hfModel, error) {
	file, err := resolveTokenizer(path)
	if err != nil {
		return nil, err
	}
	m := &hfModel{config: &template.Config{}}
	if m.tokenizer, err = hf.LoadFile(file, tokenizerCacheDir()); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fileError(err)
		}
		return nil, err
	}
	dir := filepath.Dir(file)
	if data, err := os.ReadFile(filepath.Join(dir, "tokenizer_config.json")); err == nil {
		if m.config, err = template.ReadConfig(data); err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
	}
	src, err := m.config.Template("")
	if data, ferr := os.ReadFile(filepath.Join(dir, "chat_template.jinja")); ferr == nil {
		src, err = string(data), nil
	}
	if err == nil {
		if m.template, err = template.Parse(src); err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
	}
	return m, nil
}

// tokenizerCacheDir is where compiled tokenizers are kept: the user's
// cache directory, or none when there is no such directory.
func tokenizerCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "convkit", "hf")
}

// resolveTokenizer returns the tokenizer.json that path names, looking a
// model id up offline in the Hugging Face cache as huggingface_hub lays it
// out: models--ORG--NAME/snapshots/<refs/main>/tokenizer.json.
func resolveTokenizer(path string) (string, error) {
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			path = filepath.Join(path, "tokenizer.json")
		}
		if _, err := os.Stat(path); err != nil {
			return "", fileError(err)
		}
		return path, nil
	}
	org, name, ok := strings.Cut(path, "/")
	if !ok || strings.Contains(name, "/") || org == "" || name == "" {
		return "", fmt.Errorf("%s: no such file or directory", path)
	}
	hub := os.Getenv("HF_HUB_CACHE")
	if hub == "" {
		if home := os.Getenv("HF_HOME"); home != "" {
			hub = filepath.Join(home, "hub")
		} else if home, err := os.UserHomeDir(); err == nil {
			hub = filepath.Join(home, ".cache", "huggingface", "hub")
		}
	}
	repo := filepath.Join(hub, "models--"+org+"--"+name)
	if ref, err := os.ReadFile(filepath.Join(repo, "refs", "main")); err == nil {
		file := filepath.Join(repo, "snapshots", strings.TrimSpace(string(ref)), "tokenizer.json")
		if _, err := os.Stat(file); err == nil {
			return file, nil
		}
	}
	return "", &hintError{err: fmt.Errorf("%s: not in the Hugging Face cache (%s)", path, hub),
		hints: []string{"convkit never downloads: fetch it with 'huggingface-cli download " + path + " tokenizer.json tokenizer_config.json'"}}
}
