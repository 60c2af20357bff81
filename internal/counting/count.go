package counting

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/source"
)

// CountOptions are what count's flags say.
type CountOptions struct {
	Counter Options
	From    string
	By      count.By
	Rows    bool // --by conversation: a row per conversation, however many
	Raw     bool // content only, without the chat overhead
	Plain   bool // count each input as plain text
	JSON    bool
	Total   bool
	Limit   int  // --max-tokens: the conversations over it are named, exit 3
	Fit     bool // the model's context window is the limit
	Files   []string
	Skip    bool      // skip the lines of a JSONL input that cannot be read, each told
	HF      HFOptions // --tokenizer: count with a Hugging Face tokenizer instead
	// With HF: the message texts alone, or the rendering with the
	// assistant header that prompts a reply.
	NoTemplate, GenerationPrompt bool
	Cost                         bool   // add what the tokens cost as input
	Price                        string // --price overrides
	bodyModel                    string // the model the first conversation names, when it chose the counter's
}

// check refuses options that contradict each other, in the order their
// errors are told.
func (o CountOptions) check() error {
	for _, check := range []func() error{o.checkRows, o.checkTokenizer, o.checkOutput} {
		if err := check(); err != nil {
			return err
		}
	}
	return o.HF.Check()
}

// checkRows checks what is counted and how it is split.
func (o CountOptions) checkRows() error {
	switch {
	case o.By != count.ByConversation && o.By != count.ByMessage && o.By != count.ByRole:
		return cmderr.Usagef("--by takes conversation, message or role, not %q", o.By)
	case o.Limit < 0:
		return cmderr.Usagef("--max-tokens takes a positive number of tokens, not %d", o.Limit)
	case o.Plain && (o.By != "" || o.From != ""):
		return cmderr.Usagef("--plain counts text, not conversations: it takes no --by or --from")
	}
	return nil
}

// checkTokenizer checks the options that go with --tokenizer.
func (o CountOptions) checkTokenizer() error {
	switch {
	case o.HF.Tokenizer == "" && (o.NoTemplate || o.GenerationPrompt):
		return cmderr.Usagef("--no-template and --generation-prompt go with --tokenizer")
	case o.HF.Tokenizer != "" && (o.Plain || o.Raw):
		return cmderr.Usagef("--tokenizer counts conversations: it takes no --plain or --raw (--no-template counts the message texts alone)")
	case o.HF.Tokenizer != "" && o.Cost:
		return cmderr.Usagef("--cost prices OpenAI's models: it takes no --tokenizer")
	case o.NoTemplate && (o.HF.Template != "" || o.HF.TemplateFile != ""):
		return cmderr.Usagef("--no-template renders no chat template: it takes no --template or --template-file")
	}
	return nil
}

// checkOutput checks what is printed.
func (o CountOptions) checkOutput() error {
	switch {
	case o.JSON && o.Total:
		return cmderr.Usagef("--json and -t/--total ask for two different outputs: pick one")
	case o.Cost && o.Total:
		return cmderr.Usagef("-t/--total prints a bare number: it takes no --cost")
	case o.Price != "" && !o.Cost:
		return cmderr.Usagef("--price sets the prices --cost uses: add --cost")
	}
	return nil
}

