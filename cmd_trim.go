package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/trim"
)

// trimOptions are the flags of convkit trim.
type trimOptions struct {
	file          string // "" or "-" is standard input
	format, from  string
	output        string
	inPlace       bool
	color         bool
	counter       counterOptions
	maxTokens     int // trim.None when not given
	reserve       int
	fit           bool
	markerText    string
	summaryFile   string
	summaryCmd    string
	reportJSON    bool
	quiet         bool
	policy        trim.Options
	markerWanted  bool
	markerSources int // how many of --marker-text, --summary-file, --summary-cmd
}

func trimCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "trim",
		Usage:     "fit conversations to a token budget or a window of messages",
		ArgsUsage: "[FILE]",
		Description: "Trims each conversation of FILE (or standard input) and writes it in the input's format.\n" +
			"Leading system and developer messages stay; a tool call and its results are kept or dropped\n" +
			"together; the kept messages are one contiguous run, written exactly as they were read.\n\n" +
			"   convkit trim --last 20 chat.json\n" +
			"   convkit trim --max-tokens 4000 --reserve 500 --marker -i chat.json\n" +
			"   convkit trim --fit --model gpt-4o --summary-cmd 'llm -s \"summarise\"' chat.json",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "last", DefaultText: "no limit", Usage: "keep the last `N` messages (after the system prompt); 0 keeps only the system prompt"},
			&cli.IntFlag{Name: "last-turns", DefaultText: "no limit", Usage: "keep the last `N` user turns: each user message and all that answers it"},
			&cli.IntFlag{Name: "max-tokens", DefaultText: "no limit", Usage: "keep what fits in `N` tokens, counted as 'convkit count' counts them"},
			&cli.IntFlag{Name: "reserve", Usage: "keep `N` tokens of the budget free for the reply"},
			&cli.BoolFlag{Name: "fit", Usage: "use the model's context window as the budget"},
			&cli.StringFlag{Name: "keep", Value: "last", Usage: "which end a budget keeps: `last` (the newest messages) or first"},
			&cli.BoolFlag{Name: "marker", Usage: "put one message where the dropped messages were"},
			&cli.StringFlag{Name: "marker-text", Usage: "the marker's `TEMPLATE`: {messages} and {tokens} stand for what was dropped"},
			&cli.StringFlag{Name: "summary-file", Usage: "the marker's text is the content of `FILE`"},
			&cli.StringFlag{Name: "summary-cmd", Usage: "the marker's text is what `CMD` (run by sh -c) prints when given the dropped messages as a text transcript"},
			&cli.StringFlag{Name: "marker-role", Value: "system", Usage: "the marker's `ROLE`"},
			&cli.BoolFlag{Name: "drop-system", Usage: "let leading system and developer messages be dropped like the others"},
			&cli.StringFlag{Name: "start-on", Usage: "drop messages at the start of what is kept until a `user` message"},
			&cli.BoolFlag{Name: "allow-partial", Usage: "cut the text of the message at the edge to use the budget to the token"},
			modelFlag,
			&cli.StringFlag{Name: "encoding", Aliases: []string{"e"}, Usage: "count with `ENCODING` instead of the model's: " + strings.Join(count.Encodings(), ", ")},
			modelsFileFlag,
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "output `FORMAT` (the input's by default)"},
			&cli.StringFlag{Name: "from", Usage: "input `FORMAT`, instead of sniffing it"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (atomically) instead of standard output"},
			&cli.BoolFlag{Name: "in-place", Aliases: []string{"i"}, Usage: "replace FILE with the trimmed conversations (atomically)"},
			&cli.BoolFlag{Name: "report-json", Usage: "report what was dropped as one JSON object per conversation on standard error"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "do not report what was dropped"},
			colorFlag,
		},
		Action: func(c *cli.Context) error {
			opts, err := trimOptionsFrom(e, c)
			if err != nil {
				return err
			}
			return runTrim(e, opts)
		},
	}
}

