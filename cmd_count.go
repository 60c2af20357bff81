package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
)

// countOptions are the flags of convkit count.
type countOptions struct {
	counter   counterOptions
	from      string
	by        string // "", "message" or "role"
	raw       bool
	plain     bool
	json      bool
	total     bool
	limit     int
	fit       bool
	files     []string
	progress  bool          // show progress on stderr (a terminal)
	tick      time.Duration // how often progress is shown
	firstTick time.Duration // how long counting runs before progress shows
}

// counterOptions are the flags that pick what tokens are counted for; count
// and export share them.
type counterOptions struct {
	model, encoding, models string
	imageSize               [2]int
}

var (
	modelFlag = &cli.StringFlag{Name: "model", Aliases: []string{"m"}, Value: count.DefaultModel,
		Usage: "count for `MODEL`: its encoding, chat overhead and context window ('convkit models' lists them)"}
	modelsFileFlag = &cli.StringFlag{Name: "models", Usage: "read more models from the YAML `FILE` (extends or overrides the embedded table)"}
)

func countCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "count",
		Usage:     "count the tokens of conversations, exactly and offline",
		ArgsUsage: "[FILE…]",
		Description: "Counts the tokens of the conversations in each FILE (or standard input, or -) as OpenAI's\n" +
			"tiktoken does, with the chat overhead of the OpenAI cookbook (3 per message, 1 per name,\n" +
			"3 to prime the reply) and the tool definitions of a request body. The default model is\n" +
			count.DefaultModel + " (o200k_base). Image tokens are estimates, marked with ~.\n\n" +
			"   convkit count chat.json\n" +
			"   convkit count --by message -m gpt-4.1 chat.json\n" +
			"   convkit count -t dataset.jsonl\n" +
			"   convkit count --fit -m gpt-4 dataset.jsonl     # exit 3 when a conversation does not fit\n" +
			"   convkit count --plain -e cl100k_base notes.txt",
		Flags: []cli.Flag{
			modelFlag,
			&cli.StringFlag{Name: "encoding", Aliases: []string{"e"}, Usage: "use the `ENCODING` instead of the model's: " + strings.Join(count.Encodings(), ", ")},
			modelsFileFlag,
			&cli.StringFlag{Name: "from", Usage: "input `FORMAT`, instead of sniffing it"},
			&cli.StringFlag{Name: "by", Usage: "under each conversation, add a row per `KIND`: message or role"},
			&cli.BoolFlag{Name: "json", Usage: "print the counts as JSON"},
			&cli.BoolFlag{Name: "total", Aliases: []string{"t"}, Usage: "print only the grand total, a bare integer"},
			&cli.BoolFlag{Name: "raw", Usage: "count content only, without the chat overhead"},
			&cli.BoolFlag{Name: "plain", Usage: "count each input as plain text, not as conversations"},
			&cli.IntFlag{Name: "limit", Usage: "exit 3 and name the conversations over `N` tokens"},
			&cli.BoolFlag{Name: "fit", Usage: "exit 3 and name the conversations that do not fit the model's context window"},
			&cli.StringFlag{Name: "image-size", Usage: "assume `WxH` pixels for images whose size cannot be read (default 1024x1024)"},
		},
		Action: func(c *cli.Context) error {
			size, err := parseImageSize(c.String("image-size"))
			if err != nil {
				return err
			}
			opts := countOptions{
				counter: counterOptions{model: c.String("model"), encoding: c.String("encoding"), models: c.String("models"), imageSize: size},
				from:    c.String("from"), by: c.String("by"),
				raw: c.Bool("raw"), plain: c.Bool("plain"), json: c.Bool("json"), total: c.Bool("total"),
				limit: c.Int("limit"), fit: c.Bool("fit"), files: c.Args().Slice(),
				progress: e.errTTY, tick: 250 * time.Millisecond, firstTick: time.Second,
			}
			return runCount(e, opts)
		},
	}
}

func parseImageSize(s string) ([2]int, error) {
	if s == "" {
		return [2]int{}, nil
	}
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w <= 0 || h <= 0 {
		return [2]int{}, usageErrorf("--image-size takes WIDTHxHEIGHT in pixels, like 1024x768, not %q", s)
	}
	return [2]int{w, h}, nil
}

