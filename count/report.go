package count

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/numfmt"
)

// A Reporter writes the counts of conversations as they come, in input
// order, then the end: a summary, or the grand total.
type Reporter interface {
	Conversation(cc *ConversationCount) error
	End(t *Tally) error
	// Fail ends a report that err cut short, so that what was written
	// stays well formed: a JSON document is closed, with the error in it.
	Fail(err error)
}

// By names the rows a table report adds under each conversation.
type By string

// The rows under a conversation: none, one per message, one per role.
const (
	ByConversation By = ""
	ByMessage      By = "message"
	ByRole         By = "role"
)

// ReportOptions say which report NewReporter writes.
type ReportOptions struct {
	Model Model
	Total bool     // the grand total alone, a bare integer
	JSON  bool     // one JSON document
	By    By       // the rows of a table under each conversation
	Raw   bool     // the counts leave out the chat overhead
	Plain bool     // each count is a file of plain text, not a conversation
	Files []string // the inputs' names, to size the table's first column
	// Prices, when set, add what the tokens would cost as input.
	Prices *Prices
}

// NewReporter returns the Reporter o asks for, writing to w; note takes
// what is said beside a bare total (that it holds image estimates).
func NewReporter(w, note io.Writer, o ReportOptions) Reporter {
	switch {
	case o.Total:
		return totalReporter{w, note}
	case o.JSON:
		return &jsonReporter{w: w, opts: o}
	}
	width := 18
	for _, f := range o.Files {
		width = max(width, numfmt.Width(f)+5)
	}
	return &tableReporter{w: w, opts: o, width: width}
}

// totalReporter prints the grand total alone, for scripts; that it holds
// image estimates is said to note.
type totalReporter struct{ w, note io.Writer }

func (totalReporter) Conversation(*ConversationCount) error { return nil }

func (totalReporter) Fail(error) {}

func (r totalReporter) End(t *Tally) error {
	if t.Estimated > 0 {
		fmt.Fprintln(r.note, "convkit: note: the total holds image estimates")
	}
	if t.Pairs > 0 {
		fmt.Fprintf(r.note, "convkit: note: %s\n", pairsNote(t.Pairs))
	}
	_, err := fmt.Fprintln(r.w, t.Dist.Summary().Sum)
	return err
}

// tableReporter prints a readable table, one row per conversation (or per
// file of plain text), then a summary when there is more than one.
type tableReporter struct {
	w      io.Writer
	opts   ReportOptions
	width  int // of the first column
	headed bool
	err    error
}

// The role columns of the table. SYSTEM includes developer messages and
// TOOL function results; OTHER holds the rest of the total: messages of
// other roles, the reply priming and the tool definitions.
var roleColumns = []struct {
	title string
	roles []chat.Role
}{
	{"SYSTEM", []chat.Role{chat.System, chat.Developer}},
	{"USER", []chat.Role{chat.User}},
	{"ASSISTANT", []chat.Role{chat.Assistant}},
	{"TOOL", []chat.Role{chat.Tool, chat.Function}},
}

const numWidth = 10

// FitLabel widens the first column to hold label, before the table's
// first row: the labels of zip members and of conversations in them are
// longer than the file names it is sized from.
func (r *tableReporter) FitLabel(label string) {
	if !r.headed {
		r.width = max(r.width, numfmt.Width(label))
	}
}

func (r *tableReporter) printf(format string, args ...any) {
	if r.err == nil {
		_, r.err = fmt.Fprintf(r.w, format, args...)
	}
}

func (r *tableReporter) header() {
	r.headed = true
	if r.opts.Plain {
		r.printf("%-*s %*s %*s\n", r.width, "FILE", numWidth, "TOKENS", 8, "WINDOW")
		return
	}
	r.printf("%-*s %*s", r.width, "CONVERSATION", 8, "MESSAGES")
	for _, col := range roleColumns {
		r.printf(" %*s", numWidth, col.title)
	}
	r.printf(" %*s %*s %*s\n", numWidth, "OTHER", numWidth+1, "TOTAL", 8, "WINDOW")
}