// trimOptionsFrom reads and checks the flags.
func trimOptionsFrom(e *env, c *cli.Context) (trimOptions, error) {
	opts := trimOptions{
		format: c.String("format"), from: c.String("from"), output: c.String("output"), inPlace: c.Bool("in-place"),
		counter: counterOptions{model: c.String("model"), encoding: c.String("encoding"), models: c.String("models")}, maxTokens: trim.None, reserve: c.Int("reserve"), fit: c.Bool("fit"),
		markerText: c.String("marker-text"), summaryFile: c.String("summary-file"), summaryCmd: c.String("summary-cmd"),
		reportJSON: c.Bool("report-json"), quiet: c.Bool("quiet"), policy: trim.Defaults(),
	}
	var err error
	if opts.color, err = e.color(c); err != nil {
		return opts, err
	}
	switch c.NArg() {
	case 0:
	case 1:
		opts.file = c.Args().First()
	default:
		return opts, usageErrorf("trim takes one FILE, not %d", c.NArg())
	}
	nonNegative := func(name string, dst *int) error {
		if !c.IsSet(name) {
			return nil
		}
		if *dst = c.Int(name); *dst < 0 {
			return usageErrorf("--%s takes a number of 0 or more, not %d", name, *dst)
		}
		return nil
	}
	p := &opts.policy
	for name, dst := range map[string]*int{"last": &p.Last, "last-turns": &p.LastTurns, "max-tokens": &opts.maxTokens, "reserve": &opts.reserve} {
		if err := nonNegative(name, dst); err != nil {
			return opts, err
		}
	}
	switch {
	case opts.fit && c.IsSet("max-tokens"):
		return opts, usageErrorf("--fit and --max-tokens both set the budget: give one")
	case c.IsSet("reserve") && !opts.fit && !c.IsSet("max-tokens"):
		return opts, usageErrorf("--reserve needs a budget: --max-tokens N or --fit")
	case opts.inPlace && opts.output != "":
		return opts, usageErrorf("-i/--in-place and -o/--output both say where to write: give one")
	case opts.inPlace && (opts.file == "" || opts.file == "-"):
		return opts, usageErrorf("-i/--in-place needs a FILE to replace, not standard input")
	}
	switch c.String("keep") {
	case "last":
	case "first":
		p.Keep = trim.KeepFirst
		if c.IsSet("last") || c.IsSet("last-turns") || c.IsSet("start-on") {
			return opts, usageErrorf("--keep first cannot be combined with --last, --last-turns or --start-on, which keep the newest messages")
		}
	default:
		return opts, usageErrorf("--keep takes last or first, not %q", c.String("keep"))
	}
	switch s := c.String("start-on"); s {
	case "":
	case "user":
		p.StartOnUser = true
	default:
		return opts, usageErrorf("--start-on takes user, not %q", s)
	}
	p.DropSystem = c.Bool("drop-system")
	p.AllowPartial = c.Bool("allow-partial")
	if p.AllowPartial && !opts.fit && !c.IsSet("max-tokens") {
		return opts, usageErrorf("--allow-partial needs a budget: --max-tokens N or --fit")
	}
	p.MarkerRole = chat.Role(c.String("marker-role"))
	// A tool or function marker would be a result without a call.
	if !p.MarkerRole.Known() || p.MarkerRole == chat.Tool || p.MarkerRole == chat.Function {
		return opts, usageErrorf("--marker-role takes a role (system, developer, user, assistant), not %q", p.MarkerRole)
	}
	for _, name := range []string{"marker-text", "summary-file", "summary-cmd"} {
		if c.IsSet(name) {
			opts.markerSources++
		}
	}
	if opts.markerSources > 1 {
		return opts, usageErrorf("--marker-text, --summary-file and --summary-cmd each give the marker's text: give one")
	}
	opts.markerWanted = c.Bool("marker") || opts.markerSources > 0
	return opts, nil
}

func runTrim(e *env, opts trimOptions) error {
	counter, err := newCounter(opts.counter)
	if err != nil {
		return err
	}
	if opts.fit {
		opts.maxTokens = counter.Model().ContextWindow
	}
	if opts.maxTokens >= 0 {
		if opts.policy.Budget = opts.maxTokens - opts.reserve; opts.policy.Budget < 0 {
			return usageErrorf("--reserve %d leaves nothing of a budget of %d tokens", opts.reserve, opts.maxTokens)
		}
	}
	if opts.policy.AllowPartial {
		if opts.policy.Boundaries, err = trim.TokenStarts(counter.Model().Encoding); err != nil {
			return err
		}
	}
	if opts.markerWanted {
		if opts.policy.Marker, err = e.markerText(opts); err != nil {
			return err
		}
	}
	var outFormat *convert.Format
	if opts.format != "" {
		if outFormat, err = convert.Lookup(opts.format); err != nil {
			return formatUsageError(err)
		}
		if !outFormat.CanWrite() {
			return usageErrorf("format %q can be read but not written", outFormat.Name)
		}
	}
	file := opts.file
	if file == "" {
		file = "-"
	}
	var out *output
	if opts.inPlace {
		out, err = e.openInPlace(file)
	} else {
		out, err = e.openOutput(opts.output, []string{file})
	}
	if err != nil {
		return err
	}
	var enc convert.Encoder
	n := 0
	err = e.eachConversation([]string{file}, inputOptions{from: opts.from, warn: func(s string) { e.warnf("%s", s) }},
		func(in *input, conv *chat.Conversation) error {
			n++
			if enc == nil {
				f := outFormat
				if f == nil {
					f = in.format
				}
				if !f.CanWrite() {
					return usageErrorf("format %q can be read but not written; name an output format with -f", f.Name)
				}
				enc = f.NewEncoder(out, convert.EncodeOptions{Color: opts.color && opts.output == "" && !opts.inPlace})
			}
			trimmed, rep, err := trim.Trim(conv, trim.Count(counter), opts.policy)
			var nf *trim.NoFitError
			if errors.As(err, &nf) {
				return &hintError{&noError{fmt.Sprintf("%s: conversation %d: %v", in.name, n, err)},
					[]string{"raise --max-tokens (or lower --reserve), or add --allow-partial to keep part of a message"}}
			}
			if err != nil {
				return fmt.Errorf("%s: conversation %d: %w", in.name, n, err)
			}
			if err := e.trimReport(opts, in.name, n, rep); err != nil {
				return err
			}
			return enc.Encode(trimmed)
		})
	if err == nil && enc != nil {
		err = enc.Close()
	}
	if err != nil {
		out.abort()
		return err
	}
	if err := out.commit(); err != nil {
		return fmt.Errorf("%s: %w", outputName(out), err)
	}
	return nil
}

