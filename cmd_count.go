package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/source"
)

// countOptions are the flags of convkit count.
type countOptions struct {
	counter                      counting.Options
	from                         string
	by                           count.By
	rows                         bool // --by conversation: a row per conversation, however many
	raw                          bool
	plain                        bool
	json                         bool
	total                        bool
	limit                        int
	fit                          bool
	files                        []string
	skip                         bool               // skip the lines of a JSONL input that cannot be read, each told
	hf                           counting.HFOptions // --tokenizer: count with a Hugging Face tokenizer instead
	noTemplate, generationPrompt bool
	cost                         bool   // add what the tokens cost as input
	price                        string // --price overrides
}

func countCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "count",
		Usage:     "count the tokens of conversations, exactly and offline",
		ArgsUsage: "[FILE…]",
		Description: "Counts the tokens of the conversations in each FILE (or standard input, or -) as OpenAI's\n" +
			"tiktoken does, with the chat overhead of the OpenAI cookbook (3 per message, 1 per name,\n" +
			"3 to prime the reply) and the tool definitions of a request body. The default model is\n" +
			count.DefaultModel + " (o200k_base). Image tokens are estimates, marked with ~.\n" +
			"It prints a row per conversation when there are at most 20, else the summary and the\n" +
			"distribution alone; --by conversation prints every row.\n\n" +
			"   convkit count chat.json\n" +
			"   convkit count --by message -m gpt-4.1 chat.json\n" +
			"   convkit count -t dataset.jsonl\n" +
			"   convkit count --max-tokens 8k dataset.jsonl   # exit 3 when a conversation is over 8,000\n" +
			"   convkit count --fit -m gpt-4 dataset.jsonl     # exit 3 when a conversation does not fit\n" +
			"   convkit count --plain -e cl100k_base notes.txt\n" +
			"   convkit count --tokenizer meta-llama/Llama-3.1-8B-Instruct --max-seq-len 8192 --fit train.jsonl",
		Flags: []cli.Flag{
			memberFlag,
			modelFlag,
			encodingFlag(),
			modelsFileFlag,
			fromFlag,
			&cli.StringFlag{Name: "by", Usage: "a row per conversation, and under each a row per message or role: `KIND` is conversation, message or role"},
			&cli.BoolFlag{Name: "json", Usage: "print the counts as JSON"},
			&cli.BoolFlag{Name: "total", Aliases: []string{"t"}, Usage: "print only the grand total, a bare integer"},
			&cli.BoolFlag{Name: "raw", Usage: "count content only, without the chat overhead"},
			&cli.BoolFlag{Name: "plain", Usage: "count each input as plain text, not as conversations"},
			hiddenNames(tokensFlag(&cli.IntFlag{Name: "max-tokens", Usage: "exit 3 and name the conversations over `N` tokens"}), "limit"),
			&cli.BoolFlag{Name: "cost", Usage: "add what the tokens cost as input, at the model's prices (see 'convkit models --sources')"},
			priceFlag(),
			&cli.BoolFlag{Name: "fit", Usage: "exit 3 and name the conversations that do not fit the model's context window"},
			tokenizerFlag,
			templateFlag,
			templateFileFlag,
			maxSeqLenFlag,
			&cli.BoolFlag{Name: "no-template", Usage: "with --tokenizer, count the message texts only, not the rendered chat template"},
			&cli.BoolFlag{Name: "generation-prompt", Usage: "with --tokenizer, render the assistant header that prompts a reply"},
			skipInvalidFlag,
			&cli.StringFlag{Name: "image-size", Usage: "assume `WxH` pixels for images whose size cannot be read (default 1024x1024)"},
		},
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			return runCount(e, countOptions{
				counter: counter, from: c.String("from"), by: rowsBy(c.String("by")),
				rows: c.IsSet("by"),
				raw:  c.Bool("raw"), plain: c.Bool("plain"), json: c.Bool("json"), total: c.Bool("total"),
				limit: c.Int("max-tokens"), fit: c.Bool("fit"), files: c.Args().Slice(), skip: c.Bool("skip-invalid"),
				hf: hfOptionsFrom(c), noTemplate: c.Bool("no-template"), generationPrompt: c.Bool("generation-prompt"),
				cost: c.Bool("cost"), price: c.String("price"),
			})
		},
	}
}