// Count counts the tokens of the conversations (or, with Plain, the text)
// of opts.Files and reports them on standard output; it returns a
// cmderr.No when a conversation is over the limit or does not fit.
func Count(e *app.Env, opts CountOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	if opts.HF.Tokenizer != "" {
		return countWithTokenizer(e, opts)
	}
	if !opts.Counter.Chosen && !opts.Plain {
		opts.bodyModel = bodyModel(e, &opts)
	}
	counter, err := New(opts.Counter)
	if err != nil {
		return failedJSON(e, opts, count.Model{Name: opts.Counter.Model, Encoding: opts.Counter.Encoding}, err)
	}
	t := &count.Tally{Limit: opts.Limit, Window: counter.Model().ContextWindow}
	if opts.Fit {
		t.Limit = counter.Model().ContextWindow
	}
	out, err := e.OpenOutput("", nil)
	if err != nil {
		return err
	}
	// Warnings come from the goroutine that reads, progress from the one
	// that reports: stderr takes one line at a time.
	locked := *e
	locked.Err = &lockedWriter{w: e.Err}
	e = &locked
	repOpts := count.ReportOptions{Model: counter.Model(), Total: opts.Total, JSON: opts.JSON,
		By: opts.By, Raw: opts.Raw, Plain: opts.Plain, Files: opts.Files}
	if opts.Cost {
		_, prices, err := Prices(opts.Counter, opts.Price)
		if err != nil {
			return failedJSON(e, opts, counter.Model(), err)
		}
		repOpts.Prices = &prices
	}
	rep := newReporter(e, out, opts, repOpts)
	emit := func(cc *count.ConversationCount) error {
		t.Add(cc)
		return rep.Conversation(cc)
	}
	if opts.Plain {
		err = countPlain(e, opts.Files, counter, emit)
	} else {
		err = countConversations(e, opts, counter, emit)
	}
	if err != nil {
		rep.Fail(err)
	}
	return finish(rep, t, out, err)
}

// newReporter is the report opts ask for, on out: rows held back until
// it is known that there are few, unless --by, --json or --total.
func newReporter(e *app.Env, out *output.Output, opts CountOptions, repOpts count.ReportOptions) count.Reporter {
	rep := count.NewReporter(out.W, e.Err, repOpts)
	if !opts.Rows && !opts.JSON && !opts.Total {
		rep = &fewRows{Reporter: rep}
	}
	return rep
}

