package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/diag"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/shellcmd"
	"github.com/convkit/convkit/internal/smallfile"
	"github.com/convkit/convkit/internal/source"
	"github.com/convkit/convkit/internal/spool"
	"github.com/convkit/convkit/trim"
)

// trimOptions are the flags of convkit trim.
type trimOptions struct {
	files        []string // none, or "-", is standard input
	format, from string
	output       string
	compress     string // --compress
	inPlace      bool
	color        bool
	allowSpecial bool // chatml may write text holding its markup
	// summaryTimeout bounds --summary-cmd's run.
	summaryTimeout time.Duration
	counter        counting.Options
	maxTokens      int // trim.None when not given
	reserve        int
	fit            bool
	markerText     string
	summaryFile    string
	summaryCmd     string
	reportJSON     bool
	quiet          bool
	verbose        bool // report each conversation
	policy         trim.Options
	markerWanted   bool
	onUnfit        string // error, skip or keep: what to do with a conversation that does not fit
}

func trimCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "trim",
		Usage:     "fit conversations to a token budget or a window of messages",
		ArgsUsage: "[FILE…]",
		Description: "Trims each conversation of each FILE (or standard input) and writes it in the input's format;\n" +
			"with -i, each FILE is replaced by its trimmed conversations.\n" +
			"Leading system and developer messages stay; a tool call and its results are kept or dropped\n" +
			"together; the kept messages are one contiguous run, written exactly as they were read.\n\n" +
			"   convkit trim --last 20 chat.json\n" +
			"   convkit trim --max-tokens 4000 --reserve 500 --marker -i chat.json\n" +
			"   convkit trim --fit --model gpt-4o --summary-cmd 'llm -s \"summarise\"' chat.json",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "last", DefaultText: "no limit", Usage: "keep the last `N` messages (after the system prompt); 0 keeps only the system prompt"},
			&cli.IntFlag{Name: "last-turns", DefaultText: "no limit", Usage: "keep the last `N` user turns: each user message and all that answers it"},
			tokensFlag(&cli.IntFlag{Name: "max-tokens", DefaultText: "no limit", Usage: "keep what fits in `N` tokens, counted as 'convkit count' counts them"}),
			tokensFlag(&cli.IntFlag{Name: "reserve", Usage: "keep `N` tokens of the budget free for the reply"}),
			&cli.BoolFlag{Name: "fit", Usage: "use the model's context window as the budget"},
			&cli.StringFlag{Name: "keep", Value: "last", Usage: "which end a budget keeps: `last` (the newest messages) or first"},
			&cli.BoolFlag{Name: "marker", Usage: "put one message where the dropped messages were"},
			&cli.StringFlag{Name: "marker-text", Usage: "the marker's `TEMPLATE`: {messages} and {tokens} stand for what was dropped"},
			&cli.StringFlag{Name: "summary-file", Usage: "the marker's text is the content of `FILE`"},
			&cli.StringFlag{Name: "summary-cmd", Usage: "the marker's text is what `CMD` (run by sh -c, in convkit's environment) prints when given the dropped messages as a text transcript; at most 1 MiB"},
			&cli.DurationFlag{Name: "summary-timeout", Value: 60 * time.Second, Usage: "kill --summary-cmd (and what it started) after `DURATION`"},
			&cli.StringFlag{Name: "marker-role", Value: "system", Usage: "the marker's `ROLE`"},
			&cli.BoolFlag{Name: "drop-system", Usage: "let leading system and developer messages be dropped like the others"},
			&cli.StringFlag{Name: "start-on", Usage: "drop messages at the start of what is kept until a `user` message"},
			&cli.BoolFlag{Name: "allow-partial", Usage: "cut the text of the message at the edge to use the budget to the token"},
			&cli.StringFlag{Name: "on-unfit", Value: "error", Usage: "for a conversation that cannot fit: `error` (naming each), skip, or keep it untrimmed"},
			&cli.BoolFlag{Name: "allow-no-user", Usage: "let a budget keep no user message (by default a conversation whose user messages do not fit does not fit)"},
			modelFlag,
			encodingFlag(),
			modelsFileFlag,
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "output `FORMAT` (the input's by default)"},
			fromFlag, allowSpecialFlag,
			outputFlag,
			compressFlag,
			&cli.BoolFlag{Name: "in-place", Aliases: []string{"i"}, Usage: "replace FILE with the trimmed conversations (atomically)"},
			hiddenNames(&cli.BoolFlag{Name: "json", Usage: "report what was dropped as one JSON object per conversation on standard error"}, "report-json"),
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "do not report what was dropped"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "report what was dropped from each conversation, not only the summary"},
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

