package main

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

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/diag"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/smallfile"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/termsafe"
	"github.com/convkit/convkit/schema"
)

// validateOptions are the flags of convkit validate.
type validateOptions struct {
	schema   string // an embedded schema's name or a schema file; "" picks per file
	strict   bool
	fineTune bool
	json     bool
	counter  counting.Options   // counts tokens for --fine-tune
	hf       counting.HFOptions // or an open model's tokenizer and chat template
	price    string             // --price: overrides of the training price
	from     string             // "jsonl" or a JSON document format, instead of sniffing
	files    []string
}

func validateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check conversation files against JSON Schemas and conversation rules",
		ArgsUsage: "[FILE…]",
		Description: "Checks each FILE (or standard input, or -) and prints every problem on standard output, one per\n" +
			"line, as FILE:LINE:COL: error: /json/pointer: what is wrong (warning: for a rule's finding);\n" +
			"a file it cannot read is told on standard error. A JSON file is checked against the api\n" +
			"schema (meta when its messages carry metadata), each line of a JSON Lines file against\n" +
			"jsonl-line. Conversation rules report warnings; --strict makes them errors.\n" +
			"Exit 0 when there is no error, 3 when there is one, 1 when a file cannot be read.\n\n" +
			"   convkit validate chat.json\n" +
			"   convkit validate --fine-tune train.jsonl\n" +
			"   convkit validate --fine-tune --tokenizer ./Llama-3.1-8B-Instruct --max-seq-len 8192 train.jsonl\n" +
			"   convkit validate --schema my.schema.json data.jsonl",
		Flags: []cli.Flag{
			memberFlag,
			&cli.StringFlag{Name: "schema", Usage: "check against `NAME|FILE`: an embedded schema (see 'convkit schema --list') or a JSON Schema file"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings are errors, and fields the embedded schemas do not name are refused"},
			&cli.BoolFlag{Name: "fine-tune", Usage: "check a fine-tuning dataset (JSONL) as OpenAI's data preparation does, then print its statistics"},
			&cli.BoolFlag{Name: "json", Usage: "print each problem as a JSON object on standard output"},
			&cli.StringFlag{Name: "model", Aliases: []string{"m"}, Value: count.DefaultModel,
				Usage: "with --fine-tune, count tokens as `MODEL` does ('convkit models' lists them)"},
			encodingFlag(),
			modelsFileFlag,
			priceFlag(),
			tokenizerFlag,
			templateFlag,
			templateFileFlag,
			maxSeqLenFlag,
			&cli.StringFlag{Name: "from", Usage: "read the input as `FORMAT`: jsonl (one conversation per line) or a JSON document (api, meta), instead of sniffing"},
		},
		Action: func(c *cli.Context) error {
			counter, err := counterOptionsFrom(c)
			if err != nil {
				return err
			}
			hf := hfOptionsFrom(c)
			if err := hf.Check(); err != nil {
				return err
			}
			if hf.Tokenizer != "" && !c.Bool("fine-tune") {
				return cmderr.Usagef("--tokenizer counts the examples of --fine-tune")
			}
			return runValidate(e, validateOptions{
				hf:       hf,
				schema:   c.String("schema"),
				strict:   c.Bool("strict"),
				fineTune: c.Bool("fine-tune"),
				json:     c.Bool("json"),
				counter:  counter,
				price:    c.String("price"),
				from:     c.String("from"),
				files:    c.Args().Slice(),
			})
		},
	}
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