// finish ends the report (after err, the rows before it, as a streamed
// table shows them), flushes out, and returns err or the tally's verdict.
func finish(rep count.Reporter, t *count.Tally, out *output.Output, err error) error {
	if err == nil {
		err = rep.End(t)
	} else if few, ok := rep.(*fewRows); ok {
		few.flush()
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

// countPlain counts each input as plain text, as ttok does, streamed over
// all cores.
func countPlain(e *app.Env, paths []string, counter *count.Counter, emit func(*count.ConversationCount) error) error {
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
func countWithTokenizer(e *app.Env, opts CountOptions) error {
	// Splitting by message renders every prefix of a conversation: only
	// --by asks for it (without, the count is Unsplit).
	how := HFCount{NoTemplate: opts.NoTemplate, GenerationPrompt: opts.GenerationPrompt, ByMessage: opts.By != "", KeepMessages: opts.By == count.ByMessage}
	model, err := OpenHF(opts.HF)
	if err == nil {
		err = model.CanCount(how)
	}
	if err != nil {
		return failedJSON(e, opts, count.Model{Name: opts.HF.Tokenizer, Encoding: "tokenizer.json"}, err)
	}
	t := &count.Tally{Limit: opts.Limit, Window: model.CountModel().ContextWindow}
	if opts.Fit {
		if model.Window == 0 {
			return cmderr.Usagef("--fit: %s gives no context window (tokenizer_config.json's model_max_length): give --max-seq-len N", opts.HF.Tokenizer)
		}
		t.Limit = model.Window
	}
	out, err := e.OpenOutput("", nil)
	if err != nil {
		return err
	}
	rep := newReporter(e, out, opts, count.ReportOptions{Model: model.CountModel(), Total: opts.Total, JSON: opts.JSON, By: opts.By, Files: opts.Files})
	labels := &count.Labeler{Emit: func(cc *count.ConversationCount) error {
		t.Add(cc)
		return rep.Conversation(cc)
	}}
	failed, err := eachCounted(e, opts, func(in *source.Input, c *chat.Conversation, index, line int) error {
		cc, err := model.ConversationCount(c, how)
		if rejected := count.RejectedConversation(c); rejected != nil && err == nil {
			// A preference pair: its prompt + rejected too (docs/counting.md).
			var rc *count.ConversationCount
			if rc, err = model.ConversationCount(rejected, how); err == nil {
				cc.JoinRejected(rc, rejected, c.PromptLen())
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", source.Place(in.Name, line, index), err)
		}
		cc.File, cc.Index, cc.Line = in.Name, index, line
		return labels.Add(cc)
	})
	if ferr := labels.Flush(failed); err == nil {
		err = ferr
	}
	if err != nil {
		rep.Fail(err) // --json's document stays whole, the error in it
	}
	return finish(rep, t, out, err)
}

// failedJSON writes, with --json, the document of a count that could not
// start (a --tokenizer or --models file that cannot be read), with the error in it, as a
// count that fails on an input does; a usage error stays without.
func failedJSON(e *app.Env, opts CountOptions, m count.Model, err error) error {
	var ue *cmderr.Usage
	if !opts.JSON || errors.As(err, &ue) {
		return err
	}
	out, oerr := e.OpenOutput("", nil)
	if oerr != nil {
		return err
	}
	count.NewReporter(out.W, e.Err, count.ReportOptions{Model: m, JSON: true}).Fail(err)
	if ferr := out.W.Flush(); ferr != nil {
		return ferr
	}
	return err
}

// eachCounted calls fn with every conversation of opts.Files, its index
// in its input and its line in JSON Lines (else 0), and returns the name
// of the input whose reading failed ("" if none did): the count's labels
// need it, as CountAll's. With opts.Skip, a JSON Lines line that cannot be
// read is told and passed over, as without --tokenizer.
func eachCounted(e *app.Env, opts CountOptions, fn func(in *source.Input, c *chat.Conversation, index, line int) error) (string, error) {
	skipped := 0
	defer func() {
		if skipped > 0 {
			e.Warnf("skipped %s that could not be read", numfmt.Plural(skipped, "line"))
		}
	}()
	for _, p := range source.OrStdin(opts.Files) {
		in, err := e.OpenInput(p, source.Options{From: opts.From, Warn: e.Warn})
		if err != nil {
			return "", err
		}
		for index := 1; ; {
			u, err := in.NextUnparsed()
			if errors.Is(err, io.EOF) {
				break
			}
			var c *chat.Conversation
			if err == nil {
				c, err = u.Parse()
				u.Tell()
				if err != nil && opts.Skip && u.Raw != nil {
					skipped++
					e.Warnf("%v (line skipped)", err)
					continue
				}
			}
			if err == nil {
				err = fn(in, c, index, u.Line)
				index++
			}
			if err != nil {
				in.Close()
				return in.Name, err
			}
		}
		if err := in.Close(); err != nil {
			return in.Name, fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	return "", nil
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

// flush shows the rows held, when there are few, in a column as wide as
// their labels.
func (r *fewRows) flush() error {
	if table, ok := r.Reporter.(interface{ FitLabel(string) }); ok {
		for _, cc := range r.held {
			table.FitLabel(cc.Label)
		}
	}
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
// It returns the model named, which it has told about.
func bodyModel(e *app.Env, opts *CountOptions) string {
	if len(opts.Files) == 0 || opts.Files[0] == "-" {
		return ""
	}
	// A long string of the first message is passed over, not held.
	skipLong := func(chat.LongKind) chat.Sink { return count.Discard{} }
	// A peek: the count's own reading says "read as" under -v.
	peek := e.Sources()
	peek.Verbose = nil
	in, err := peek.Input(opts.Files[0], source.Options{From: opts.From, Long: skipLong})
	if err != nil {
		return "" // counting tells it
	}
	defer in.Close()
	c, _, err := in.NextPart(partBytes)
	var name string
	if err != nil || json.Unmarshal(c.Extra.Get("model"), &name) != nil || name == "" {
		return ""
	}
	table, err := ModelTable(opts.Counter.Models)
	if err != nil {
		return ""
	}
	if _, err := table.Lookup(name); err != nil {
		def, _ := table.Lookup(opts.Counter.Model)
		e.Warnf("%s: model %q is not one convkit knows: counting with %s (%s), an approximation; -m or -e chooses", in.Name, name, def.Name, def.Encoding)
		return name
	}
	opts.Counter.Model = name
	fmt.Fprintf(e.Err, "convkit: note: counting for %s, the model %s names (-m chooses another)\n", name, in.Name)
	return name
}