// trimOptionsFrom reads and checks the flags, a group at a time, in the
// order their errors are told.
func trimOptionsFrom(e *env, c *cli.Context) (trimOptions, error) {
	opts := trimOptions{
		format: c.String("format"), from: c.String("from"), output: c.String("output"), compress: c.String("compress"), inPlace: c.Bool("in-place"),
		maxTokens: trim.None, fit: c.Bool("fit"), reportJSON: c.Bool("json"), quiet: c.Bool("quiet"), verbose: c.Bool("verbose"), policy: trim.Defaults(),
	}
	opts.counter, _ = counterOptionsFrom(c) // trim has no --image-size to fail
	var err error
	if opts.color, err = e.color(c); err != nil {
		return opts, err
	}
	opts.allowSpecial = c.Bool("allow-special-text")
	for _, read := range []func(*cli.Context, *trimOptions) error{trimFile, trimBudget, trimOutput, trimPolicy, trimMarker, trimNeedsPolicy} {
		if err := read(c, &opts); err != nil {
			return opts, err
		}
	}
	return opts, nil
}

func trimFile(c *cli.Context, o *trimOptions) error {
	o.files = source.OrStdin(c.Args().Slice())
	return nil
}

// budgetSet says whether a flag sets the budget, which some flags need.
func (o *trimOptions) budgetSet(c *cli.Context) bool { return o.fit || c.IsSet("max-tokens") }

func trimBudget(c *cli.Context, o *trimOptions) error {
	p := &o.policy
	if err := readCounts(c, intFlag{"last", &p.Last}, intFlag{"last-turns", &p.LastTurns}, intFlag{"max-tokens", &o.maxTokens}, intFlag{"reserve", &o.reserve}); err != nil {
		return err
	}
	switch {
	case o.fit && c.IsSet("max-tokens"):
		return cmderr.Usagef("--fit and --max-tokens both set the budget: give one")
	case c.IsSet("reserve") && !o.budgetSet(c):
		return cmderr.Usagef("--reserve needs a budget: --max-tokens N or --fit")
	}
	return nil
}

func trimOutput(c *cli.Context, o *trimOptions) error {
	switch {
	case o.inPlace && o.output != "":
		return cmderr.Usagef("-i/--in-place and -o/--output both say where to write: give one")
	case o.inPlace && slices.Contains(o.files, "-"):
		return cmderr.Usagef("-i/--in-place needs a FILE to replace, not standard input")
	}
	return nil
}

// trimPolicy reads the flags that choose what is kept.
func trimPolicy(c *cli.Context, o *trimOptions) error {
	p := &o.policy
	switch c.String("keep") {
	case "last":
	case "first":
		p.Keep = trim.KeepFirst
		if c.IsSet("last") || c.IsSet("last-turns") || c.IsSet("start-on") {
			return cmderr.Usagef("--keep first cannot be combined with --last, --last-turns or --start-on, which keep the newest messages")
		}
	default:
		return cmderr.Usagef("--keep takes last or first, not %q", c.String("keep"))
	}
	switch s := c.String("start-on"); s {
	case "":
	case "user":
		p.StartOnUser = true
	default:
		return cmderr.Usagef("--start-on takes user, not %q", s)
	}
	p.DropSystem, p.AllowPartial, p.AllowNoUser = c.Bool("drop-system"), c.Bool("allow-partial"), c.Bool("allow-no-user")
	switch o.onUnfit = c.String("on-unfit"); o.onUnfit {
	case "error", "skip", "keep":
	default:
		return cmderr.Usagef("--on-unfit takes error, skip or keep, not %q", o.onUnfit)
	}
	if p.AllowPartial && !o.budgetSet(c) {
		return cmderr.Usagef("--allow-partial needs a budget: --max-tokens N or --fit")
	}
	return nil
}