func runValidate(e *env, opts validateOptions) error {
	if err := checkValidateFrom(opts.from); err != nil {
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
	p := &problemPrinter{w: out, json: json.NewEncoder(out), asJSON: opts.json}
	p.json.SetEscapeHTML(false)
	unreadable := 0
	for _, path := range source.OrStdin(opts.files) {
		src, err := e.OpenSource(path)
		if err == nil {
			err = src.EachPart(func() error {
				p.file = src.Name
				return validateFile(src, v, opts, opts.schema != "" && !slices.Contains(schema.Names(), opts.schema), p.print)
			})
			src.Close()
		}
		if err != nil {
			unreadable++
			fmt.Fprintln(e.Err, diag.Line("error", firstLine(err.Error()), func(name string) bool { return errorNames(err, name) }))
		}
	}
	if st := v.Stats(); st != nil {
		if opts.json {
			p.json.Encode(st)
		} else {
			st.WriteTo(out)
		}
		// OpenAI's training price means nothing for an open model.
		if opts.hf.Tokenizer == "" {
			if err := e.fineTuneCost(out, st, opts, opts.json); err != nil {
				return err
			}
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	// Failure if a file could not be read, "no" if there was an error,
	// success otherwise: warnings alone do not fail.
	summary := fmt.Sprintf("%s, %s", numfmt.Plural(p.errors, "error"), numfmt.Plural(p.warnings, "warning"))
	switch {
	case unreadable > 0 && p.errors+p.warnings > 0:
		return fmt.Errorf("%s could not be read (and %s)", numfmt.Plural(unreadable, "file"), summary)
	case unreadable > 0:
		return fmt.Errorf("%s could not be read", numfmt.Plural(unreadable, "file"))
	case p.errors > 0:
		return &cmderr.No{Msg: summary}
	case p.warnings > 0 && !e.Quiet: // a summary: -q leaves it out
		fmt.Fprintf(e.Err, "convkit: %s\n", summary)
	}
	return nil
}

// newValidator builds the validator the flags ask for.
func newValidator(opts validateOptions) (*schema.Validator, error) {
	vopts := schema.Options{Strict: opts.strict, FineTune: opts.fineTune}
	var err error
	switch {
	case opts.fineTune && opts.hf.Tokenizer != "":
		if vopts.Tokens, vopts.MaxTokens, err = hfFineTuneTokens(opts.hf); err != nil {
			return nil, err
		}
	case opts.fineTune:
		if vopts.Tokens, err = fineTuneTokens(opts.counter); err != nil {
			return nil, err
		}
	}
	if opts.schema != "" {
		if vopts.Schema, err = loadSchema(opts.schema, opts.strict || opts.fineTune); err != nil {
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
// custom says a schema of the user's checks it, which may take any JSON.
func validateFile(src *source.Source, v *schema.Validator, opts validateOptions, custom bool, report func(schema.Problem)) error {
	head, err := src.Head()
	if err != nil {
		return err
	}
	lines := opts.from == "jsonl"
	if opts.from == "" {
		lines = isLines(head, src.Path) || src.LongFirstLine(head)
	}
	r := io.Reader(src.R)
	if f, err := convert.Detect(head, src.Path); err == nil && f.Name == "parquet" && opts.from == "" {
		// Its rows, as JSON Lines: a problem's line is its row.
		r, lines = convert.ParquetRows(convert.WithRandomAccess(src.R, src.Part.At, src.Part.Size)), true
	} else if !lines {
		// Input that holds no JSON at all is told as every command tells it.
		kinds := append([]error{convert.ErrPlainText}, source.BinaryInputs...)
		if !custom {
			kinds = append(kinds, convert.ErrNotConversation)
		}
		var ce *convert.Error
		if err := src.NotConversations(kinds...); errors.As(err, &ce) {
			report(schema.Problem{Pos: schema.Pos{Line: ce.Line, Col: ce.Col}, Rule: schema.RuleSyntax, Msg: ce.Msg})
			return nil
		}
	}
	if opts.fineTune && !lines && opts.from == "" {
		if f, err := convert.Detect(head, src.Path); err == nil && f.Name != "jsonl" {
			// Read line by line, a pretty-printed document would give an
			// error on every line: say what is wrong once.
			report(schema.Problem{Pos: schema.Pos{Line: 1, Col: 1}, Rule: schema.RuleSyntax,
				Msg: fmt.Sprintf("a JSON document (%s format), not JSON Lines: a fine-tuning dataset holds one example per line (convkit export -f jsonl converts it)", f.Name)})
			return nil
		}
	}
	if err := v.Check(r, lines, report); err != nil {
		return fmt.Errorf("%s: %w", src.Name, err)
	}
	return nil
}

// checkValidateFrom refuses a --from that validate cannot read: it checks
// JSON, as JSON Lines or as one document.
func checkValidateFrom(from string) error {
	if from == "" {
		return nil
	}
	f, err := source.NamedFormat(from, false)
	if err != nil {
		return err
	}
	switch f.Name {
	case "jsonl", "api", "meta":
		return nil
	}
	return &cmderr.Usage{Err: fmt.Errorf("--from %s: validate checks JSON: jsonl, api or meta", from)}
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
	jsonl, err := convert.Lookup("jsonl")
	if err != nil {
		return nil, 0, err
	}
	return func(example []byte) (int, int, error) {
		c, err := jsonl.NewDecoder(bytes.NewReader(example), convert.DecodeOptions{}).Decode()
		if err != nil {
			return 0, 0, err
		}
		cc, err := model.ConversationCount(c, counting.HFCount{})
		if err != nil {
			return 0, 0, err
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
	jsonl, err := convert.Lookup("jsonl")
	if err != nil {
		return nil, err
	}
	return func(example []byte) (int, int, error) {
		c, err := jsonl.NewDecoder(bytes.NewReader(example), convert.DecodeOptions{}).Decode()
		if err != nil {
			return 0, 0, err
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