// check refuses flags that contradict each other.
func (o countOptions) check() error {
	switch {
	case o.by != count.ByConversation && o.by != count.ByMessage && o.by != count.ByRole:
		return cmderr.Usagef("--by takes conversation, message or role, not %q", o.by)
	case o.limit < 0:
		return cmderr.Usagef("--max-tokens takes a positive number of tokens, not %d", o.limit)
	case o.plain && (o.by != "" || o.from != ""):
		return cmderr.Usagef("--plain counts text, not conversations: it takes no --by or --from")
	case o.hf.Tokenizer == "" && (o.noTemplate || o.generationPrompt):
		return cmderr.Usagef("--no-template and --generation-prompt go with --tokenizer")
	case o.hf.Tokenizer != "" && (o.plain || o.raw):
		return cmderr.Usagef("--tokenizer counts conversations: it takes no --plain or --raw (--no-template counts the message texts alone)")
	case o.hf.Tokenizer != "" && o.cost:
		return cmderr.Usagef("--cost prices OpenAI's models: it takes no --tokenizer")
	case o.noTemplate && (o.hf.Template != "" || o.hf.TemplateFile != ""):
		return cmderr.Usagef("--no-template renders no chat template: it takes no --template or --template-file")
	case o.json && o.total:
		return cmderr.Usagef("--json and -t/--total ask for two different outputs: pick one")
	case o.cost && o.total:
		return cmderr.Usagef("-t/--total prints a bare number: it takes no --cost")
	case o.price != "" && !o.cost:
		return cmderr.Usagef("--price sets the prices --cost uses: add --cost")
	}
	return o.hf.Check()
}

func runCount(e *env, opts countOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	if opts.hf.Tokenizer != "" {
		return countWithTokenizer(e, opts)
	}
	if !opts.counter.Chosen && !opts.plain {
		e.bodyModel(&opts)
	}
	counter, err := counting.New(opts.counter)
	if err != nil {
		return err
	}
	t := &count.Tally{Limit: opts.limit}
	if opts.fit {
		t.Limit = counter.Model().ContextWindow
	}
	out, err := e.OpenOutput("", nil)
	if err != nil {
		return err
	}
	// Warnings come from the goroutine that reads, progress from the one
	// that reports: stderr takes one line at a time.
	locked := *e.Env
	locked.Err = &lockedWriter{w: e.Err}
	e = &env{Env: &locked, errTTY: e.errTTY, errTerm: e.errTerm}
	repOpts := count.ReportOptions{Model: counter.Model(), Total: opts.total, JSON: opts.json,
		By: opts.by, Raw: opts.raw, Plain: opts.plain, Files: opts.files}
	if opts.cost {
		_, prices, err := counting.Prices(opts.counter, opts.price)
		if err != nil {
			return err
		}
		repOpts.Prices = &prices
	}
	rep := count.NewReporter(out.W, e.Err, repOpts)
	if !opts.rows && !opts.json && !opts.total {
		rep = &fewRows{Reporter: rep}
	}
	emit := func(cc *count.ConversationCount) error {
		t.Add(cc)
		return rep.Conversation(cc)
	}
	if opts.plain {
		err = countPlain(e, opts.files, counter, emit)
	} else {
		err = countConversations(e, opts, counter, emit)
	}
	if err == nil {
		err = rep.End(t)
	} else {
		if few, ok := rep.(*fewRows); ok {
			few.flush() // the rows before the error, as a streamed table shows them
		}
		rep.Fail(err)
	}
	if ferr := out.W.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	if v := t.Verdict(); v != "" {
		return &cmderr.No{Msg: v}
	}
	return nil
}

// lockedWriter lets several goroutines write to one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// countConversations counts every conversation of every input on all cores,
// and emits their counts in input order.
func countConversations(e *env, opts countOptions, counter *count.Counter, emit func(*count.ConversationCount) error) error {
	r := &partReader{e: e, paths: source.OrStdin(opts.files), opts: counting.Input(counter, source.Options{From: opts.from, Warn: e.Warn}), skip: opts.skip}
	defer r.close()
	how := count.BreakdownOptions{Raw: opts.raw, ByMessage: opts.by == count.ByMessage}
	err := counter.CountAll(runtime.GOMAXPROCS(0), r.next, how, emit)
	if r.skipped > 0 {
		e.Warnf("skipped %s that could not be read", numfmt.Plural(r.skipped, "line"))
	}
	return err
}