// trimMarker reads the flags of the marker message.
func trimMarker(c *cli.Context, o *trimOptions) error {
	p := &o.policy
	p.MarkerRole = chat.Role(c.String("marker-role"))
	// A tool or function marker would be a result without a call.
	if !p.MarkerRole.Known() || p.MarkerRole == chat.Tool || p.MarkerRole == chat.Function {
		return cmderr.Usagef("--marker-role takes a role (system, developer, user, assistant), not %q", p.MarkerRole)
	}
	sources := 0
	for _, name := range []string{"marker-text", "summary-file", "summary-cmd"} {
		if c.IsSet(name) {
			sources++
		}
	}
	if sources > 1 {
		return cmderr.Usagef("--marker-text, --summary-file and --summary-cmd each give the marker's text: give one")
	}
	o.markerText, o.summaryFile, o.summaryCmd = c.String("marker-text"), c.String("summary-file"), c.String("summary-cmd")
	o.summaryTimeout = c.Duration("summary-timeout")
	o.markerWanted = c.Bool("marker") || sources > 0
	return nil
}

// trimNeedsPolicy refuses a trim that would keep everything: without a
// window or a budget it is a copy, most likely a forgotten flag.
func trimNeedsPolicy(c *cli.Context, o *trimOptions) error {
	for _, name := range []string{"last", "last-turns", "max-tokens", "fit"} {
		if c.IsSet(name) {
			return nil
		}
	}
	return &cmderr.Usage{Err: errors.New("trim needs a policy: --last N, --last-turns N, --max-tokens N or --fit"),
		Hints: []string{"convkit trim --max-tokens 4000 --reserve 500 chat.json"}}
}

