package counting

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/count/hf"
	"github.com/convkit/convkit/count/hf/template"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/source"
)

// HFOptions are the flags that pick an open model's tokenizer and chat
// template, and where to look for them.
type HFOptions struct {
	Tokenizer    string // a model folder, a tokenizer.json, or ORG/NAME in the Hugging Face cache
	Template     string // a named template of tokenizer_config.json
	TemplateFile string // a Jinja template file
	MaxSeqLen    int    // the context window, when given
	// HubDir is the Hugging Face cache (HF_HUB_CACHE, HF_HOME/hub or
	// ~/.cache/huggingface/hub); CacheDir is where compiled tokenizers are
	// kept ("": nowhere). The caller reads them from the environment.
	HubDir, CacheDir string
	// SourceDateEpoch is $SOURCE_DATE_EPOCH, Unix seconds that
	// strftime_now reads instead of the clock when given (the
	// reproducible-builds convention): gpt-oss's template writes the
	// current date, so its renders and counts change by the day without it.
	SourceDateEpoch string
}

// Check refuses the template flags without --tokenizer, and the two
// template flags together.
func (o HFOptions) Check() error {
	switch {
	case o.Tokenizer == "" && (o.Template != "" || o.TemplateFile != "" || o.MaxSeqLen != 0):
		return cmderr.Usagef("--template, --template-file and --max-seq-len go with --tokenizer")
	case o.Template != "" && o.TemplateFile != "":
		return cmderr.Usagef("--template and --template-file both pick the chat template: give one")
	case o.MaxSeqLen < 0:
		return cmderr.Usagef("--max-seq-len takes a positive number of tokens, not %d", o.MaxSeqLen)
	}
	if _, err := o.templateClock(); err != nil {
		return err
	}
	return nil
}

// templateClock returns the fixed time SourceDateEpoch gives, or nil
// (the system clock) when it is not set.
func (o HFOptions) templateClock() (func() time.Time, error) {
	if o.SourceDateEpoch == "" {
		return nil, nil
	}
	secs, err := strconv.ParseInt(o.SourceDateEpoch, 10, 64)
	if err != nil {
		return nil, cmderr.Usagef("SOURCE_DATE_EPOCH=%q: not a Unix time in seconds", o.SourceDateEpoch)
	}
	at := time.Unix(secs, 0).UTC()
	return func() time.Time { return at }, nil
}

// HFModel is an open model's tokenizer and chat template, read from its
// files.
type HFModel struct {
	Name      string // as reports name it
	Tokenizer *hf.Tokenizer
	config    *template.Config
	template  *template.Template // nil when the model has none
	Window    int                // the context window: --max-seq-len, else model_max_length, else 0
}

// CountModel describes m as count's reports name a model.
func (m *HFModel) CountModel() count.Model {
	return count.Model{Name: m.Name, Entry: m.Name, Encoding: "tokenizer.json", ContextWindow: m.Window, Chat: true}
}

// OpenHF reads the tokenizer --tokenizer names (a folder, a
// tokenizer.json, or a model id resolved in the local Hugging Face cache)
// and the chat template the flags pick: --template-file, else the model's
// chat_template.jinja, else tokenizer_config.json's template called
// --template (the default one without it).
func OpenHF(opts HFOptions) (*HFModel, error) {
	m, file, err := openHF(opts)
	if err != nil {
		return nil, err
	}
	if m.Tokenizer, err = hf.LoadFile(file, opts.CacheDir); err != nil {
		var pe *os.PathError
		var ne *hf.NotTokenizerError
		switch {
		case errors.As(err, &pe):
			return nil, cmderr.File(err)
		case errors.As(err, &ne) && ne.Line == 0: // the wrong file, not a damaged one
			return nil, &cmderr.Hint{Err: err, Hints: []string{"--tokenizer takes a model's folder, its tokenizer.json, or ORG/NAME in the Hugging Face cache"}}
		}
		return nil, err
	}
	return m, nil
}

// OpenHFTemplate reads what OpenHF reads but the tokenizer, which stays
// nil: what renders conversations without counting them. It refuses a
// model with no chat template.
func OpenHFTemplate(opts HFOptions) (*HFModel, error) {
	m, _, err := openHF(opts)
	if err == nil {
		err = m.CanCount(HFCount{})
	}
	return m, err
}

