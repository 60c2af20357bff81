package trim

import (
	"errors"
	"fmt"
	"math"

	"github.com/convkit/convkit/internal/numfmt"

	"github.com/convkit/convkit/chat"
)

// Counter counts tokens. A conversation costs Fixed(conv) plus the sum of
// Message over its messages, which is how convkit count counts it.
type Counter interface {
	// Message returns what one message costs, per-message overhead included.
	Message(m *chat.Message) int
	// Fixed returns what a conversation costs besides its messages: the
	// reply priming and its tool definitions.
	Fixed(conv *chat.Conversation) int
}

// A Whole is a Counter for conversations that cost more, or less, than
// the sum of their messages: an open model's chat template renders a
// conversation whole (with a default system prompt, tool definitions, a
// header that depends on the message before) and its tokenizer reads the
// rendering at once. Trim chooses with the shares Shares gives, counts
// what it would keep whole with Conversation, and drops more until that
// fits: the result never costs more than the budget, counted whole.
// Message then only estimates a marker or a cut message, before the
// result is counted whole.
type Whole interface {
	Counter
	// Shares returns what conv costs besides its messages, and what each
	// message adds: they add up to Conversation(conv). reach says which
	// shares the trim needs; the others may be estimates.
	Shares(conv *chat.Conversation, reach Reach) (fixed int, messages []int, err error)
	// Conversation returns what conv costs, counted whole.
	Conversation(conv *chat.Conversation) (int, error)
}

// Reach tells a Whole counter which shares a trim needs exactly. The others
// may be estimates, as long as each run of messages between those placed
// exactly adds up to what that run adds to the rendering.
type Reach struct {
	// From is where the kept part starts at the earliest: the messages
	// after the instructions and before From are dropped, and only what
	// they add up to is needed.
	From int
	// Budget, when not None, is the most tokens the result may cost: only
	// the messages within about Budget tokens of the end Keep says, and
	// the next (which may be cut), can be kept. When None, every message
	// from From on is kept, and only what they add up to is needed.
	Budget int
	Keep   Keep
	// Markers are the earlier markers (IsMarker) a new marker may stand
	// for: it counts what they stood for instead of their shares, so each
	// of theirs is needed.
	Markers []int
}

// Keep says which end of a conversation a budget keeps.
type Keep uint8

// The ends a budget can keep.
const (
	KeepLast  Keep = iota // the newest messages
	KeepFirst             // the oldest messages
)

// None turns off a limit (Options.Last, LastTurns, Budget).
const None = -1

// Options choose the policies. The zero value keeps nothing but the system
// prompt; start from Defaults.
type Options struct {
	// Last keeps at most this many messages after the leading instructions.
	Last int
	// LastTurns keeps the last this many user turns: each user message and
	// everything after it.
	LastTurns int
	// Budget is the most tokens the result may cost, everything included.
	Budget int
	// Keep says which end the budget keeps. KeepFirst cannot be combined
	// with Last, LastTurns or StartOnUser, which all drop the oldest.
	Keep Keep
	// DropSystem lets leading system and developer messages go like others.
	DropSystem bool
	// StartOnUser drops messages at the start of the kept part until a user
	// message.
	StartOnUser bool
	// AllowPartial cuts the text of the message at the edge of the kept part
	// to use the budget to the token, where a whole message does not fit.
	AllowPartial bool
	// Boundaries gives the byte offsets where AllowPartial may cut a text,
	// in order, from 0 to its length (TokenStarts and CutPoints give token
	// boundaries); nil allows every character boundary.
	Boundaries func(text string) []int
	// LongCuts lets AllowPartial cut a text held in a spool (Content.Long
	// a chat.Spool), where Boundaries are its cut points; without it such
	// a text is an error to cut.
	LongCuts LongCutter
	// Marker, when set, gives the text of one message put where the
	// dropped messages were; its tokens count against the budget.
	Marker func(Dropped) (string, error)
	// MarkerRole is the marker message's role (system when empty).
	MarkerRole chat.Role
	// AllowNoUser lets a budget keep no user message of a conversation
	// that has some. By default that is a NoFitError: a conversation of a
	// system prompt and an answer to nothing is no training example.
	AllowNoUser bool
}

