package trimming

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/app"
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

// Run trims the conversations of opts.Files and writes them, to
// opts.Output or standard output, or with opts.InPlace over each file.
func Run(e *app.Env, opts Options) error {
	if err := opts.check(); err != nil {
		return err
	}
	tc, err := newCounting(opts.Counter, opts.HF, opts.How)
	if err != nil {
		return err
	}
	if err := completePolicy(e, &opts, tc); err != nil {
		return err
	}
	t := &trimmer{e: e, opts: opts, tokens: tc.tokens, counter: tc.counter}
	defer t.summary()
	if opts.Format != "" {
		if t.format, err = source.NamedFormat(opts.Format, true); err != nil {
			return err
		}
	}
	if !opts.InPlace {
		out, err := e.OpenOutput(opts.Output, opts.Files)
		if err != nil {
			return err
		}
		return t.write(out, opts.Files)
	}
	for _, file := range opts.Files {
		out, err := e.OpenInPlace(file, output.ElsewhereWithO)
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
	if err := t.out.CompressWith(t.opts.Compress); err != nil {
		t.out.Abort()
		return err
	}
	inOpts := source.Options{From: t.opts.From, Warn: t.e.Warn}
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
func completePolicy(e *app.Env, opts *Options, tc *trimCounting) error {
	p := &opts.Policy
	if opts.Fit {
		if opts.MaxTokens = tc.window; opts.MaxTokens == 0 {
			return cmderr.Usagef("--fit: %s gives no context window (tokenizer_config.json's model_max_length): give --max-seq-len N", opts.HF.Tokenizer)
		}
	}
	if opts.MaxTokens >= 0 {
		if p.Budget = opts.MaxTokens - opts.Reserve; p.Budget < 0 {
			return cmderr.Usagef("--reserve %d leaves nothing of a budget of %d tokens", opts.Reserve, opts.MaxTokens)
		}
	}
	p.Boundaries, p.LongCuts = tc.boundaries, tc.longCuts
	var err error
	if opts.markerWanted {
		p.Marker, err = markerText(e, *opts)
	}
	return err
}

// trimmer trims the conversations of one input and writes them.
type trimmer struct {
	e       *app.Env
	opts    Options
	tokens  *count.Counter // counts long strings as they are read; nil: they are read whole
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
	if tt.changed == 0 || o.Quiet || o.Verbose || o.ReportJSON {
		return
	}
	t.e.Summary("trim", "dropped %s, %s tokens, from %d of %s (-v tells each)",
		numfmt.Plural(tt.messages, "message"), numfmt.Thousands(int64(tt.tokens)), tt.changed, numfmt.Plural(tt.conversations, "conversation"))
}

// passesLong reports whether long strings may pass through spools: the
// output format writes them (without -f it is the input's, and only
// formats that write them read into spools), and nothing needs their text
// whole: --allow-partial cuts a spooled text reading only the end or the
// start it keeps (trim.LongCutter). (A summary command reads the dropped
// messages as a text transcript, whose writer copies them from their
// spools.)
func (t *trimmer) passesLong() bool {
	return (t.format == nil || t.format.PassesLong) && t.tokens != nil
}

// unfit is a conversation that does not fit, and why.
type unfit struct {
	place string // source.Place
	why   string
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
	if t.opts.OnUnfit == "error" {
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
		nums = append(nums, u.place)
	}
	done := "skipped %d of %d conversations, which do not fit: %s"
	if t.opts.OnUnfit == "keep" {
		done = "wrote %d of %d conversations untrimmed, as they do not fit: %s"
	}
	t.e.Warnf(done, len(t.unfit), t.seen, strings.Join(nums, ", "))
	return nil
}

// conversation trims conv, the next of in, and writes it.
func (t *trimmer) conversation(in *source.Input, conv *chat.Conversation) error {
	if in.Name != t.file {
		t.file, t.n = in.Name, 0
	}
	t.n++
	t.seen++
	if t.enc == nil {
		if err := t.startEncoder(in); err != nil {
			return err
		}
	}
	place := in.Place(t.n)
	trimmed, rep, err := trim.Trim(conv, t.counter, t.opts.Policy)
	var nf *trim.NoFitError
	switch {
	case errors.As(err, &nf):
		t.unfit = append(t.unfit, unfit{place, fmt.Sprintf("%s: %v", place, err)})
		if t.opts.OnUnfit == "keep" {
			return t.enc.Encode(conv)
		}
		return nil // skip; or error: told, with every other, when all are read
	case err != nil:
		return fmt.Errorf("%s: %w", place, err)
	}
	t.total.add(rep)
	if err := report(t.e, t.opts, in, t.n, rep); err != nil {
		return err
	}
	return t.enc.Encode(trimmed)
}

// startEncoder starts writing in the output format: -f's, or -o's
// extension's, or the first input's.
func (t *trimmer) startEncoder(in *source.Input) error {
	f := cmp.Or(t.format, output.ImpliedFormat(t.opts.Output, in.Format))
	if !f.CanWrite() {
		return cmderr.Usagef("format %q can be read but not written; name an output format with -f", f.Name)
	}
	color := t.opts.Color && t.opts.Output == "" && !t.opts.InPlace
	if color && f.Name == "text" {
		t.out.KeepEscapes() // it cleans what it colours
	}
	var err error
	t.enc, err = t.out.Encoder(f, convert.EncodeOptions{Color: color, AllowSpecialText: t.opts.AllowSpecial,
		Lines: output.WritesLines(t.opts.Output, f, in.Format, in.Lines)})
	return err
}

// add counts what trimming one conversation did.
func (tt *trimTotal) add(rep *trim.Report) {
	tt.conversations++
	if rep.Dropped > 0 || rep.Cut != nil || rep.Marker {
		tt.changed++
		tt.messages += rep.Dropped
		tt.tokens += rep.DroppedTokens
	}
}

// markerText returns what writes the marker's text, from the flags.
func markerText(e *app.Env, opts Options) (func(trim.Dropped) (string, error), error) {
	switch {
	case opts.SummaryFile != "":
		data, err := smallfile.ReadFile(opts.SummaryFile, "a summary", smallfile.MaxSummary)
		if err != nil {
			return nil, cmderr.File(err)
		}
		text := strings.TrimSuffix(string(data), "\n")
		return func(trim.Dropped) (string, error) { return text, nil }, nil
	case opts.SummaryCmd != "":
		return func(d trim.Dropped) (string, error) { return summarise(e, opts.SummaryCmd, opts.SummaryTimeout, d) }, nil
	}
	return trim.MarkerTemplate(opts.MarkerText, opts.Policy.Keep), nil
}

// summarise runs cmd with sh -c, the dropped messages as a text transcript
// on its standard input, and returns what it prints. The transcript is
// written as the command reads it, long texts from their spools: it is
// never held whole.
func summarise(e *app.Env, cmd string, timeout time.Duration, d trim.Dropped) (string, error) {
	transcript, w := io.Pipe()
	written := make(chan error, 1)
	go func() {
		err := writeTranscript(w, d.Messages)
		w.CloseWithError(err)
		written <- err
	}()
	stdout, err := shellcmd.Output(cmd, transcript, e.Err, timeout, smallfile.MaxSummary)
	transcript.Close() // a command that stopped reading lets the writer stop
	if werr := <-written; err == nil && werr != nil && !errors.Is(werr, io.ErrClosedPipe) {
		err = werr
	}
	if err != nil {
		return "", fmt.Errorf("--summary-cmd %q failed: %v", cmd, err)
	}
	summary := strings.TrimRight(string(stdout), "\r\n")
	if strings.TrimSpace(summary) == "" {
		return "", fmt.Errorf("--summary-cmd %q printed no summary", cmd)
	}
	return summary, nil
}

// writeTranscript writes messages to w as a text transcript.
func writeTranscript(w io.Writer, messages []chat.Message) error {
	text, _ := convert.Lookup("text")
	enc := text.NewEncoder(w, convert.EncodeOptions{})
	if err := enc.Encode(&chat.Conversation{Messages: messages}); err != nil {
		return err
	}
	return enc.Close()
}

// report tells, on standard error, what trimming the n-th conversation of
// in did.
func report(e *app.Env, opts Options, in *source.Input, n int, rep *trim.Report) error {
	if opts.ReportJSON {
		b, err := json.Marshal(struct {
			File         string `json:"file"`
			Conversation int    `json:"conversation"`
			Line         int    `json:"line,omitempty"` // in JSON Lines
			*trim.Report
		}{in.Name, n, in.Line(), rep})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.Err, "%s\n", b)
		return err
	}
	if opts.Quiet || !opts.Verbose {
		return nil
	}
	_, err := fmt.Fprintf(e.Err, "%s: %s\n", in.Place(n), rep)
	return err
}