// markerText returns what writes the marker's text, from the flags.
func (e *env) markerText(opts trimOptions) (func(trim.Dropped) (string, error), error) {
	switch {
	case opts.summaryFile != "":
		data, err := os.ReadFile(opts.summaryFile)
		if err != nil {
			return nil, fileError(err)
		}
		text := strings.TrimSuffix(string(data), "\n")
		return func(trim.Dropped) (string, error) { return text, nil }, nil
	case opts.summaryCmd != "":
		return func(d trim.Dropped) (string, error) { return e.summarise(opts.summaryCmd, d) }, nil
	}
	tmpl := opts.markerText
	if tmpl == "" {
		tmpl = "[{messages} earlier messages ({tokens} tokens) were left out]"
		if opts.policy.Keep == trim.KeepFirst {
			tmpl = "[{messages} later messages ({tokens} tokens) were left out]"
		}
	}
	return func(d trim.Dropped) (string, error) {
		return strings.NewReplacer("{messages}", strconv.Itoa(len(d.Messages)), "{tokens}", strconv.Itoa(d.Tokens)).Replace(tmpl), nil
	}, nil
}

// summarise runs cmd with sh -c, the dropped messages as a text transcript
// on its standard input, and returns what it prints.
func (e *env) summarise(cmd string, d trim.Dropped) (string, error) {
	var transcript bytes.Buffer
	enc := textEncoder(&transcript)
	if err := enc.Encode(&chat.Conversation{Messages: d.Messages}); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	var stdout bytes.Buffer
	c := exec.Command("sh", "-c", cmd)
	c.Stdin, c.Stdout, c.Stderr = &transcript, &stdout, e.err
	if err := c.Run(); err != nil {
		return "", fmt.Errorf("--summary-cmd %q failed: %v", cmd, err)
	}
	text := strings.TrimRight(stdout.String(), "\r\n")
	if strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("--summary-cmd %q printed no summary", cmd)
	}
	return text, nil
}

func textEncoder(w *bytes.Buffer) convert.Encoder {
	f, _ := convert.Lookup("text")
	return f.NewEncoder(w, convert.EncodeOptions{})
}

// trimReport tells, on standard error, what trimming one conversation did.
func (e *env) trimReport(opts trimOptions, name string, n int, rep *trim.Report) error {
	if opts.reportJSON {
		b, err := json.Marshal(struct {
			File         string `json:"file"`
			Conversation int    `json:"conversation"`
			*trim.Report
		}{name, n, rep})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.err, "%s\n", b)
		return err
	}
	if opts.quiet {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: conversation %d: kept %d of %s, %d of %d tokens", name, n, rep.Kept, plural(rep.Messages, "message"), rep.KeptTokens, rep.Tokens)
	if rep.Budget != nil {
		fmt.Fprintf(&b, " (budget %d)", *rep.Budget)
	}
	fmt.Fprintf(&b, "; dropped %s, %d tokens", plural(rep.Dropped, "message"), rep.DroppedTokens)
	if rep.Marker {
		fmt.Fprintf(&b, "; marker %d tokens", rep.MarkerTokens)
	}
	if rep.Cut != nil {
		fmt.Fprintf(&b, "; cut message %d from %d to %d tokens", rep.Cut.Index+1, rep.Cut.Tokens, rep.Cut.KeptTokens)
	}
	_, err := fmt.Fprintln(e.err, b.String())
	return err
}

// outputName names an output in an error.
func outputName(o *output) string {
	if o.path == "" {
		return "standard output"
	}
	return o.path
}

// plural says "1 message", "2 messages".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