// Defaults are options with no limit: Trim keeps everything.
func Defaults() Options { return Options{Last: None, LastTurns: None, Budget: None} }

// Dropped describes the messages a trim left out, for a marker.
type Dropped struct {
	Messages []chat.Message // the messages dropped whole, in order, an earlier marker included
	Tokens   int            // what they cost, an earlier marker counted as what it stood for
	Later    bool           // they came after the kept ones (KeepFirst)
}

// Report says what a trim did. Message indexes are the input's, from 0.
type Report struct {
	Messages      int  `json:"messages"`       // in the input
	Kept          int  `json:"kept"`           // input messages kept, a cut one included
	Dropped       int  `json:"dropped"`        // input messages dropped whole
	Tokens        int  `json:"tokens"`         // what the input costs
	KeptTokens    int  `json:"kept_tokens"`    // what the result costs, marker included
	DroppedTokens int  `json:"dropped_tokens"` // what the dropped messages cost
	Budget        *int `json:"budget"`         // the budget, or null
	Marker        bool `json:"marker"`         // a marker message was added
	MarkerTokens  int  `json:"marker_tokens"`  // what it costs
	Cut           *Cut `json:"cut"`            // the message cut by AllowPartial, or null
}

// Cut is a message whose text AllowPartial shortened.
type Cut struct {
	Index      int `json:"index"`       // its index in the input
	Tokens     int `json:"tokens"`      // what it cost whole
	KeptTokens int `json:"kept_tokens"` // what it costs cut
}

// NoFitError is returned when nothing but the leading instructions fits the
// budget, or not even they do.
type NoFitError struct {
	Budget int
	// Need is what the smallest acceptable result would cost: the fixed
	// cost, the instructions and the nearest group of messages.
	Need int
	// Instructions is true when the instructions alone do not fit.
	Instructions bool
	// Marker is true when the instructions fit but not with the marker.
	Marker bool
	// Prompt is true when the conversation has a system prompt that trim keeps.
	Prompt bool
	// From and To give the nearest group of messages, msgs[From:To], that
	// does not fit; Tokens is what it costs. They are zero when
	// Instructions or Marker is true.
	From, To, Tokens int
	// Role is the role of the group's first message.
	Role chat.Role
	// NoUser is true when messages fit, but not a user message.
	NoUser bool
	// MarkerTokens is what the marker takes beside the group, when the
	// group would fit without it; Need counts it.
	MarkerTokens int
}

func (e *NoFitError) Error() string {
	prompt := "the system prompt and overhead"
	if !e.Prompt {
		prompt = "the overhead"
	}
	if e.MarkerTokens > 0 {
		prompt += fmt.Sprintf(" and the marker (%s)", numfmt.Thousands(int64(e.MarkerTokens)))
	}
	budget := numfmt.Plural(e.Budget, "token")
	switch {
	case e.Marker:
		return fmt.Sprintf("the marker does not fit in %s: with %s it takes %d", budget, prompt, e.Need)
	case e.Instructions:
		take := "take" // the system prompt and overhead, the overhead and the marker
		if !e.Prompt && e.MarkerTokens == 0 {
			take = "takes" // the overhead
		}
		return fmt.Sprintf("does not fit in %s: %s alone %s %d", budget, prompt, take, e.Need)
	}
	what := fmt.Sprintf("message %d (%s) costs", e.From+1, e.Role)
	if e.To-e.From > 1 {
		what = fmt.Sprintf("messages %d-%d (from %s, kept together) cost", e.From+1, e.To, e.Role)
	}
	lead := "nothing but the system prompt fits"
	switch {
	case e.NoUser:
		lead = "no user message fits"
	case !e.Prompt:
		lead = "no message fits"
	}
	return fmt.Sprintf("%s in %s: %s %s, %s with %s",
		lead, budget, what, numfmt.Thousands(int64(e.Tokens)), numfmt.Thousands(int64(e.Need)), prompt)
}

// maxMarkerRounds bounds how often a marker is rebuilt because its own
// tokens pushed the result over budget; each round drops more.
const maxMarkerRounds = 16

