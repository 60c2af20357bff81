// Package validating runs convkit validate: each input checked against a
// JSON Schema and the conversation rules (package schema), every problem
// reported with its place, and with --fine-tune the dataset's statistics
// and what training on it would cost.
package validating

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/smallfile"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/termsafe"
	"github.com/convkit/convkit/schema"
)

// Options are what validate's flags say.
type Options struct {
	Schema   string // an embedded schema's name or a schema file; "" picks per file
	Strict   bool
	FineTune bool
	JSON     bool
	Counter  counting.Options   // counts tokens for --fine-tune
	HF       counting.HFOptions // or an open model's tokenizer and chat template
	Price    string             // --price: overrides of the training price
	From     string             // "jsonl" or a JSON document format, instead of sniffing
	Files    []string
}

// check refuses options validate cannot honour, and names o.From's format
// by its name, not an alias.
func (o *Options) check() error {
	if err := o.HF.Check(); err != nil {
		return err
	}
	if o.HF.Tokenizer != "" && !o.FineTune {
		return cmderr.Usagef("--tokenizer counts the examples of --fine-tune")
	}
	return o.checkFrom()
}

// jsonProblem is a problem as --json prints it.
type jsonProblem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Pointer  string `json:"pointer"`
	Message  string `json:"message"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
}

// Run checks each of opts.Files (or standard input) and reports every
// problem; it returns a cmderr.No when one is an error.
func Run(e *app.Env, opts Options) error {
	if err := opts.check(); err != nil {
		return err
	}
	v, err := newValidator(opts)
	if err != nil {
		return err
	}
	w := e.Out
	if e.OutTTY { // problems quote the input: no escape sequence of it reaches the terminal
		w = &termsafe.Writer{W: w}
	}
	out := bufio.NewWriter(w)
	p := &problemPrinter{w: out, json: json.NewEncoder(out), asJSON: opts.JSON}
	p.json.SetEscapeHTML(false)
	unreadable := checkFiles(e, v, opts, p)
	if st := v.Stats(); st != nil {
		if err := statistics(e, out, st, opts); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	return p.outcome(e, unreadable)
}

// checkFiles checks every input, a part at a time, and returns how many
// could not be read (each told on stderr).
func checkFiles(e *app.Env, v *schema.Validator, opts Options, p *problemPrinter) (unreadable int) {
	// A provider's body schema, as a user's, may take any JSON.
	custom := opts.Schema != "" && (!slices.Contains(schema.Names(), opts.Schema) || schema.IsTarget(opts.Schema))
	var verbose io.Writer
	if e.Verbose {
		verbose = e.Err
	}
	for _, path := range source.OrStdin(opts.Files) {
		src, err := e.OpenSource(path)
		if err == nil {
			err = src.EachPart(func() error {
				p.file = src.Name
				return validateFile(src, v, opts, custom, verbose, p.print)
			})
			src.Close()
		}
		if err != nil {
			unreadable++
			e.Error(err)
		}
	}
	return unreadable
}

// statistics prints the --fine-tune statistics, and for OpenAI's models
// and shapes (not an open model's tokenizer, not TRL's or Alpaca's
// datasets) what training would cost.
func statistics(e *app.Env, out io.Writer, st *schema.Stats, opts Options) error {
	if opts.JSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.Encode(st)
	} else {
		st.WriteTo(out)
	}
	if opts.HF.Tokenizer != "" || !schema.ForOpenAI(st.Shape) {
		return nil
	}
	return fineTuneCost(e, out, st, opts, opts.JSON)
}

// outcome is failure if a file could not be read, "no" if there was an
// error, success otherwise: warnings alone do not fail.
func (pp *problemPrinter) outcome(e *app.Env, unreadable int) error {
	summary := fmt.Sprintf("%s, %s", numfmt.Plural(pp.errors, "error"), numfmt.Plural(pp.warnings, "warning"))
	switch {
	case unreadable > 0 && pp.errors+pp.warnings > 0:
		return fmt.Errorf("%s could not be read (and %s)", numfmt.Plural(unreadable, "file"), summary)
	case unreadable > 0:
		return fmt.Errorf("%s could not be read", numfmt.Plural(unreadable, "file"))
	case pp.errors > 0:
		return &cmderr.No{Msg: summary}
	case pp.warnings > 0 && !e.Quiet: // a summary: -q leaves it out
		fmt.Fprintf(e.Err, "convkit: %s\n", summary)
	}
	return nil
}

// newValidator builds the validator the flags ask for.
func newValidator(opts Options) (*schema.Validator, error) {
	vopts := schema.Options{Strict: opts.Strict, FineTune: opts.FineTune}
	var err error
	switch {
	case opts.FineTune && opts.HF.Tokenizer != "":
		if vopts.Tokens, vopts.MaxTokens, err = hfFineTuneTokens(opts.HF); err != nil {
			return nil, err
		}
	case opts.FineTune:
		if vopts.Tokens, err = fineTuneTokens(opts.Counter); err != nil {
			return nil, err
		}
	}
	if opts.Schema != "" {
		if vopts.Schema, err = loadSchema(opts.Schema, opts.Strict || opts.FineTune); err != nil {
			return nil, err
		}
	}
	return schema.New(vopts), nil
}

// problemPrinter prints the problems of the file being checked, and counts
// them: on w (standard output), as FILE:LINE:COL: error: … or warning: …,
// or as JSON.
type problemPrinter struct {
	w                io.Writer
	json             *json.Encoder
	asJSON           bool
	file             string
	errors, warnings int
}

func (pp *problemPrinter) print(p schema.Problem) {
	severity := "error"
	if p.Warning {
		severity = "warning"
		pp.warnings++
	} else {
		pp.errors++
	}
	if pp.asJSON {
		pp.json.Encode(jsonProblem{pp.file, p.Pos.Line, p.Pos.Col, p.Pointer, p.Msg, p.Rule, severity})
		return
	}
	msg := p.Msg
	if p.Pointer != "" {
		msg = p.Pointer + ": " + msg
	}
	fmt.Fprintf(pp.w, "%s:%d:%d: %s: %s\n", pp.file, p.Pos.Line, p.Pos.Col, severity, msg)
}

// validateFile checks one file (or standard input); the error says why
// it could not be read.
//
// custom says a schema of the user's checks it, which may take any JSON;
// verbose, when set, is told the format each input is read as.
func validateFile(src *source.Source, v *schema.Validator, opts Options, custom bool, verbose io.Writer, report func(schema.Problem)) error {
	head, err := src.Head()
	if err != nil {
		return err
	}
	format := opts.From
	if format == "" {
		if f, err := convert.Detect(head, src.Path); err == nil {
			format = f.Name
		}
	}
	if verbose != nil && format != "" {
		fmt.Fprintf(verbose, "convkit: %s: read as %s\n", src.Name, format)
	}
	if opts.Schema == "" && !opts.FineTune && (readByFormat(format) || isWrapped(format, head, src.Path)) {
		f, err := convert.Lookup(format)
		if err != nil {
			return err
		}
		return located(src, checkByReader(src, f, opts.Strict, report))
	}
	lines := opts.From == "jsonl"
	if opts.From == "" {
		lines = isLines(head, src.Path) || src.LongFirstLine(head)
	}
	v.SetShape(lineShape(head))
	if format == "parquet" && opts.From == "" {
		// Its rows, as JSON Lines: a problem's line is its row.
		err = v.Check(convert.ParquetRows(convert.WithRandomAccess(src.R, src.Part.At, src.Part.Size)), true, report)
		return located(src, err)
	}
	if p := refused(src, head, opts, custom, lines); p != nil {
		report(*p)
		return nil
	}
	if src.Part.At != nil { // a file: each worker reads its own blocks of it
		return located(src, v.CheckAt(src.Part.At, src.Part.Size, lines, report))
	}
	return located(src, v.Check(src.R, lines, report))
}

// located names the input an error reading it comes from.
func located(src *source.Source, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", src.Name, err)
	}
	return nil
}

// refused is the one problem an input is told with instead of being
// checked: input that holds no JSON at all, told as every command tells
// it, or for --fine-tune a JSON document, which read line by line would
// give an error on every line.
func refused(src *source.Source, head []byte, opts Options, custom, lines bool) *schema.Problem {
	if lines {
		return nil
	}
	kinds := append([]error{convert.ErrPlainText}, source.BinaryInputs...)
	if !custom {
		kinds = append(kinds, convert.ErrNotConversation)
	}
	var ce *convert.Error
	if err := src.NotConversations(kinds...); errors.As(err, &ce) {
		return &schema.Problem{Pos: schema.Pos{Line: ce.Line, Col: ce.Col}, Rule: schema.RuleSyntax, Msg: ce.Msg}
	}
	if opts.FineTune && opts.From == "" {
		if f, err := convert.Detect(head, src.Path); err == nil && f.Name != "jsonl" {
			return &schema.Problem{Pos: schema.Pos{Line: 1, Col: 1}, Rule: schema.RuleSyntax,
				Msg: fmt.Sprintf("a JSON document (%s format), not JSON Lines: a fine-tuning dataset holds one example per line (convkit export -f jsonl converts it)", f.Name)}
		}
	}
	return nil
}

// checkFrom refuses a --from that validate cannot read: any readable
// format, but --fine-tune and --schema check JSON, as JSON Lines or as one
// document.
func (o *Options) checkFrom() error {
	if o.From == "" {
		return nil
	}
	f, err := source.NamedFormat(o.From, false)
	if err != nil {
		return err
	}
	if readByFormat(f.Name) && (o.FineTune || o.Schema != "") {
		return &cmderr.Usage{Err: fmt.Errorf("--from %s: with --fine-tune or --schema, validate checks JSON: jsonl, api or meta", o.From)}
	}
	o.From = f.Name
	return nil
}

// isLines decides whether an input is JSON Lines: by its name, by what
// convkit's sniffing says, or because its first line is a whole object and
// the next starts another (even when one of them is broken).
func isLines(head []byte, path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return true
	}
	if f, err := convert.Detect(head, path); err == nil && f.Name == "jsonl" {
		return true
	}
	var lines [][]byte
	for _, l := range bytes.Split(head, []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			lines = append(lines, l)
		}
		if len(lines) == 2 {
			break
		}
	}
	return len(lines) == 2 && lines[0][0] == '{' && lines[0][len(lines[0])-1] == '}' && lines[1][0] == '{'
}

// loadSchema returns the embedded schema called name, or compiles the
// schema file at that path.
func loadSchema(nameOrPath string, strict bool) (*schema.Schema, error) {
	if s, err := schema.Builtin(nameOrPath, strict); err == nil {
		return s, nil
	}
	src, err := smallfile.ReadFile(nameOrPath, "a schema", smallfile.MaxSchema)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &cmderr.Usage{Err: fmt.Errorf("--schema %s: no such file, nor an embedded schema", nameOrPath),
				Hints: []string{"embedded schemas: " + strings.Join(schema.Names(), ", ")}}
		}
		return nil, cmderr.File(err)
	}
	s, err := schema.Compile(filepath.Base(nameOrPath), src)
	var se *schema.Error
	if errors.As(err, &se) {
		return nil, fmt.Errorf("%s:%w", nameOrPath, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", nameOrPath, err)
	}
	return s, nil
}

// hfFineTuneTokens returns what counts an example's tokens for the
// --fine-tune statistics with an open model: the example rendered by its
// chat template and tokenized, as a trainer sees it, and its assistant
// messages' content alone; and the limit, the model's context window.
func hfFineTuneTokens(opts counting.HFOptions) (func([]byte) (int, int, error), int, error) {
	model, err := counting.OpenHF(opts)
	if err != nil {
		return nil, 0, err
	}
	if err := model.CanCount(counting.HFCount{}); err != nil {
		return nil, 0, err
	}
	if model.Window == 0 {
		return nil, 0, cmderr.Usagef("%s gives no context window (tokenizer_config.json's model_max_length): give --max-seq-len N", opts.Tokenizer)
	}
	decode, err := exampleDecoder()
	if err != nil {
		return nil, 0, err
	}
	return func(example []byte) (int, int, error) {
		c, err := decode(example)
		if err != nil {
			return 0, 0, err
		}
		cc, err := model.ConversationCount(c, counting.HFCount{})
		if err != nil {
			return 0, 0, err
		}
		if rejected := count.RejectedConversation(c); rejected != nil {
			// A preference pair: the longer of its two conversations must fit.
			rc, err := model.ConversationCount(rejected, counting.HFCount{})
			if err != nil {
				return 0, 0, err
			}
			cc.Tokens = max(cc.Tokens, rc.Tokens)
		}
		assistant := 0
		for i := range c.Messages {
			if c.Messages[i].Role == chat.Assistant {
				assistant += model.Tokenizer.Count(c.Messages[i].Content.PlainText())
			}
		}
		return cc.Tokens, assistant, nil
	}, model.Window, nil
}

// fineTuneTokens returns what counts an example's tokens for the
// --fine-tune statistics: the whole example as the API counts its prompt,
// and the content of its assistant messages alone, as the notebook does.
func fineTuneTokens(opts counting.Options) (func([]byte) (int, int, error), error) {
	counter, err := counting.New(opts)
	if err != nil {
		return nil, err
	}
	decode, err := exampleDecoder()
	if err != nil {
		return nil, err
	}
	return func(example []byte) (int, int, error) {
		c, err := decode(example)
		if err != nil {
			return 0, 0, err
		}
		if c.Rejected() != nil { // a preference pair: the longer of its two conversations must fit
			cc := counter.Breakdown(c, count.BreakdownOptions{})
			assistant := 0
			for i := range c.Messages {
				if c.Messages[i].Role == chat.Assistant {
					assistant += counter.Content(&c.Messages[i])
				}
			}
			return cc.Pair.Longer(), assistant, nil
		}
		assistant := 0
		for i := range c.Messages {
			if c.Messages[i].Role == chat.Assistant {
				assistant += counter.Content(&c.Messages[i])
			}
		}
		return counter.Conversation(c), assistant, nil
	}, nil
}

// minFineTuneExamples is the fewest examples OpenAI's fine-tuning accepts.
const minFineTuneExamples = 10

// fineTuneCost prints, after validate --fine-tune's statistics, what
// training would cost for its epochs, and warns when there are fewer
// examples than fine-tuning accepts.
func fineTuneCost(e *app.Env, w io.Writer, st *schema.Stats, opts Options, asJSON bool) error {
	examples := len(st.Tokens)
	if st.Examples < minFineTuneExamples {
		e.Warnf("%s: fine-tuning needs at least %d", numfmt.Plural(st.Examples, "example"), minFineTuneExamples)
	}
	m, p, err := counting.Prices(opts.Counter, opts.Price)
	if err != nil || examples == 0 {
		return err
	}
	epochs := schema.Epochs(examples)
	tokens := int64(st.BilledTokens()) * int64(epochs)
	if asJSON {
		cost := map[string]any{"model": m.Entry, "epochs": epochs, "billed_tokens": tokens, "training_price": p.Training,
			"currency": "USD", "source": p.Source, "as_of": p.AsOf}
		if p.Training > 0 {
			cost["training_cost"] = count.Cost(tokens, p.Training)
		}
		return output.WriteJSONLine(w, map[string]any{"fine_tune_cost": cost})
	}
	if p.Training == 0 {
		_, err := fmt.Fprintf(w, "training cost: unknown, %s (--price training=USD)\n", m.NoPrice("fine-tuning"))
		return err
	}
	_, err = fmt.Fprintf(w, "training cost: ~%s for %s epochs at %s per 1M tokens (%s, %s)\n",
		count.Dollars(count.Cost(tokens, p.Training)), numfmt.Thousands(int64(epochs)), count.Dollars(p.Training), m.Entry, p.Provenance())
	return err
}