// partReader reads the conversations of inputs one after the other, a
// long one in parts.
type partReader struct {
	e       *env
	paths   []string // the inputs not yet opened
	opts    source.Options
	in      *source.Input // the input being read, or nil
	index   int           // of the conversation being read, within in
	inside  bool          // the last part read has a next part
	skip    bool          // skip the lines of a line-based input that cannot be read
	skipped int           // lines skipped
}

// partBytes is about how much source a part of a long conversation holds:
// such a conversation is counted a part at a time, on all cores, and not
// held whole.
const partBytes = 64 << 10

// next returns the next part, opening the next input when one ends, and
// io.EOF after the last.
func (r *partReader) next() (count.Part, error) {
	for {
		if r.in == nil {
			if len(r.paths) == 0 {
				return count.Part{}, io.EOF
			}
			in, err := r.e.OpenInput(r.paths[0], r.opts)
			if err != nil {
				return count.Part{}, err
			}
			r.in, r.paths, r.index = in, r.paths[1:], 0
		}
		c, more, err := r.in.NextPart(partBytes)
		lines, isLines := r.in.Dec.(convert.RawDecoder)
		// Only a line-based reader can go on past a line it cannot read.
		if err != nil && !errors.Is(err, io.EOF) && r.skip && isLines {
			if raw, _ := lines.Raw(); raw != nil {
				r.skipped++
				r.e.Warnf("%v (line skipped)", err)
				continue
			}
		}
		if errors.Is(err, io.EOF) {
			err, r.in = r.in.Close(), nil
			if err != nil {
				return count.Part{}, err
			}
			continue
		}
		if err != nil {
			return count.Part{File: r.in.Name}, err
		}
		if !r.inside {
			r.index++
		}
		r.inside = more
		p := count.Part{File: r.in.Name, Index: r.index, Conv: c, More: more}
		if isLines {
			_, p.Line = lines.Raw()
		}
		return p, nil
	}
}

func (r *partReader) close() {
	if r.in != nil {
		r.in.Close()
	}
}