// Trim applies opts to conv and returns the trimmed conversation and a
// report. conv and its messages are never modified; the result shares
// their values.
func Trim(conv *chat.Conversation, c Counter, opts Options) (*chat.Conversation, *Report, error) {
	if opts.Keep == KeepFirst && (opts.Last >= 0 || opts.LastTurns >= 0 || opts.StartOnUser) {
		return nil, nil, errors.New("keeping the first messages cannot be combined with a window or start-on-user, which keep the last")
	}
	t, err := newTrimmer(conv, c, opts)
	if err != nil {
		return nil, nil, err
	}
	res, err := t.run()
	if err != nil {
		return nil, nil, err
	}
	return t.build(res), t.report(res), nil
}

// trimmer holds one conversation's counts, each message counted once.
type trimmer struct {
	conv  *chat.Conversation
	msgs  []chat.Message
	c     Counter
	opts  Options
	tok   []int  // tokens of each message
	ok    []bool // ok[j]: the kept part may start (or end) before message j
	head  int    // leading instructions kept whatever happens: msgs[:head]
	fixed int    // conversation overhead plus the instructions
	total int    // what the input costs
	whole Whole  // c, when it counts conversations whole
	slack int    // what the shares are known to fall short by: taken off the budget
	lo    int    // where the kept part may start at the earliest
}

func newTrimmer(conv *chat.Conversation, c Counter, opts Options) (*trimmer, error) {
	t := &trimmer{conv: conv, msgs: conv.Messages, c: c, opts: opts}
	if !opts.DropSystem {
		t.head = Instructions(t.msgs)
	}
	t.ok = boundaries(t.msgs, t.head)
	if w, ok := c.(Whole); ok {
		t.whole = w
		var err error
		if t.fixed, t.tok, err = w.Shares(conv, t.reach()); err != nil {
			return nil, err
		}
	} else {
		t.tok = make([]int, len(t.msgs))
		for i := range t.msgs {
			t.tok[i] = c.Message(&t.msgs[i])
		}
		t.fixed = c.Fixed(conv)
	}
	t.total = t.fixed
	for i, n := range t.tok {
		t.total += n
		if i < t.head {
			t.fixed += n
		}
	}
	return t, nil
}

// reach says which shares this trim needs exactly (Whole.Shares). Without
// a budget what is kept does not depend on them: it starts at the window,
// or at the first user message in it.
func (t *trimmer) reach() Reach {
	r := Reach{From: t.window(), Budget: t.opts.Budget, Keep: t.opts.Keep}
	if r.Budget < 0 && t.opts.StartOnUser {
		r.From = t.startOnUser(r.From)
	}
	if t.opts.Marker != nil {
		for i := range t.msgs {
			if IsMarker(&t.msgs[i]) {
				r.Markers = append(r.Markers, i)
			}
		}
	}
	return r
}

// result is what a trim keeps: msgs[from:to], a cut message next to it
// (before it for KeepLast, after it for KeepFirst), and a marker.
type result struct {
	from, to  int
	cut       *chat.Message
	cutTokens int
	marker    *chat.Message
	markerTok int
	whole     int // what it costs counted whole (by a Whole counter), else 0
}

// run chooses what to keep. With a Whole counter it counts the choice
// whole and, while that is over the budget, takes the excess off the
// budget and chooses again; after a few rounds the excess taken doubles
// each round, so that the rounds are few whatever the counter does.
func (t *trimmer) run() (result, error) {
	r, err := t.fit()
	if t.whole == nil {
		return r, err
	}
	adjusted := false
	for round := 0; ; round++ {
		var nf *NoFitError
		if errors.As(err, &nf) && nf.Instructions && !adjusted {
			// The shares put the instructions over the budget; counted
			// alone, whole, they may not be: choose with what they cost.
			adjusted = true
			if h, ok := t.only(t.head, t.head); ok && h <= t.opts.Budget {
				t.slack = h - t.fixed
				r, err = t.fit()
				continue
			}
		}
		if err != nil {
			return result{}, t.wholeNoFit(err)
		}
		if r.whole, err = t.whole.Conversation(t.build(r)); err != nil {
			return result{}, fmt.Errorf("the trimmed conversation: %w", err)
		}
		if t.opts.Budget < 0 || r.whole <= t.opts.Budget {
			return r, nil
		}
		over := r.whole - t.opts.Budget
		if round >= 3 {
			over <<= min(round-3, 24)
		}
		t.slack += over
		r, err = t.fit()
	}
}