func (r *tableReporter) Conversation(cc *ConversationCount) error {
	if !r.headed {
		r.header()
	}
	if r.opts.Plain {
		r.printf("%s %*s %*s\n", numfmt.PadRight(cc.Label, r.width), numWidth, numfmt.Thousands(int64(cc.Tokens)), 8, r.share(cc.Tokens))
		return r.err
	}
	r.printf("%s %*s", numfmt.PadRight(cc.Label, r.width), 8, numfmt.Thousands(int64(cc.Messages)))
	if cc.Unsplit { // no share is known: "-", not 0 for each role and the whole under OTHER
		r.printf("%s %*s %*s\n", strings.Repeat(fmt.Sprintf(" %*s", numWidth, "-"), len(roleColumns)+1),
			numWidth+1, approx(cc.Tokens, cc.Estimated), 8, r.share(cc.Tokens))
		return r.err
	}
	other := cc.Tokens
	for _, col := range roleColumns {
		n := 0
		for _, role := range col.roles {
			n += cc.RoleTokens(role)
		}
		other -= n
		r.printf(" %*s", numWidth, numfmt.Thousands(int64(n)))
	}
	r.printf(" %*s %*s %*s\n", numWidth, numfmt.Thousands(int64(other)), numWidth+1, approx(cc.Tokens, cc.Estimated), 8, r.share(cc.Tokens))
	// Sub-rows put their tokens under TOTAL, and a message's name after it.
	sub := func(label, messages string, tokens int, est bool, name string) {
		// A label wider than its column ("rejected #12 assistant") takes
		// the room of the columns after it, so that TOTAL stays in line.
		over := max(0, numfmt.Width(label)-(r.width-2))
		r.printf("  %s %*s %*s", numfmt.PadRight(label, r.width-2), 8-min(over, 8), messages, (numWidth+1)*(len(roleColumns)+1)+numWidth+1-max(over-8, 0), approx(tokens, est))
		if name != "" {
			r.printf("   %s", name)
		}
		r.printf("\n")
	}
	switch r.opts.By {
	case ByMessage:
		for _, m := range cc.ByMessage {
			name := ""
			if m.Name != "" {
				name = "name: " + m.Name
			}
			label := fmt.Sprintf("#%d %s", m.Index, m.Role)
			if m.Rejected {
				label = "rejected " + label
			}
			sub(label, "", m.Tokens, m.Estimated, name)
		}
	case ByRole:
		for _, rc := range cc.Roles {
			sub(rc.Role, fmt.Sprint(rc.Messages), rc.Tokens, false, "")
		}
	}
	if r.opts.By != ByConversation && !r.opts.Raw {
		if cc.Tools > 0 {
			sub("tool definitions", "", cc.Tools, false, "")
		}
		sub("reply priming", "", cc.Priming, false, "")
	}
	if p := cc.Pair; p != nil && r.opts.By != ByConversation {
		sub("prompt + chosen", "", p.Chosen, false, "")
		sub("prompt + rejected", "", p.Rejected, false, "")
	}
	return r.err
}

// approx writes a count, marked ~ when it holds an estimate.
func approx(n int, estimated bool) string {
	if estimated {
		return "~" + numfmt.Thousands(int64(n))
	}
	return numfmt.Thousands(int64(n))
}

// share writes n as a share of the model's context window.
func (r *tableReporter) share(n int) string {
	if r.opts.Model.ContextWindow == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(r.opts.Model.ContextWindow))
}

func (r *tableReporter) Fail(error) {}

func (r *tableReporter) End(t *Tally) error {
	s := t.Dist.Summary()
	if s.Count <= 1 {
		r.cost(s.Sum)
		return r.err
	}
	what := "conversations"
	if r.opts.Plain {
		what = "files"
	}
	if r.headed { // a blank line after the rows
		r.printf("\n")
	}
	r.printf("%s %s", numfmt.Thousands(int64(s.Count)), what)
	if !r.opts.Plain {
		r.printf(", %s messages", numfmt.Thousands(int64(t.Messages)))
	}
	r.printf(", %s tokens (%s, %s)\n", numfmt.Thousands(s.Sum), r.opts.Model.Name, r.opts.Model.Encoding)
	if t.Pairs > 0 {
		r.printf("%s\n", pairsNote(t.Pairs))
	}
	r.printf("tokens per %s: min %s, mean %s, p50 %s, p90 %s, p95 %s, max %s\n", strings.TrimSuffix(what, "s"),
		numfmt.Thousands(int64(s.Min)), numfmt.Decimal(s.Mean, 1), numfmt.Thousands(int64(s.P50)), numfmt.Thousands(int64(s.P90)), numfmt.Thousands(int64(s.P95)), numfmt.Thousands(int64(s.Max)))
	if t.Limit > 0 {
		r.printf("over %s tokens: %s\n", numfmt.Thousands(int64(t.Limit)), numfmt.Thousands(int64(t.OverN)))
	} else if r.opts.Model.ContextWindow > 0 {
		r.printf("over the %s-token context window: %s\n", numfmt.Thousands(int64(r.opts.Model.ContextWindow)), numfmt.Thousands(int64(t.overWindow(r.opts.Model))))
	}
	r.cost(s.Sum)
	return r.err
}

// cost prints what tokens cost as input, with the price and its date.
func (r *tableReporter) cost(tokens int64) {
	p := r.opts.Prices
	if p == nil {
		return
	}
	if p.Input == 0 {
		r.printf("cost: %s (--price input=USD)\n", r.opts.Model.NoPrice("input"))
		return
	}
	r.printf("cost as input: %s at %s per 1M tokens", Dollars(Cost(tokens, p.Input)), Dollars(p.Input))
	if p.BatchInput > 0 {
		r.printf("; batch %s", Dollars(Cost(tokens, p.BatchInput)))
	}
	if p.CachedInput > 0 {
		r.printf("; cached %s", Dollars(Cost(tokens, p.CachedInput)))
	}
	r.printf(" (%s, %s)\n", r.opts.Model.Entry, p.Provenance())
}

