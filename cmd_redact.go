package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/redact"
)

// redactOptions are the flags of convkit redact.
type redactOptions struct {
	files      []string
	from       string
	format     string // output format; "" is the input's
	output     string
	inPlace    bool
	dryRun     bool   // list findings, write nothing
	check      bool   // say whether anything would be redacted, write nothing
	reportJSON string // file (or -) for the findings as JSON
	rulesFile  string
	redact     redact.Options
}

var redactKindsUsage = "secrets (every gitleaks rule), a gitleaks rule id, " + strings.Join(redact.PIIKinds, ", ") + ", or a kind of --rules"

func redactCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "redact",
		Usage:     "replace secrets and personal data with placeholders",
		ArgsUsage: "[FILE…]",
		Description: "Finds secrets (gitleaks' rules) and personal data (emails, phone numbers, payment cards,\n" +
			"IBANs, IP addresses, US SSNs) in message text, parts, tool-call arguments and results and names,\n" +
			"and replaces each with a placeholder such as [REDACTED:email-1]: the same value the same\n" +
			"placeholder across every file of the run. Images, audio and files cannot be inspected and\n" +
			"are replaced by a placeholder unless --keep-media. Output is in the input's format.\n\n" +
			"   convkit redact -o shared.jsonl chats.jsonl\n" +
			"   convkit redact --dry-run chats.jsonl     (exit 3 when anything is found)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (atomically) instead of standard output"},
			&cli.BoolFlag{Name: "in-place", Aliases: []string{"i"}, Usage: "replace each FILE with its redacted version, atomically"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "output `FORMAT` (default: the input's)"},
			&cli.StringFlag{Name: "from", Usage: "input `FORMAT`, instead of sniffing it"},
			&cli.BoolFlag{Name: "dry-run", Usage: "print each finding, masked, and write nothing; exit 3 when anything is found"},
			&cli.BoolFlag{Name: "check", Usage: "write nothing; exit 3 when anything would be redacted"},
			&cli.StringFlag{Name: "report-json", Usage: "write the findings (masked) as JSON to `FILE` (- for standard output with --dry-run or --check)"},
			&cli.StringFlag{Name: "kinds", Usage: "look only for these comma-separated `KINDS`: " + redactKindsUsage},
			&cli.StringFlag{Name: "skip-kinds", Usage: "do not look for these comma-separated `KINDS`"},
			&cli.StringFlag{Name: "rules", Usage: "add the patterns and allow-list of a YAML `FILE`"},
			&cli.BoolFlag{Name: "keep-private-ips", Usage: "keep private and link-local IP addresses (RFC 1918, fc00::/7, fe80::/10)"},
			&cli.BoolFlag{Name: "keep-media", Usage: "keep images, audio and files instead of replacing them with a placeholder"},
			&cli.BoolFlag{Name: "unknown-fields", Usage: "also redact the string values of fields convkit does not model"},
		},
		Action: func(c *cli.Context) error {
			return runRedact(e, redactOptions{
				files:      c.Args().Slice(),
				from:       c.String("from"),
				format:     c.String("format"),
				output:     c.String("output"),
				inPlace:    c.Bool("in-place"),
				dryRun:     c.Bool("dry-run"),
				check:      c.Bool("check"),
				reportJSON: c.String("report-json"),
				rulesFile:  c.String("rules"),
				redact: redact.Options{
					Kinds:          splitList(c.String("kinds")),
					Skip:           splitList(c.String("skip-kinds")),
					KeepPrivateIPs: c.Bool("keep-private-ips"),
					KeepMedia:      c.Bool("keep-media"),
					UnknownFields:  c.Bool("unknown-fields"),
				},
			})
		},
	}
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// newRedactor builds the redactor the options ask for, reading the rules file.
func newRedactor(opts redact.Options, rulesFile string) (*redact.Redactor, error) {
	if rulesFile != "" {
		data, err := os.ReadFile(rulesFile)
		if err != nil {
			return nil, fileError(err)
		}
		if opts.Rules, err = redact.ParseRules(data); err != nil {
			return nil, fmt.Errorf("%s: %w", rulesFile, err)
		}
	}
	r, err := redact.New(opts)
	var uk *redact.UnknownKindError
	if errors.As(err, &uk) {
		return nil, &usageError{err: err, hints: []string{"kinds are " + redactKindsUsage}}
	}
	return r, err
}