// wholeNoFit gives a NoFitError's Need as the Whole counter counts it: the
// instructions alone, or with the nearest group of messages. Where the
// shares said the instructions do not fit but counted whole they do, no
// message fits with them.
func (t *trimmer) wholeNoFit(err error) error {
	var nf *NoFitError
	if !errors.As(err, &nf) {
		return err
	}
	switch {
	case nf.Marker:
		return nf
	case nf.Instructions:
		n, ok := t.only(t.head, t.head)
		if !ok || n > nf.Budget || t.lo >= len(t.msgs) {
			if ok {
				nf.Need = n
			}
			return nf
		}
		nf = t.noFit(t.lo, t.opts.StartOnUser)
	}
	if n, ok := t.only(nf.From, nf.To); ok {
		nf.Need = n
	}
	return nf
}

// only counts whole the instructions with msgs[from:to]; ok is false when
// the counter cannot count that conversation.
func (t *trimmer) only(from, to int) (n int, ok bool) {
	c := &chat.Conversation{ID: t.conv.ID, Extra: t.conv.Extra, Object: t.conv.Object, Listed: t.conv.Listed, Verbatim: t.conv.Verbatim,
		Messages: append(t.msgs[:t.head:t.head], t.msgs[from:to]...)}
	n, err := t.whole.Conversation(c)
	return n, err == nil
}

// fit chooses what to keep by the counter's shares, within the budget
// less the slack.
func (t *trimmer) fit() (result, error) {
	lo := t.window()
	t.lo = lo
	budget := t.opts.Budget
	if budget < 0 {
		r, err := t.choose(lo, math.MaxInt)
		if err != nil {
			return result{}, err
		}
		return r, t.addMarker(&r)
	}
	avail := budget - t.fixed - t.slack
	if avail < 0 {
		return result{}, &NoFitError{Budget: budget, Need: t.fixed, Instructions: true, Prompt: t.head > 0}
	}
	// The marker's tokens come out of the budget, but its text depends on
	// what is dropped: reserve what the last marker cost and choose again
	// until the marker fits in its reserve. The reserve only grows, so
	// every round drops at least as much as the one before.
	reserve := 0
	for round := 0; ; round++ {
		r, err := t.choose(lo, avail-reserve)
		if err != nil {
			return result{}, err
		}
		if err := t.addMarker(&r); err != nil {
			return result{}, err
		}
		if r.markerTok <= reserve {
			// Nothing kept of what the window allowed: the budget is too small.
			if r.from == r.to && r.cut == nil && lo < len(t.msgs) {
				e := t.noFit(lo, t.opts.StartOnUser)
				if e.Need <= budget-t.slack {
					e.MarkerTokens = reserve // the group fits alone: the marker is why not
					e.Need += reserve
				}
				return result{}, e
			}
			if need := t.fixed + t.sum(r.from, r.to) + r.cutTokens + r.markerTok; need > budget-t.slack {
				return result{}, &NoFitError{Budget: budget, Need: need, Marker: true, Prompt: t.head > 0}
			}
			if !t.opts.AllowNoUser && !t.keepsUser(r, lo) {
				e := t.noFit(lo, true)
				e.NoUser = true
				return result{}, e
			}
			return r, nil
		}
		if round == maxMarkerRounds {
			return result{}, fmt.Errorf("the marker does not fit in the budget: it takes %s", numfmt.Plural(r.markerTok, "token"))
		}
		reserve = r.markerTok
	}
}

// keepsUser reports whether r keeps a user message, or the window (from
// lo) has none to keep.
func (t *trimmer) keepsUser(r result, lo int) bool {
	if r.cut != nil && r.cut.Role == chat.User {
		return true
	}
	for j := r.from; j < r.to; j++ {
		if t.msgs[j].Role == chat.User {
			return true
		}
	}
	for j := lo; j < len(t.msgs); j++ {
		if t.msgs[j].Role == chat.User {
			return false
		}
	}
	return true
}