// openHF resolves the tokenizer.json and reads the chat template beside
// it.
func openHF(opts HFOptions) (*HFModel, string, error) {
	file, err := resolveTokenizer(opts.Tokenizer, opts.HubDir)
	if err != nil {
		return nil, "", err
	}
	m, err := openTemplate(opts, file)
	return m, file, err
}

// openTemplate reads the chat template beside the tokenizer.json file.
func openTemplate(opts HFOptions, file string) (*HFModel, error) {
	m := &HFModel{Name: modelName(opts.Tokenizer, file)}
	var err error
	dir := filepath.Dir(file)
	config := filepath.Join(dir, "tokenizer_config.json")
	if m.config, err = readConfig(config, opts.CacheDir); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, cmderr.File(err)
		}
		// Named by its path, not its folder and its name again.
		return nil, fmt.Errorf("%s: %s", config, strings.TrimPrefix(err.Error(), "tokenizer_config.json: "))
	}
	m.Window = m.config.MaxLength
	if opts.MaxSeqLen > 0 {
		m.Window = opts.MaxSeqLen
	}
	where := dir
	src, err := m.config.Template(opts.Template)
	switch {
	case opts.TemplateFile != "":
		data, ferr := os.ReadFile(opts.TemplateFile)
		if ferr != nil {
			return nil, cmderr.File(ferr)
		}
		src, err, where = string(data), nil, opts.TemplateFile
	case opts.Template == "":
		if data, ferr := os.ReadFile(filepath.Join(dir, "chat_template.jinja")); ferr == nil {
			src, err = string(data), nil
		}
	case err != nil:
		return nil, cmderr.Usagef("%s: %v", dir, err)
	}
	if err == nil {
		if m.template, err = template.Parse(src); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if m.template.Now, err = opts.templateClock(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// readConfig reads a tokenizer_config.json, none being an empty one,
// through the cache of compiled tokenizers: of Gemma 3's megabyte (most of
// the start-up of a count with it), a count needs a few members.
func readConfig(path, cacheDir string) (*template.Config, error) {
	derive := func(data []byte) ([]byte, error) {
		c, err := template.ReadConfig(data)
		if err != nil {
			return nil, err
		}
		return c.Encode(), nil
	}
	c, err := hf.Derived(path, cacheDir, "config-v2", derive, template.DecodeConfig)
	if errors.Is(err, fs.ErrNotExist) {
		return &template.Config{}, nil
	}
	return c, err
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

// resolveTokenizer returns the tokenizer.json that path names, looking a
// model id up offline in the Hugging Face cache as huggingface_hub lays it
// out in hub: models--ORG--NAME/snapshots/<refs/main>/tokenizer.json.
func resolveTokenizer(path, hub string) (string, error) {
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			path = filepath.Join(path, "tokenizer.json")
		}
		if _, err := os.Stat(path); err != nil {
			return "", cmderr.File(err)
		}
		return path, nil
	}
	org, name, ok := strings.Cut(path, "/")
	if !ok || strings.Contains(name, "/") || org == "" || name == "" {
		return "", fmt.Errorf("%s: no such file or directory", path)
	}
	repo := filepath.Join(hub, "models--"+org+"--"+name)
	if ref, err := os.ReadFile(filepath.Join(repo, "refs", "main")); err == nil {
		file := filepath.Join(repo, "snapshots", strings.TrimSpace(string(ref)), "tokenizer.json")
		if _, err := os.Stat(file); err == nil {
			return file, nil
		}
	}
	return "", &cmderr.Hint{Err: fmt.Errorf("%s: not in the Hugging Face cache (%s)", path, hub),
		Hints: []string{"convkit never downloads: fetch it with 'huggingface-cli download " + path + " tokenizer.json tokenizer_config.json'"}}
}

// HFCount says what HFModel.ConversationCount counts.
type HFCount struct {
	NoTemplate       bool // the message texts alone, not the rendering
	GenerationPrompt bool // render the assistant header that prompts a reply
	ByMessage        bool // split the count by message (the roles' rows and columns)
	KeepMessages     bool // and keep a row per message
}

// CanCount refuses to count with a template the model has not.
func (m *HFModel) CanCount(how HFCount) error {
	if m.template == nil && !how.NoTemplate {
		return &cmderr.Hint{Err: fmt.Errorf("%s: the model has no chat template", m.Name),
			Hints: []string{"--template-file FILE renders with a .jinja template; --no-template counts the message texts alone"}}
	}
	return nil
}

// renderCount returns the tokens of messages rendered with the chat
// template.
func (m *HFModel) renderCount(messages, tools any, generationPrompt bool) (int, error) {
	text, err := m.template.Render(m.config.Vars(messages, tools, generationPrompt))
	if err != nil {
		return 0, err
	}
	return m.Tokenizer.Count(text), nil
}

// Render returns c as the chat template renders it, as
// apply_chat_template(…, tokenize=False) does: the text the model sees.
func (m *HFModel) Render(c *chat.Conversation, generationPrompt bool) (string, error) {
	return m.template.Render(m.config.Vars(template.Messages(c), template.Tools(c), generationPrompt))
}

// NameRefused wraps write, which writes conversations with a Renderer, so
// that a conversation the chat template refuses is named, as count names
// it: "FILE:LINE: chat template: …" in JSON Lines, else "FILE:
// conversation N: chat template: …".
func NameRefused(write func(*source.Input, *chat.Conversation) error) func(*source.Input, *chat.Conversation) error {
	file, n := "", 0
	return func(in *source.Input, c *chat.Conversation) error {
		if in.Name != file {
			file, n = in.Name, 0
		}
		n++
		err := write(in, c)
		var te *template.Error
		if errors.As(err, &te) {
			return fmt.Errorf("%s: %w", in.Place(n), te)
		}
		return err
	}
}

// ConversationCount counts c as apply_chat_template(…, tokenize=True)
// does. Split by message, each message has the tokens it adds to the
// rendering of those before it (the first holds what the template writes
// before it: BOS, system defaults, tool definitions), and the reply
// priming what follows the last (the generation prompt); a template that
// raises on a shorter conversation leaves the count unsplit.
func (m *HFModel) ConversationCount(c *chat.Conversation, how HFCount) (*count.ConversationCount, error) {
	cc := &count.ConversationCount{ID: c.ID}
	add := func(i, tokens int) {
		mc := count.MessageCount{Index: i + 1, Role: string(c.Messages[i].Role), Name: c.Messages[i].Name, Tokens: tokens}
		cc.Add(mc)
		if how.KeepMessages {
			cc.ByMessage = append(cc.ByMessage, mc)
		}
	}
	if how.NoTemplate {
		for i := range c.Messages {
			add(i, m.Tokenizer.Count(c.Messages[i].Content.PlainText()))
		}
		return cc, nil
	}
	messages, tools := template.Messages(c), template.Tools(c)
	total, err := m.renderCount(messages, tools, how.GenerationPrompt)
	if err != nil {
		return nil, err // a *template.Error, which says "chat template: …"
	}
	if how.ByMessage {
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
	if cc.Roles == nil {
		cc.Unsplit = true // not the whole as reply priming
	} else {
		cc.Priming = total - cc.Tokens
	}
	cc.Tokens = total
	return cc, nil
}

// Renderer returns what export's prompt format renders with: the chat
// template of the open model o names (its tokenizer is not read). It
// refuses the tokenizer flags with another format, and prompt without
// --tokenizer.
func Renderer(format string, o HFOptions, generationPrompt bool) (func(*chat.Conversation) (string, error), error) {
	switch {
	case format != "prompt" && (o.Tokenizer != "" || generationPrompt):
		return nil, cmderr.Usagef("--tokenizer and --generation-prompt go with -f prompt, the text an open model sees")
	case format != "prompt":
		return nil, o.Check()
	case o.Tokenizer == "":
		return nil, &cmderr.Usage{Err: errors.New("-f prompt renders each conversation with an open model's chat template: give --tokenizer"),
			Hints: []string{"convkit export -f prompt --tokenizer ./Llama-3.1-8B-Instruct chat.json"}}
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	m, err := OpenHFTemplate(o)
	if err != nil {
		return nil, err
	}
	return func(c *chat.Conversation) (string, error) { return m.Render(c, generationPrompt) }, nil
}

// HubDir is where the Hugging Face cache is, as huggingface_hub finds it:
// HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub under home
// ("" when there is none). getenv reads the environment.
func HubDir(getenv func(string) string, home string) string {
	if dir := getenv("HF_HUB_CACHE"); dir != "" {
		return dir
	}
	if dir := getenv("HF_HOME"); dir != "" {
		return filepath.Join(dir, "hub")
	}
	if home != "" {
		return filepath.Join(home, ".cache", "huggingface", "hub")
	}
	return ""
}