// findingReport is one finding in --report-json.
type findingReport struct {
	File         string `json:"file"`
	Line         int    `json:"line,omitempty"`
	Conversation int    `json:"conversation"`
	Message      int    `json:"message,omitempty"`
	Role         string `json:"role,omitempty"`
	Field        string `json:"field"`
	Kind         string `json:"kind"`
	Placeholder  string `json:"placeholder"`
	Context      string `json:"context"`
}

func runRedact(e *env, opts redactOptions) error {
	review := opts.dryRun || opts.check
	switch {
	case opts.inPlace && (opts.output != "" || review):
		return usageErrorf("-i/--in-place goes with neither -o/--output, --dry-run nor --check")
	case opts.inPlace && (len(opts.files) == 0 || slices.Contains(opts.files, "-")):
		return usageErrorf("-i/--in-place needs files, not standard input")
	case review && opts.output != "":
		return usageErrorf("--dry-run and --check write nothing: drop -o/--output")
	case opts.reportJSON == "-" && !review:
		return usageErrorf("--report-json - takes standard output, which holds the redacted conversations: name a file, or add --dry-run")
	}
	r, err := newRedactor(opts.redact, opts.rulesFile)
	if err != nil {
		return err
	}
	var forced *convert.Format
	if opts.format != "" {
		if forced, err = convert.Lookup(opts.format); err != nil {
			return formatUsageError(err)
		}
		if !forced.CanWrite() {
			return usageErrorf("format %q can be read but not written", forced.Name)
		}
	}
	run := &redactRun{e: e, opts: opts, r: r, forced: forced}
	if opts.inPlace {
		err = run.inPlace()
	} else {
		err = run.stream()
	}
	if err != nil {
		return err
	}
	return run.finish()
}

// redactRun is one run of convkit redact over its inputs.
type redactRun struct {
	e      *env
	opts   redactOptions
	r      *redact.Redactor
	forced *convert.Format
	conv   int             // conversations read so far
	counts map[string]int  // findings per kind
	report []findingReport // for --report-json
	file   []redact.Finding
}

// redactConversations reads every conversation of in, redacts it, and
// hands it to write (nil to write nothing).
func (run *redactRun) redactConversations(in *input, write func(*chat.Conversation) error) error {
	run.file = run.file[:0]
	media := 0
	for {
		c, err := in.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		run.conv++
		found, err := run.r.Conversation(c, run.conv)
		if err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		for _, f := range found {
			if f.Media {
				media++
			}
		}
		if run.opts.dryRun || run.opts.reportJSON != "" {
			run.file = append(run.file, found...)
		} else {
			run.tally(found)
		}
		if write != nil {
			if err := write(c); err != nil {
				return err
			}
		}
	}
	if media > 0 && !run.opts.dryRun {
		run.e.warnf("%s: %d image, audio or file parts removed: they cannot be inspected (--keep-media keeps them)", in.name, media)
	}
	return run.review(in.name)
}

func (run *redactRun) tally(found []redact.Finding) {
	if run.counts == nil {
		run.counts = map[string]int{}
	}
	for _, f := range found {
		run.counts[f.Kind]++
	}
}

// review prints (--dry-run) and keeps (--report-json) a file's findings,
// with their lines.
func (run *redactRun) review(name string) error {
	if len(run.file) == 0 {
		return nil
	}
	run.tally(run.file)
	lines := make([]int, len(run.file))
	if name != stdinName {
		if f, err := os.Open(name); err == nil {
			lines, _ = redact.Locate(f, run.file)
			f.Close()
		}
	}
	for i, f := range run.file {
		where := fmt.Sprintf("%s:%d:", name, lines[i])
		if lines[i] == 0 {
			where = name + ":"
		}
		if run.opts.dryRun {
			msg := fmt.Sprintf("conv %d msg %d %s", f.Conversation, f.Message, f.Role)
			if f.Message == 0 {
				msg = fmt.Sprintf("conv %d %s", f.Conversation, f.Field)
			}
			fmt.Fprintf(run.e.out, "%s %s: %s: %s\n", where, msg, f.Kind, f.Context)
		}
		if run.opts.reportJSON != "" {
			run.report = append(run.report, findingReport{File: name, Line: lines[i], Conversation: f.Conversation, Message: f.Message,
				Role: f.Role, Field: f.Field, Kind: f.Kind, Placeholder: f.Placeholder, Context: f.Context})
		}
	}
	return nil
}