// noFit describes why nothing but the instructions fit: the nearest
// group of messages a result could keep, starting no earlier than lo (at
// a user message when onUser), and what it costs.
func (t *trimmer) noFit(lo int, onUser bool) *NoFitError {
	n := len(t.msgs)
	e := &NoFitError{Budget: t.opts.Budget, Prompt: t.head > 0}
	if t.opts.Keep == KeepFirst {
		e.From, e.To = lo, lo+1
		for e.To < n && !t.ok[e.To] {
			e.To++
		}
	} else {
		// With StartOnUser the nearest acceptable start is a user message.
		e.From, e.To = n-1, n
		for e.From > lo && !(t.ok[e.From] && (!onUser || t.msgs[e.From].Role == chat.User)) {
			e.From--
		}
	}
	e.Tokens = t.sum(e.From, e.To)
	e.Need = t.fixed + e.Tokens
	e.Role = t.msgs[e.From].Role
	return e
}

// window returns where the kept part may start at the earliest, after
// Last, LastTurns and (for KeepFirst) StartOnUser.
func (t *trimmer) window() int {
	n := len(t.msgs)
	lo := t.head
	if t.opts.Last >= 0 {
		lo = max(lo, n-t.opts.Last)
	}
	if t.opts.LastTurns >= 0 {
		turns := 0
		start := n
		for j := n - 1; j >= t.head && turns < t.opts.LastTurns; j-- {
			if t.msgs[j].Role == chat.User {
				turns++
				start = j
			}
		}
		if turns == t.opts.LastTurns {
			lo = max(lo, start)
		}
	}
	return t.next(lo)
}

// next returns the first place at or after j where the kept part may start.
func (t *trimmer) next(j int) int {
	for !t.ok[j] {
		j++
	}
	return j
}

// startOnUser returns the first place at or after j where a user message
// starts a group, or the end.
func (t *trimmer) startOnUser(j int) int {
	for j < len(t.msgs) && !(t.ok[j] && t.msgs[j].Role == chat.User) {
		j++
	}
	return j
}

// choose keeps as much as fits in avail tokens, starting no earlier than lo.
func (t *trimmer) choose(lo, avail int) (result, error) {
	n := len(t.msgs)
	if t.opts.Keep == KeepFirst {
		to, sum := lo, 0
		for j := lo; j < n; j++ {
			sum += t.tok[j]
			if sum > avail {
				break
			}
			if t.ok[j+1] {
				to = j + 1
			}
		}
		r := result{from: lo, to: to}
		return r, t.partial(&r, to, avail-t.sum(lo, to))
	}
	from, sum := n, 0
	for j := n - 1; j >= lo; j-- {
		sum += t.tok[j]
		if sum > avail {
			break
		}
		if t.ok[j] {
			from = j
		}
	}
	r := result{from: from, to: n}
	if from > lo {
		if err := t.partial(&r, from-1, avail-t.sum(from, n)); err != nil {
			return result{}, err
		}
	}
	if t.opts.StartOnUser && r.cut == nil {
		r.from = t.startOnUser(r.from)
	}
	return r, nil
}

func (t *trimmer) sum(from, to int) int {
	s := 0
	for _, n := range t.tok[from:to] {
		s += n
	}
	return s
}

// partial keeps part of message i, next to the kept part, if AllowPartial
// is set, the message stands alone (no tool calls, not a tool result), has
// string content, and some of its text fits in avail.
func (t *trimmer) partial(r *result, i, avail int) error {
	if !t.opts.AllowPartial || i >= len(t.msgs) || i < t.head || avail <= 0 {
		return nil
	}
	m := &t.msgs[i]
	if !t.ok[i] || !t.ok[i+1] || len(m.ToolCalls) > 0 || m.Role == chat.Tool || m.Role == chat.Function ||
		m.Content.Form != chat.ContentString || m.Extra.HasValue("function_call") {
		return nil
	}
	if t.opts.StartOnUser && m.Role != chat.User {
		return nil
	}
	var cut chat.Message
	var n int
	var ok bool
	if m.Content.Long == nil {
		cut, n, ok = cutText(m, t.c, avail, t.opts.Keep == KeepLast, t.opts.Boundaries)
	} else {
		sp, spooled := m.Content.Long.(chat.Spool)
		if !spooled || t.opts.LongCuts == nil {
			return fmt.Errorf("message %d: its text is too long to hold, and cannot be cut here", i+1)
		}
		cutLong := cutSpooled
		if t.opts.Keep == KeepFirst {
			cutLong = cutSpooledStart
		}
		var err error
		if cut, n, ok, err = cutLong(m, t.c, avail, t.opts.LongCuts, sp); err != nil {
			return fmt.Errorf("message %d: %w", i+1, err)
		}
	}
	if ok {
		r.cut, r.cutTokens = &cut, n
	}
	return nil
}

