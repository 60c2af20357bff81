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
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/schema"
)

// validateOptions are the flags of convkit validate.
type validateOptions struct {
	schema   string // an embedded schema's name or a schema file; "" picks per file
	strict   bool
	fineTune bool
	json     bool
	model    string // counts tokens for --fine-tune
	files    []string
}

func validateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check conversation files against JSON Schemas and conversation rules",
		ArgsUsage: "[FILE…]",
		Description: "Checks each FILE (or standard input, or -) and reports every problem, one per line,\n" +
			"as FILE:LINE:COL: /json/pointer: what is wrong. A JSON file is checked against the api\n" +
			"schema (meta when its messages carry metadata), each line of a JSON Lines file against\n" +
			"jsonl-line. Conversation rules report warnings; --strict makes them errors.\n" +
			"Exit 0 when there is no error, 3 when there is one, 1 when a file cannot be read.\n\n" +
			"   convkit validate chat.json\n" +
			"   convkit validate --fine-tune train.jsonl\n" +
			"   convkit validate --schema my.schema.json data.jsonl",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "schema", Usage: "check against `NAME|FILE`: an embedded schema (see 'convkit schema --list') or a JSON Schema file"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings are errors, and fields the embedded schemas do not name are refused"},
			&cli.BoolFlag{Name: "fine-tune", Usage: "check a fine-tuning dataset (JSONL) as OpenAI's data preparation does, then print its statistics"},
			&cli.BoolFlag{Name: "json", Usage: "print each problem as a JSON object on standard output"},
			modelFlag,
		},
		Action: func(c *cli.Context) error {
			return runValidate(e, validateOptions{
				schema:   c.String("schema"),
				strict:   c.Bool("strict"),
				fineTune: c.Bool("fine-tune"),
				json:     c.Bool("json"),
				model:    c.String("model"),
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
	vopts := schema.Options{Strict: opts.strict, FineTune: opts.fineTune}
	if opts.fineTune {
		tokens, err := fineTuneTokens(opts.model)
		if err != nil {
			return err
		}
		vopts.Tokens = tokens
	}
	if opts.schema != "" {
		s, err := loadSchema(opts.schema, opts.strict || opts.fineTune)
		if err != nil {
			return err
		}
		vopts.Schema = s
	}
	v := schema.New(vopts)
	if len(opts.files) == 0 {
		opts.files = []string{"-"}
	}
	out := bufio.NewWriter(e.out)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var errs, warns, unreadable int
	for _, path := range opts.files {
		name := path
		report := func(p schema.Problem) {
			if p.Warning {
				warns++
			} else {
				errs++
			}
			if opts.json {
				sev := "error"
				if p.Warning {
					sev = "warning"
				}
				enc.Encode(jsonProblem{name, p.Pos.Line, p.Pos.Col, p.Pointer, p.Msg, p.Rule, sev})
				return
			}
			if p.Warning {
				e.warnf("%s:%s", name, p)
			} else {
				fmt.Fprintf(e.err, "convkit: %s:%s\n", name, p)
			}
		}
		if err := validateFile(e, v, path, &name, opts.fineTune, report); err != nil {
			unreadable++
			fmt.Fprintf(e.err, "convkit: %s\n", err)
		}
	}
	if st := v.Stats(); st != nil {
		if opts.json {
			enc.Encode(st)
		} else {
			st.WriteTo(out)
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	// Failure if a file could not be read, "no" if there was an error,
	// success otherwise: warnings alone do not fail.
	summary := fmt.Sprintf("%s, %s", quantity(errs, "error"), quantity(warns, "warning"))
	switch {
	case unreadable > 0 && errs+warns > 0:
		return fmt.Errorf("%s could not be read (and %s)", quantity(unreadable, "file"), summary)
	case unreadable > 0:
		return fmt.Errorf("%s could not be read", quantity(unreadable, "file"))
	case errs > 0:
		return &noError{summary}
	case warns > 0:
		fmt.Fprintf(e.err, "convkit: %s\n", summary)
	}
	return nil
}

func quantity(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// validateFile checks one file (or standard input); the error says why
// it could not be read.
func validateFile(e *env, v *schema.Validator, path string, name *string, fineTune bool, report func(schema.Problem)) error {
	var r io.Reader = e.in
	if path == "-" {
		*name = stdinName
	} else {
		f, err := os.Open(path)
		if err != nil {
			return fileError(err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s: is a directory, not a conversation file", path)
		}
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return fmt.Errorf("%s: %w", *name, err)
	}
	lines := isLines(head, path)
	if fineTune && !lines {
		if f, err := convert.Detect(head, path); err == nil && f.Name != "jsonl" {
			// Read line by line, a pretty-printed document would give an
			// error on every line: say what is wrong once.
			report(schema.Problem{Pos: schema.Pos{Line: 1, Col: 1}, Rule: schema.RuleSyntax,
				Msg: fmt.Sprintf("a JSON document (%s format), not JSON Lines: a fine-tuning dataset holds one example per line (convkit export -f jsonl converts it)", f.Name)})
			return nil
		}
	}
	if err := v.Check(br, lines, report); err != nil {
		return fmt.Errorf("%s: %w", *name, err)
	}
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
	src, err := os.ReadFile(nameOrPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &usageError{err: fmt.Errorf("--schema %s: no such file, nor an embedded schema", nameOrPath),
				hints: []string{"embedded schemas: " + strings.Join(schema.Names(), ", ")}}
		}
		return nil, fileError(err)
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

// fineTuneTokens returns what counts an example's tokens for the
// --fine-tune statistics: the whole example as the API counts its prompt,
// and the content of its assistant messages alone, as the notebook does.
func fineTuneTokens(model string) (func([]byte) (int, int, error), error) {
	counter, err := newCounter(counterOptions{model: model})
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