// stream writes every input's conversations, redacted, to one output in
// the first input's format (or -f).
func (run *redactRun) stream() error {
	review := run.opts.dryRun || run.opts.check
	var out *output
	var enc convert.Encoder
	var encFormat *convert.Format
	files := run.opts.files
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, path := range files {
		in, err := run.e.openInput(path, inputOptions{from: run.opts.from, warn: func(s string) { run.e.warnf("%s", s) }})
		if err != nil {
			return run.abort(out, err)
		}
		var write func(*chat.Conversation) error
		if !review {
			if enc == nil {
				encFormat = run.forced
				if encFormat == nil {
					encFormat = in.format
				}
				if out, err = run.e.openOutput(run.opts.output, run.opts.files); err != nil {
					in.close()
					return err
				}
				enc = encFormat.NewEncoder(out, convert.EncodeOptions{Warn: func(s string) { run.e.warnf("%s", s) }})
			} else if run.forced == nil && in.format != encFormat {
				in.close()
				return run.abort(out, &usageError{err: fmt.Errorf("%s: %s, not %s as the first input: one output holds one format", in.name, in.format.Name, encFormat.Name),
					hints: []string{"name the output format with -f/--format, or redact each file on its own"}})
			}
			write = enc.Encode
		}
		err = run.redactConversations(in, write)
		if cerr := in.close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", in.name, cerr)
		}
		if err != nil {
			return run.abort(out, err)
		}
	}
	if enc == nil {
		return nil
	}
	if err := enc.Close(); err != nil {
		return run.abort(out, err)
	}
	if err := out.commit(); err != nil {
		return fmt.Errorf("%s: %w", run.opts.output, err)
	}
	return nil
}

func (run *redactRun) abort(out *output, err error) error {
	if out != nil {
		out.abort()
	}
	return err
}

// inPlace replaces each file with its redacted version, in its own format.
func (run *redactRun) inPlace() error {
	for _, path := range run.opts.files {
		in, err := run.e.openInput(path, inputOptions{from: run.opts.from, warn: func(s string) { run.e.warnf("%s", s) }})
		if err != nil {
			return err
		}
		format := run.forced
		if format == nil {
			format = in.format
		}
		out, err := run.e.openInPlace(path)
		if err != nil {
			in.close()
			return err
		}
		enc := format.NewEncoder(out, convert.EncodeOptions{Warn: func(s string) { run.e.warnf("%s", s) }})
		err = run.redactConversations(in, enc.Encode)
		if err == nil {
			err = enc.Close()
		}
		in.close()
		if err != nil {
			out.abort()
			return err
		}
		if err := out.commit(); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// finish writes --report-json and says what was found: with --dry-run or
// --check, finding anything is the answer no.
func (run *redactRun) finish() error {
	if run.opts.reportJSON != "" {
		data, err := json.MarshalIndent(append([]findingReport{}, run.report...), "", "  ")
		if err != nil {
			return err
		}
		data = append(data, '\n')
		if run.opts.reportJSON == "-" {
			if _, err := run.e.out.Write(data); err != nil {
				return err
			}
		} else {
			out, err := run.e.openOutput(run.opts.reportJSON, run.opts.files)
			if err != nil {
				return err
			}
			out.Write(data)
			if err := out.commit(); err != nil {
				return fmt.Errorf("%s: %w", run.opts.reportJSON, err)
			}
		}
	}
	total := 0
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(run.counts)) {
		total += run.counts[k]
		kinds = append(kinds, fmt.Sprintf("%d %s", run.counts[k], k))
	}
	verb := "redacted"
	if run.opts.dryRun || run.opts.check {
		verb = "found"
	}
	if total == 0 {
		fmt.Fprintf(run.e.err, "convkit: nothing to redact\n")
		return nil
	}
	summary := fmt.Sprintf("%s %s: %s", verb, numfmt.Plural(total, "value"), strings.Join(kinds, ", "))
	if run.opts.dryRun || run.opts.check {
		return &noError{msg: summary}
	}
	fmt.Fprintf(run.e.err, "convkit: %s\n", summary)
	return nil
}

// redactEach is export's --redact: a redactor with the default
// kinds, applied to each conversation before it is written.
func redactEach(e *env, next func(*input, *chat.Conversation) error) (func(*input, *chat.Conversation) error, error) {
	r, err := newRedactor(redact.Options{}, "")
	if err != nil {
		return nil, err
	}
	conv := 0
	return func(in *input, c *chat.Conversation) error {
		conv++
		found, err := r.Conversation(c, conv)
		if err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		for _, f := range found {
			if f.Media {
				e.warnf("%s: conversation %d, message %d: %s removed: it cannot be inspected", in.name, f.Conversation, f.Message, f.Context)
			}
		}
		return next(in, c)
	}, nil
}