// newCounter builds the counter the flags ask for.
func newCounter(opts counterOptions) (*count.Counter, error) {
	table, err := modelTable(opts.models)
	if err != nil {
		return nil, err
	}
	c, err := count.New(count.Options{Model: opts.model, Encoding: opts.encoding, Table: table, ImageSize: opts.imageSize})
	var um *count.UnknownModelError
	var ue *count.UnknownEncodingError
	switch {
	case errors.As(err, &um):
		return nil, &usageError{err: fmt.Errorf("unknown model %q", um.Name), hints: []string{"'convkit models' lists the known models; --models FILE adds more"}}
	case errors.As(err, &ue):
		return nil, usageErrorf("%v", err)
	}
	return c, err
}

// modelTable returns the embedded model table, extended by the YAML file at
// path if there is one.
func modelTable(path string) (*count.ModelTable, error) {
	if path == "" {
		return count.DefaultTable(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(err)
	}
	defer f.Close()
	more, err := count.LoadTable(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return count.DefaultTable().Extend(more), nil
}

func runCount(e *env, opts countOptions) error {
	if opts.by != "" && opts.by != "message" && opts.by != "role" {
		return usageErrorf("--by takes message or role, not %q", opts.by)
	}
	if opts.limit < 0 {
		return usageErrorf("--limit takes a positive number of tokens, not %d", opts.limit)
	}
	if opts.plain && (opts.by != "" || opts.from != "") {
		return usageErrorf("--plain counts text, not conversations: it takes no --by or --from")
	}
	if opts.json && opts.total {
		return usageErrorf("--json and -t/--total ask for two different outputs: pick one")
	}
	counter, err := newCounter(opts.counter)
	if err != nil {
		return err
	}
	limit := opts.limit
	if opts.fit {
		limit = counter.Model().ContextWindow
	}
	out, err := e.openOutput("", nil)
	if err != nil {
		return err
	}
	// Warnings come from the goroutine that reads, progress from the one
	// that reports: stderr takes one line at a time.
	e = &env{in: e.in, out: e.out, err: &lockedWriter{w: e.err}, outTTY: e.outTTY, errTTY: e.errTTY, noColor: e.noColor}
	rep := newReporter(out.w, e.err, opts, counter.Model())
	t := &tally{limit: limit, progress: newProgress(e, opts)}
	if opts.plain {
		err = countPlain(e, opts, counter, rep, t)
	} else {
		err = countConversations(e, opts, counter, rep, t)
	}
	t.progress.done()
	if err == nil {
		err = rep.end(t)
	}
	if ferr := out.w.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	return t.verdict()
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

// item is one conversation, or a part of one, on its way to be counted.
type item struct {
	file  string // as it is shown: the path, or <stdin>
	index int    // 1-based, within its file
	conv  *chat.Conversation
	more  bool // conv is a part, and the conversation's next part follows
}

// partBytes is about how much source a part of a long conversation holds:
// such a conversation is counted a part at a time, on all cores, and not
// held whole.
const partBytes = 64 << 10

// countConversations counts every conversation of every input on all cores,
// and reports them in input order.
func countConversations(e *env, opts countOptions, counter *count.Counter, rep reporter, t *tally) error {
	paths := opts.files
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	var in *input
	defer func() {
		if in != nil {
			in.close()
		}
	}()
	index, failed, inside := 0, "", false
	one := func() (item, error) {
		for {
			if in == nil {
				if len(paths) == 0 {
					return item{}, io.EOF
				}
				var err error
				inOpts := inputOptions{from: opts.from, warn: func(s string) { e.warnf("%s", s) },
					longText:     func() convert.TextSink { return counter.LongText(runtime.GOMAXPROCS(0)) },
					longImageURL: func() convert.TextSink { return counter.LongImage() },
					longData:     func() convert.TextSink { return discard{} }}
				if in, err = e.openInput(paths[0], inOpts); err != nil {
					return item{}, err
				}
				paths, index = paths[1:], 0
			}
			c, more, err := in.nextPart(partBytes)
			if errors.Is(err, io.EOF) {
				err, in = in.close(), nil
				if err != nil {
					return item{}, err
				}
				continue
			}
			if err != nil {
				failed = in.name
				return item{}, err
			}
			if !inside {
				index++
			}
			inside = more
			return item{in.name, index, c, more}, nil
		}
	}
	// Conversations travel in batches, so that handing work from goroutine
	// to goroutine costs little next to counting it.
	const batchConvs, batchBytes = 32, 256 << 10
	var pending error
	next := func() ([]item, error) {
		if pending != nil {
			return nil, pending
		}
		var batch []item
		for size := 0; len(batch) < batchConvs && size < batchBytes; {
			it, err := one()
			if err != nil {
				if len(batch) == 0 {
					return nil, err
				}
				pending = err // after this batch
				break
			}
			batch = append(batch, it)
			size += textSize(it.conv)
		}
		return batch, nil
	}
	work := func(batch []item) []*convCount {
		ccs := make([]*convCount, len(batch))
		for i, it := range batch {
			ccs[i] = countOne(counter, it, opts)
		}
		return ccs
	}
	labels := labeler{emit: func(cc *convCount) error {
		t.add(cc)
		return rep.conversation(cc)
	}}
	var open *convCount // the parts so far of a conversation that goes on
	emit := func(ccs []*convCount) error {
		for _, cc := range ccs {
			if open != nil {
				open.join(cc)
				cc, open = open, nil
			}
			if cc.more {
				open = cc
				continue
			}
			if err := labels.add(cc); err != nil {
				return err
			}
		}
		return nil
	}
	err := count.Ordered(runtime.GOMAXPROCS(0), next, work, emit)
	if held := labels.held; held != nil && held.file == failed {
		held.label = held.file + "#1" // the file went on after it
	}
	if ferr := labels.flush(); err == nil {
		err = ferr
	}
	return err
}

// discard takes the audio and file data that count reads past (they count
// 0 tokens).
type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) Close() error                { return nil }
func (discard) Abort()                      {}

// textSize is about how many bytes of text a conversation holds.
func textSize(c *chat.Conversation) int {
	n := 0
	for i := range c.Messages {
		m := &c.Messages[i]
		n += len(m.Content.Text)
		for _, p := range m.Content.Parts {
			n += len(p.Text) + len(p.ImageURL)
		}
		for _, tc := range m.ToolCalls {
			n += len(tc.Arguments)
		}
	}
	return n
}

// convCount is what counting one conversation found.
type convCount struct {
	file      string
	index     int
	label     string // file, or file#index when the file holds several
	id        string
	messages  int
	tokens    int
	priming   int
	tools     int
	roles     []roleCount // in order of first appearance
	perMsg    []msgCount  // with --by message only
	estimated bool
	more      bool // a part, whose conversation's next part follows
}

type roleCount struct {
	Role     string `json:"role"`
	Messages int    `json:"messages"`
	Tokens   int    `json:"tokens"`
}

type msgCount struct {
	Index     int    `json:"index"`
	Role      string `json:"role"`
	Name      string `json:"name,omitempty"`
	Tokens    int    `json:"tokens"`
	Estimated bool   `json:"estimated,omitempty"`
}

// countOne counts a conversation, or a part of one: the reply priming and
// the tools, which the last part carries, are counted with the last part.
func countOne(counter *count.Counter, it item, opts countOptions) *convCount {
	cc := &convCount{file: it.file, index: it.index, id: it.conv.ID, messages: len(it.conv.Messages), more: it.more}
	if !opts.raw && !it.more {
		cc.priming, cc.tools = counter.ReplyPriming(), counter.Tools(it.conv)
	}
	cc.tokens = cc.priming + cc.tools
	for i := range it.conv.Messages {
		m := &it.conv.Messages[i]
		var n int
		if opts.raw {
			n = counter.Content(m)
		} else {
			n = counter.Message(m)
		}
		est := count.Estimated(m)
		cc.tokens += n
		cc.estimated = cc.estimated || est
		cc.addRole(string(m.Role), n)
		if opts.by == "message" {
			cc.perMsg = append(cc.perMsg, msgCount{Index: i + 1, Role: string(m.Role), Name: m.Name, Tokens: n, Estimated: est})
		}
	}
	return cc
}

// join adds to cc the count of next, its conversation's next part.
func (cc *convCount) join(next *convCount) {
	for _, m := range next.perMsg {
		m.Index += cc.messages
		cc.perMsg = append(cc.perMsg, m)
	}
	for _, r := range next.roles {
		cc.addRoleCount(r)
	}
	cc.messages += next.messages
	cc.tokens += next.tokens
	cc.priming, cc.tools = next.priming, next.tools
	cc.estimated = cc.estimated || next.estimated
	cc.id, cc.more = next.id, next.more
}

func (cc *convCount) addRole(role string, n int) {
	cc.addRoleCount(roleCount{role, 1, n})
}

func (cc *convCount) addRoleCount(rc roleCount) {
	for i := range cc.roles {
		if cc.roles[i].Role == rc.Role {
			cc.roles[i].Messages += rc.Messages
			cc.roles[i].Tokens += rc.Tokens
			return
		}
	}
	cc.roles = append(cc.roles, rc)
}

// labeler names conversations: a file's only conversation by the file's
// name, each of several as file#N. It holds a file's first conversation back
// until it knows which.
type labeler struct {
	held *convCount
	emit func(*convCount) error
}

func (l *labeler) add(cc *convCount) error {
	if l.held != nil {
		if cc.index == 2 && cc.file == l.held.file {
			l.held.label = l.held.file + "#1"
		}
		if err := l.flush(); err != nil {
			return err
		}
	}
	if cc.index == 1 {
		l.held = cc
		return nil
	}
	cc.label = cc.file + "#" + strconv.Itoa(cc.index)
	return l.emit(cc)
}

func (l *labeler) flush() error {
	cc := l.held
	if cc == nil {
		return nil
	}
	l.held = nil
	if cc.label == "" {
		cc.label = cc.file
	}
	return l.emit(cc)
}

// countPlain counts each input as plain text, as ttok does, streamed over
// all cores.
func countPlain(e *env, opts countOptions, counter *count.Counter, rep reporter, t *tally) error {
	paths := opts.files
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	for _, p := range paths {
		name, r, closeFn := stdinName, e.in, func() error { return nil }
		if p != "-" {
			f, err := os.Open(p)
			if err != nil {
				return fileError(err)
			}
			name, r, closeFn = p, f, f.Close
		}
		n, err := counter.Stream(r, runtime.GOMAXPROCS(0))
		closeFn()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		cc := &convCount{file: name, label: name, tokens: n}
		t.add(cc)
		if err := rep.conversation(cc); err != nil {
			return err
		}
	}
	return nil
}

// tally keeps what the summary and the verdict need: one int per
// conversation, and the conversations over the limit.
type tally struct {
	dist     count.Distribution
	messages int
	images   int // conversations whose count holds an image estimate
	limit    int
	over     []*convCount
	overN    int
	progress *progress
}

const namedOver = 10 // conversations named in the verdict, at most

func (t *tally) add(cc *convCount) {
	t.dist.Add(cc.tokens)
	t.messages += cc.messages
	if cc.estimated {
		t.images++
	}
	if t.limit > 0 && cc.tokens > t.limit {
		t.overN++
		if len(t.over) < namedOver {
			t.over = append(t.over, cc)
		}
	}
	t.progress.add(cc.tokens)
}

// verdict is the exit status of --limit and --fit: exit 3 naming the
// conversations over the limit.
func (t *tally) verdict() error {
	if t.overN == 0 {
		return nil
	}
	names := make([]string, len(t.over))
	for i, cc := range t.over {
		names[i] = fmt.Sprintf("%s (%s)", cc.label, thousands(int64(cc.tokens)))
	}
	list := strings.Join(names, ", ")
	if t.overN > len(t.over) {
		list += fmt.Sprintf(" and %d more", t.overN-len(t.over))
	}
	n := t.dist.Summary().Count
	what := "conversations do"
	if n == 1 {
		what = "conversation does"
	}
	return &noError{fmt.Sprintf("%d of %d %s not fit in %s tokens: %s", t.overN, n, what, thousands(int64(t.limit)), list)}
}

// progress shows, on a terminal's stderr, how far counting has got.
type progress struct {
	e           *env
	on          bool
	start, last time.Time
	tick, first time.Duration
	convs       int
	tokens      int64
	shown       bool
	now         func() time.Time
}

func newProgress(e *env, opts countOptions) *progress {
	now := time.Now()
	return &progress{e: e, on: opts.progress && !opts.plain, start: now, last: now, tick: opts.tick, first: opts.firstTick, now: time.Now}
}

func (p *progress) add(tokens int) {
	if !p.on {
		return
	}
	p.convs++
	p.tokens += int64(tokens)
	now := p.now()
	if now.Sub(p.start) < p.first || now.Sub(p.last) < p.tick {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.e.err, "\rconvkit: counted %s conversations, %s tokens…\x1b[K", thousands(int64(p.convs)), thousands(p.tokens))
}

// done clears the progress line.
func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.e.err, "\r\x1b[K")
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