// addMarker builds the marker for what r drops, if a marker is wanted and
// something is dropped.
func (t *trimmer) addMarker(r *result) error {
	r.marker, r.markerTok = nil, 0
	if t.opts.Marker == nil {
		return nil
	}
	d := t.dropped(*r)
	if len(d.Messages) == 0 {
		return nil
	}
	text, err := t.opts.Marker(d)
	if err != nil {
		return err
	}
	role := t.opts.MarkerRole
	if role == "" {
		role = chat.System
	}
	m := markerMessage(role, text, d)
	r.marker, r.markerTok = &m, t.c.Message(&m)
	return nil
}

// droppedRange returns the input messages r drops whole: msgs[from:to].
func (t *trimmer) droppedRange(r result) (from, to int) {
	if t.opts.Keep == KeepFirst {
		from = r.to
		if r.cut != nil {
			from++
		}
		return from, len(t.msgs)
	}
	to = r.from
	if r.cut != nil {
		to--
	}
	return t.head, to
}

func (t *trimmer) dropped(r result) Dropped {
	from, to := t.droppedRange(r)
	d := Dropped{Messages: t.msgs[from:to:to], Later: t.opts.Keep == KeepFirst}
	for i := from; i < to; i++ {
		if info, ok := markerOf(&t.msgs[i]); ok {
			d.Tokens += info.Tokens
		} else {
			d.Tokens += t.tok[i]
		}
	}
	return d
}

// build assembles the result: instructions, then the kept part with its
// cut message and marker in place.
func (t *trimmer) build(r result) *chat.Conversation {
	out := &chat.Conversation{ID: t.conv.ID, Extra: t.conv.Extra, Object: t.conv.Object, Listed: t.conv.Listed, Verbatim: t.conv.Verbatim}
	msgs := make([]chat.Message, 0, t.head+r.to-r.from+2)
	// from says which message each kept one comes from, so that a
	// trainer's example keeps its prompt (chat.Example.Kept): a cut
	// message and a marker stand where the dropped messages were.
	var from []int
	add := func(m chat.Message, i int) { msgs, from = append(msgs, m), append(from, i) }
	for i := range t.head {
		add(t.msgs[i], i)
	}
	at := r.to // where the dropped messages were
	if t.opts.Keep != KeepFirst {
		at = r.from - 1
	}
	if t.opts.Keep == KeepFirst {
		for i := r.from; i < r.to; i++ {
			add(t.msgs[i], i)
		}
	}
	if r.marker != nil && t.opts.Keep != KeepFirst {
		add(*r.marker, at)
	}
	if r.cut != nil {
		add(*r.cut, at)
	}
	if r.marker != nil && t.opts.Keep == KeepFirst {
		add(*r.marker, at)
	}
	if t.opts.Keep != KeepFirst {
		for i := r.from; i < r.to; i++ {
			add(t.msgs[i], i)
		}
	}
	out.Messages, out.Example = msgs, t.conv.Example.Kept(from)
	return out
}

func (t *trimmer) report(r result) *Report {
	from, to := t.droppedRange(r)
	rep := &Report{
		Messages:      len(t.msgs),
		Dropped:       to - from,
		Tokens:        t.total,
		DroppedTokens: t.sum(from, to),
		Marker:        r.marker != nil,
		MarkerTokens:  r.markerTok,
	}
	rep.Kept = rep.Messages - rep.Dropped
	rep.KeptTokens = t.fixed + t.sum(r.from, r.to) + r.markerTok + r.cutTokens
	if t.whole != nil {
		rep.KeptTokens = r.whole
	}
	if t.opts.Budget >= 0 {
		b := t.opts.Budget
		rep.Budget = &b
	}
	if r.cut != nil {
		i := r.from - 1
		if t.opts.Keep == KeepFirst {
			i = r.to
		}
		rep.Cut = &Cut{Index: i, Tokens: t.tok[i], KeptTokens: r.cutTokens}
	}
	return rep
}