// Dollars writes an amount of US dollars: cents, or more digits for less
// than a dollar so that small costs do not show as $0.00.
func Dollars(usd float64) string {
	switch {
	case usd == 0:
		return "$0"
	case usd < 0.01:
		return "$" + strconv.FormatFloat(usd, 'f', 6, 64)
	case usd < 1:
		return "$" + strconv.FormatFloat(usd, 'f', 4, 64)
	}
	return "$" + numfmt.Decimal(usd, 2)
}

// jsonReporter prints one JSON document, streamed: the model, the
// conversations (or files) as they are counted, the summary and the total.
type jsonReporter struct {
	w    io.Writer
	opts ReportOptions
	n    int
	err  error
}

type jsonConversation struct {
	File        string         `json:"file"`
	Index       int            `json:"index,omitempty"`
	ID          string         `json:"id,omitempty"`
	Label       string         `json:"label"`
	Messages    *int           `json:"messages,omitempty"`
	Tokens      int            `json:"tokens"`
	Estimated   bool           `json:"estimated,omitempty"`
	WindowShare *float64       `json:"window_share,omitempty"`
	ByRole      []RoleCount    `json:"by_role,omitempty"`
	ReplyPrim   *int           `json:"reply_priming,omitempty"`
	Tools       int            `json:"tool_definitions,omitempty"`
	ByMessage   []MessageCount `json:"by_message,omitempty"`
	Pair        *PairCount     `json:"pair,omitempty"`
}

func (r *jsonReporter) write(s string) {
	if r.err == nil {
		_, r.err = io.WriteString(r.w, s)
	}
}

// begin writes the document's head, up to the array of counts.
func (r *jsonReporter) begin() {
	head, _ := json.Marshal(struct {
		Model         string `json:"model"`
		Encoding      string `json:"encoding"`
		ContextWindow int    `json:"context_window"`
	}{r.opts.Model.Name, r.opts.Model.Encoding, r.opts.Model.ContextWindow})
	key := "conversations"
	if r.opts.Plain {
		key = "files"
	}
	r.write(string(head[:len(head)-1]) + `,"` + key + `":[`)
}

func (r *jsonReporter) Conversation(cc *ConversationCount) error {
	if r.n == 0 {
		r.begin()
	} else {
		r.write(",")
	}
	r.write("\n")
	r.n++
	jc := jsonConversation{File: cc.File, ID: cc.ID, Label: cc.Label, Tokens: cc.Tokens, Estimated: cc.Estimated, ByMessage: cc.ByMessage, Pair: cc.Pair}
	if r.opts.Model.ContextWindow > 0 {
		share := float64(cc.Tokens) / float64(r.opts.Model.ContextWindow)
		jc.WindowShare = &share
	}
	if !r.opts.Plain {
		jc.Index, jc.Messages, jc.ByRole, jc.Tools = cc.Index, &cc.Messages, cc.Roles, cc.Tools
		if !r.opts.Raw && !cc.Unsplit { // unsplit, as the table's "-": neither by_role nor reply_priming
			jc.ReplyPrim = &cc.Priming
		}
	}
	b, err := json.Marshal(jc)
	if err != nil {
		return err
	}
	r.write(string(b))
	return r.err
}

// Fail closes the document with what went wrong in "error", so that
// standard output is always one valid JSON document.
func (r *jsonReporter) Fail(err error) {
	if r.n == 0 {
		r.begin()
	}
	msg, _ := json.Marshal(err.Error())
	r.write("\n],\"error\":" + string(msg) + "}\n")
}

func (r *jsonReporter) End(t *Tally) error {
	if r.n == 0 {
		r.begin()
	}
	s := t.Dist.Summary()
	summary := map[string]any{
		"count": s.Count, "tokens": s.Sum, "min": s.Min, "mean": s.Mean, "p50": s.P50, "p90": s.P90, "p95": s.P95, "max": s.Max,
	}
	if !r.opts.Plain {
		summary["messages"] = t.Messages
	}
	if t.Pairs > 0 {
		summary["preference_pairs"] = t.Pairs
	}
	if r.opts.Model.ContextWindow > 0 {
		summary["over_window"] = t.overWindow(r.opts.Model)
	}
	if t.Limit > 0 {
		summary["limit"], summary["over_limit"] = t.Limit, t.OverN
	}
	if p := r.opts.Prices; p != nil {
		cost := map[string]any{"currency": "USD", "source": p.Source, "as_of": p.AsOf}
		for name, price := range map[string]float64{"input": p.Input, "cached_input": p.CachedInput, "batch_input": p.BatchInput} {
			if price > 0 {
				cost[name] = Cost(s.Sum, price)
			}
		}
		summary["cost"] = cost
	}
	b, _ := json.Marshal(summary)
	r.write("\n],\"summary\":" + string(b) + ",\"total\":" + fmt.Sprint(s.Sum) + "}\n")
	return r.err
}

// pairsNote says what a total holds of preference pairs.
func pairsNote(pairs int) string {
	return fmt.Sprintf("%s counted as two conversations each, prompt + chosen and prompt + rejected (the prompt twice)", numfmt.Plural(pairs, "preference pair"))
}
