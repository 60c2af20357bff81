package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
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
	// chosen is true when -m/--model or -e/--encoding was given: a request
	// body's own model does not override them.
	chosen bool
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
	return counterOptions{model: c.String("model"), encoding: c.String("encoding"), models: c.String("models"), imageSize: size,
		chosen: c.IsSet("model") || c.IsSet("encoding")}, err
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
	data, err := readFileAtMost(path, "a model table", maxModelsSize)
	if err != nil {
		return nil, fileError(err)
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

// countingInput returns opts with the sinks that let counter count the
// values too long to hold as they are read (count.Counter.Sinks).
func countingInput(counter *count.Counter, opts inputOptions) inputOptions {
	opts.long = counter.Sinks(runtime.GOMAXPROCS(0))
	return opts
}

var (
	tokenizerFlag    = &cli.StringFlag{Name: "tokenizer", Usage: "count with a Hugging Face tokenizer and chat template: a model `PATH` holding tokenizer.json, the file itself, or ORG/NAME in the local Hugging Face cache"}
	templateFlag     = &cli.StringFlag{Name: "template", Usage: "with --tokenizer, render with the chat template called `NAME` in tokenizer_config.json (tool_use, rag, ...)"}
	templateFileFlag = &cli.StringFlag{Name: "template-file", Usage: "with --tokenizer, render with the Jinja chat template in `FILE` instead of the model's"}
	maxSeqLenFlag    = &cli.IntFlag{Name: "max-seq-len", Usage: "with --tokenizer, the model's context window is `N` tokens (default: tokenizer_config.json's model_max_length)"}
)

// hfOptions are the flags that pick an open model's tokenizer and chat
// template.
type hfOptions struct {
	tokenizer, template, templateFile string
	maxSeqLen                         int
}

func hfOptionsFrom(c *cli.Context) hfOptions {
	return hfOptions{tokenizer: c.String("tokenizer"), template: c.String("template"), templateFile: c.String("template-file"), maxSeqLen: c.Int("max-seq-len")}
}

// check refuses the template flags without --tokenizer, and the two
// template flags together.
func (o hfOptions) check() error {
	switch {
	case o.tokenizer == "" && (o.template != "" || o.templateFile != "" || o.maxSeqLen != 0):
		return usageErrorf("--template, --template-file and --max-seq-len go with --tokenizer")
	case o.template != "" && o.templateFile != "":
		return usageErrorf("--template and --template-file both pick the chat template: give one")
	case o.maxSeqLen < 0:
		return usageErrorf("--max-seq-len takes a positive number of tokens, not %d", o.maxSeqLen)
	}
	return nil
}

// hfModel is an open model's tokenizer and chat template, read from its
// files.
type hfModel struct {
	name      string // as reports name it
	tokenizer *hf.Tokenizer
	config    *template.Config
	template  *template.Template // nil when the model has none
	window    int                // the context window: --max-seq-len, else model_max_length, else 0
}

// countModel describes m as count's reports name a model.
func (m *hfModel) countModel() count.Model {
	return count.Model{Name: m.name, Entry: m.name, Encoding: "tokenizer.json", ContextWindow: m.window, Chat: true}
}

// openHFModel reads the tokenizer --tokenizer names (a folder, a
// tokenizer.json, or a model id resolved in the local Hugging Face cache)
// and the chat template the flags pick: --template-file, else the model's
// chat_template.jinja, else tokenizer_config.json's template called
// --template (the default one without it).
func openHFModel(opts hfOptions) (*hfModel, error) {
	file, err := resolveTokenizer(opts.tokenizer)
	if err != nil {
		return nil, err
	}
	m := &hfModel{name: modelName(opts.tokenizer, file), config: &template.Config{}}
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
	m.window = m.config.MaxLength
	if opts.maxSeqLen > 0 {
		m.window = opts.maxSeqLen
	}
	where := dir
	src, err := m.config.Template(opts.template)
	switch {
	case opts.templateFile != "":
		data, ferr := os.ReadFile(opts.templateFile)
		if ferr != nil {
			return nil, fileError(ferr)
		}
		src, err, where = string(data), nil, opts.templateFile
	case opts.template == "":
		if data, ferr := os.ReadFile(filepath.Join(dir, "chat_template.jinja")); ferr == nil {
			src, err = string(data), nil
		}
	case err != nil:
		return nil, usageErrorf("%s: %v", dir, err)
	}
	if err == nil {
		if m.template, err = template.Parse(src); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	return m, nil
}

// modelName is how reports name the model --tokenizer gave: its id when
// it was found in the Hugging Face cache, else the folder of its
// tokenizer.json.
func modelName(arg, file string) string {
	if _, err := os.Stat(arg); err != nil {
		return arg
	}
	return filepath.Base(filepath.Dir(file))
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

// hfCount says what hfModel.conversationCount counts.
type hfCount struct {
	noTemplate       bool // the message texts alone, not the rendering
	generationPrompt bool // render the assistant header that prompts a reply
	byMessage        bool // split the count by message (the roles' rows and columns)
	keepMessages     bool // and keep a row per message
}

// canCount refuses to count with a template the model has not.
func (m *hfModel) canCount(how hfCount) error {
	if m.template == nil && !how.noTemplate {
		return &hintError{err: fmt.Errorf("%s: the model has no chat template", m.name),
			hints: []string{"--template-file FILE renders with a .jinja template; --no-template counts the message texts alone"}}
	}
	return nil
}

// renderCount returns the tokens of messages rendered with the chat
// template.
func (m *hfModel) renderCount(messages, tools any, generationPrompt bool) (int, error) {
	text, err := m.template.Render(m.config.Vars(messages, tools, generationPrompt))
	if err != nil {
		return 0, err
	}
	return m.tokenizer.Count(text), nil
}

// conversationCount counts c as apply_chat_template(…, tokenize=True)
// does. Split by message, each message has the tokens it adds to the
// rendering of those before it (the first holds what the template writes
// before it: BOS, system defaults, tool definitions), and the reply
// priming what follows the last (the generation prompt); a template that
// raises on a shorter conversation leaves the count unsplit.
func (m *hfModel) conversationCount(c *chat.Conversation, how hfCount) (*count.ConversationCount, error) {
	cc := &count.ConversationCount{ID: c.ID}
	add := func(i, tokens int) {
		mc := count.MessageCount{Index: i + 1, Role: string(c.Messages[i].Role), Name: c.Messages[i].Name, Tokens: tokens}
		cc.Add(mc)
		if how.keepMessages {
			cc.ByMessage = append(cc.ByMessage, mc)
		}
	}
	if how.noTemplate {
		for i := range c.Messages {
			add(i, m.tokenizer.Count(c.Messages[i].Content.PlainText()))
		}
		return cc, nil
	}
	messages, tools := template.Messages(c), template.Tools(c)
	total, err := m.renderCount(messages, tools, how.generationPrompt)
	if err != nil {
		return nil, fmt.Errorf("chat template: %w", err)
	}
	if how.byMessage {
		prefixes := make([]int, len(messages))
		for i := range messages {
			if prefixes[i], err = m.renderCount(messages[:i+1], tools, false); err != nil {
				break
			}
		}
		if err == nil {
			before := 0
			for i, n := range prefixes {
				add(i, n-before)
				before = n
			}
		}
	}
	if cc.Messages == 0 {
		cc.Messages = len(c.Messages)
	}
	cc.Priming = total - cc.Tokens
	cc.Tokens = total
	return cc, nil
}