// countPlain counts each input as plain text, as ttok does, streamed over
// all cores.
func countPlain(e *env, paths []string, counter *count.Counter, emit func(*count.ConversationCount) error) error {
	for _, p := range source.OrStdin(paths) {
		src, err := e.OpenSource(p)
		if err != nil {
			return err
		}
		err = src.EachPart(func() error {
			if err := src.NotConversations(source.BinaryInputs...); err != nil {
				return err
			}
			if f, err := src.PickFormat(""); err == nil && f.Name == "parquet" {
				return fmt.Errorf("%s:1:1: this is a Parquet file, not text; count its conversations without --plain", src.Name)
			}
			n, err := counter.Stream(src.R, runtime.GOMAXPROCS(0))
			if err != nil {
				return fmt.Errorf("%s: %w", src.Name, err)
			}
			return emit(&count.ConversationCount{File: src.Name, Label: src.Name, Tokens: n})
		})
		src.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// countWithTokenizer counts each conversation as apply_chat_template(…,
// tokenize=True) does with an open model's tokenizer and chat template,
// through count's reporters. With --by, the role columns and rows are the
// tokens each message adds to the rendering.
func countWithTokenizer(e *env, opts countOptions) error {
	model, err := counting.OpenHF(opts.hf)
	if err != nil {
		return err
	}
	// Splitting by message renders every prefix of a conversation: only
	// --by asks for it (without, the table has the whole under OTHER).
	how := counting.HFCount{NoTemplate: opts.noTemplate, GenerationPrompt: opts.generationPrompt, ByMessage: opts.by != "", KeepMessages: opts.by == count.ByMessage}
	if err := model.CanCount(how); err != nil {
		return err
	}
	t := &count.Tally{Limit: opts.limit}
	if opts.fit {
		if model.Window == 0 {
			return cmderr.Usagef("--fit: %s gives no context window (tokenizer_config.json's model_max_length): give --max-seq-len N", opts.hf.Tokenizer)
		}
		t.Limit = model.Window
	}
	out, err := e.OpenOutput("", nil)
	if err != nil {
		return err
	}
	rep := count.NewReporter(out.W, e.Err, count.ReportOptions{Model: model.CountModel(), Total: opts.total, JSON: opts.json, By: opts.by, Files: opts.files})
	if !opts.rows && !opts.json && !opts.total {
		rep = &fewRows{Reporter: rep}
	}
	labels := &count.Labeler{Emit: func(cc *count.ConversationCount) error {
		t.Add(cc)
		return rep.Conversation(cc)
	}}
	index := map[string]int{}
	err = e.EachConversation(opts.files, source.Options{From: opts.from, Warn: e.Warn}, func(in *source.Input, c *chat.Conversation) error {
		index[in.Name]++
		cc, err := model.ConversationCount(c, how)
		if err != nil {
			return fmt.Errorf("%s: conversation %d: %w", in.Name, index[in.Name], err)
		}
		cc.File, cc.Index = in.Name, index[in.Name]
		return labels.Add(cc)
	})
	if err == nil {
		err = labels.Flush("")
	}
	if err == nil {
		err = rep.End(t)
	} else if few, ok := rep.(*fewRows); ok {
		few.flush() // the rows before the error, as a streamed table shows them
	}
	if ferr := out.W.Flush(); err == nil {
		err = ferr
	}
	if err == nil {
		if v := t.Verdict(); v != "" {
			err = &cmderr.No{Msg: v}
		}
	}
	return err
}

// rowsBy reads --by: conversation is the table's rows alone.
func rowsBy(by string) count.By {
	if by == "conversation" {
		return count.ByConversation
	}
	return count.By(by)
}

// maxRows is how many conversations count's table shows a row for by
// default: more, and it shows the summary and distribution alone (--by
// conversation shows every row).
const maxRows = 20

// fewRows holds a table's rows back until it knows there are at most
// maxRows of them; past that it drops them, and the table ends with its
// summary alone.
type fewRows struct {
	count.Reporter
	held []*count.ConversationCount
	many bool
}

func (r *fewRows) Conversation(cc *count.ConversationCount) error {
	if r.many {
		return nil
	}
	if r.held = append(r.held, cc); len(r.held) > maxRows {
		r.many, r.held = true, nil
	}
	return nil
}

func (r *fewRows) End(t *count.Tally) error {
	if err := r.flush(); err != nil {
		return err
	}
	return r.Reporter.End(t)
}

// flush shows the rows held, when there are few.
func (r *fewRows) flush() error {
	for _, cc := range r.held {
		if err := r.Reporter.Conversation(cc); err != nil {
			return err
		}
	}
	r.held = nil
	return nil
}

// bodyModel counts for the model a request body names, when -m and -e are
// not given: the first conversation's "model", looked up in the model table;
// for a model convkit has no entry for, the default model's encoding, said
// to be an approximation. Standard input cannot be read twice, so only a
// first FILE is looked at, and only the first part of a long conversation.
func (e *env) bodyModel(opts *countOptions) {
	if len(opts.files) == 0 || opts.files[0] == "-" {
		return
	}
	in, err := e.OpenInput(opts.files[0], source.Options{From: opts.from})
	if err != nil {
		return // counting tells it
	}
	defer in.Close()
	c, _, err := in.NextPart(partBytes)
	var name string
	if err != nil || json.Unmarshal(c.Extra.Get("model"), &name) != nil || name == "" {
		return
	}
	table, err := counting.ModelTable(opts.counter.Models)
	if err != nil {
		return
	}
	if _, err := table.Lookup(name); err != nil {
		def, _ := table.Lookup(opts.counter.Model)
		e.Warnf("%s: model %q is not one convkit knows: counting with %s (%s), an approximation; -m or -e chooses", in.Name, name, def.Name, def.Encoding)
		return
	}
	opts.counter.Model = name
	fmt.Fprintf(e.Err, "convkit: note: counting for %s, the model %s names (-m chooses another)\n", name, in.Name)
}