func runTrim(e *env, opts trimOptions) error {
	counter, err := counting.New(opts.counter)
	if err != nil {
		return err
	}
	if err := e.completePolicy(&opts, counter); err != nil {
		return err
	}
	t := &trimmer{e: e, opts: opts, tokens: counter, counter: trim.Count(counter)}
	defer t.summary()
	if opts.format != "" {
		if t.format, err = source.NamedFormat(opts.format, true); err != nil {
			return err
		}
	}
	if !opts.inPlace {
		out, err := e.OpenOutput(opts.output, opts.files)
		if err != nil {
			return err
		}
		return t.write(out, opts.files)
	}
	for _, file := range opts.files {
		out, err := e.OpenInPlace(file)
		if err == nil {
			err = t.write(out, []string{file})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// write trims the conversations of files into out, and commits it, or
// drops it after an error.
func (t *trimmer) write(out *output.Output, files []string) error {
	t.out, t.enc, t.unfit, t.seen = out, nil, nil, 0
	if err := t.out.CompressWith(t.opts.compress); err != nil {
		t.out.Abort()
		return err
	}
	inOpts := source.Options{From: t.opts.from, Warn: t.e.Warn}
	if t.passesLong() { // a long string is counted as it is read, and goes to the output through a temporary file
		spools := spool.New("", counting.Input(t.tokens, inOpts).Long)
		defer spools.Close()
		inOpts.Long = spools.Open
	}
	err := t.e.EachConversation(files, inOpts, t.conversation)
	if err == nil {
		err = t.unfitOutcome()
	}
	if err == nil && t.enc != nil {
		err = t.enc.Close()
	}
	if err != nil {
		t.out.Abort()
		return err
	}
	return t.out.Commit()
}

// completePolicy sets what of the policy needs the counter: the budget of
// --fit, the token boundaries of --allow-partial, the marker's text.
func (e *env) completePolicy(opts *trimOptions, counter *count.Counter) error {
	p := &opts.policy
	if opts.fit {
		opts.maxTokens = counter.Model().ContextWindow
	}
	if opts.maxTokens >= 0 {
		if p.Budget = opts.maxTokens - opts.reserve; p.Budget < 0 {
			return cmderr.Usagef("--reserve %d leaves nothing of a budget of %d tokens", opts.reserve, opts.maxTokens)
		}
	}
	var err error
	if p.AllowPartial {
		if p.Boundaries, err = trim.TokenStarts(counter.Model().Encoding); err != nil {
			return err
		}
	}
	if opts.markerWanted {
		p.Marker, err = e.markerText(*opts)
	}
	return err
}

// trimmer trims the conversations of one input and writes them.
type trimmer struct {
	e       *env
	opts    trimOptions
	tokens  *count.Counter // counts long strings as they are read
	counter trim.Counter
	format  *convert.Format // of the output; nil: the input's
	out     *output.Output
	enc     convert.Encoder // made for the first conversation
	file    string          // the input being read
	n       int             // its conversations so far
	total   trimTotal
	unfit   []unfit // the conversations of this output that did not fit
	seen    int     // the conversations of this output
}

// trimTotal is what trimming did to all the conversations, for the summary.
type trimTotal struct {
	conversations, changed, messages, tokens int
}

// summary prints one line when something was dropped, unless each
// conversation was reported or -q asks for silence.
func (t *trimmer) summary() {
	o, tt := t.opts, t.total
	if tt.changed == 0 || o.quiet || o.verbose || o.reportJSON {
		return
	}
	t.e.Summary("trim", "dropped %s, %s tokens, from %d of %s (-v tells each)",
		numfmt.Plural(tt.messages, "message"), numfmt.Thousands(int64(tt.tokens)), tt.changed, numfmt.Plural(tt.conversations, "conversation"))
}

// passesLong reports whether long strings may pass through spools: the
// output format writes them (without -f it is the input's, and only
// formats that write them read into spools), and nothing needs their text:
// no cut of a message (--allow-partial), no summary of what was dropped.
func (t *trimmer) passesLong() bool {
	return (t.format == nil || t.format.PassesLong) && !t.opts.policy.AllowPartial && t.opts.summaryCmd == ""
}

// unfit is a conversation that does not fit, and why.
type unfit struct {
	n   int
	why string
}

// unfitOutcome tells what became of the conversations that did not fit:
// with --on-unfit error an error naming each (the whole output is dropped),
// with skip or keep a one-line summary.
func (t *trimmer) unfitOutcome() error {
	if len(t.unfit) == 0 {
		return nil
	}
	hint := "raise --max-tokens (or lower --reserve), or add --allow-partial to keep part of a message"
	if t.seen > 1 {
		hint = "--on-unfit skip leaves them out, --on-unfit keep writes them untrimmed"
	}
	if t.opts.onUnfit == "error" {
		if len(t.unfit) == 1 {
			return &cmderr.Hint{Err: &cmderr.No{Msg: t.unfit[0].why}, Hints: []string{hint}}
		}
		for _, u := range t.unfit {
			fmt.Fprintln(t.e.Err, diag.Line("error", u.why, diag.IsFile))
		}
		return &cmderr.Hint{Err: &cmderr.No{Msg: fmt.Sprintf("%d of %d conversations do not fit", len(t.unfit), t.seen)}, Hints: []string{hint}}
	}
	var nums []string
	for i, u := range t.unfit {
		if i == 10 {
			nums = append(nums, "…")
			break
		}
		nums = append(nums, strconv.Itoa(u.n))
	}
	done := "skipped %d of %d conversations, which do not fit: %s"
	if t.opts.onUnfit == "keep" {
		done = "wrote %d of %d conversations untrimmed, as they do not fit: %s"
	}
	t.e.Warnf(done, len(t.unfit), t.seen, strings.Join(nums, ", "))
	return nil
}

func (t *trimmer) conversation(in *source.Input, conv *chat.Conversation) error {
	if in.Name != t.file {
		t.file, t.n = in.Name, 0
	}
	t.n++
	t.seen++
	if t.enc == nil {
		f := cmp.Or(t.format, output.ImpliedFormat(t.opts.output, in.Format))
		if !f.CanWrite() {
			return cmderr.Usagef("format %q can be read but not written; name an output format with -f", f.Name)
		}
		if t.opts.color && t.opts.output == "" && !t.opts.inPlace && f.Name == "text" {
			t.out.KeepEscapes() // it cleans what it colours
		}
		t.enc = f.NewEncoder(t.out, convert.EncodeOptions{Color: t.opts.color && t.opts.output == "" && !t.opts.inPlace, AllowSpecialText: t.opts.allowSpecial})
	}
	trimmed, rep, err := trim.Trim(conv, t.counter, t.opts.policy)
	var nf *trim.NoFitError
	if errors.As(err, &nf) {
		t.unfit = append(t.unfit, unfit{t.n, fmt.Sprintf("%s: conversation %d: %v", in.Name, t.n, err)})
		switch t.opts.onUnfit {
		case "keep":
			return t.enc.Encode(conv)
		case "skip":
			return nil
		}
		return nil // error: told, with every other, when all are read
	}
	if err != nil {
		return fmt.Errorf("%s: conversation %d: %w", in.Name, t.n, err)
	}
	t.total.conversations++
	if rep.Dropped > 0 || rep.Cut != nil || rep.Marker {
		t.total.changed++
		t.total.messages += rep.Dropped
		t.total.tokens += rep.DroppedTokens
	}
	if err := t.e.trimReport(t.opts, in.Name, t.n, rep); err != nil {
		return err
	}
	return t.enc.Encode(trimmed)
}

// markerText returns what writes the marker's text, from the flags.
func (e *env) markerText(opts trimOptions) (func(trim.Dropped) (string, error), error) {
	switch {
	case opts.summaryFile != "":
		data, err := smallfile.ReadFile(opts.summaryFile, "a summary", smallfile.MaxSummary)
		if err != nil {
			return nil, cmderr.File(err)
		}
		text := strings.TrimSuffix(string(data), "\n")
		return func(trim.Dropped) (string, error) { return text, nil }, nil
	case opts.summaryCmd != "":
		return func(d trim.Dropped) (string, error) { return e.summarise(opts.summaryCmd, opts.summaryTimeout, d) }, nil
	}
	return trim.MarkerTemplate(opts.markerText, opts.policy.Keep), nil
}

// summarise runs cmd with sh -c, the dropped messages as a text transcript
// on its standard input, and returns what it prints.
func (e *env) summarise(cmd string, timeout time.Duration, d trim.Dropped) (string, error) {
	var transcript bytes.Buffer
	text, _ := convert.Lookup("text")
	enc := text.NewEncoder(&transcript, convert.EncodeOptions{})
	if err := enc.Encode(&chat.Conversation{Messages: d.Messages}); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	stdout, err := shellcmd.Output(cmd, &transcript, e.Err, timeout, smallfile.MaxSummary)
	if err != nil {
		return "", fmt.Errorf("--summary-cmd %q failed: %v", cmd, err)
	}
	summary := strings.TrimRight(string(stdout), "\r\n")
	if strings.TrimSpace(summary) == "" {
		return "", fmt.Errorf("--summary-cmd %q printed no summary", cmd)
	}
	return summary, nil
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
		_, err = fmt.Fprintf(e.Err, "%s\n", b)
		return err
	}
	if opts.quiet || !opts.verbose {
		return nil
	}
	_, err := fmt.Fprintf(e.Err, "%s: conversation %d: %s\n", name, n, rep)
	return err
}
