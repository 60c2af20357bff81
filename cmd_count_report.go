package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
)

// reporter writes the counts of convkit count as they come, in input
// order, then the end: a summary, or the grand total.
type reporter interface {
	conversation(cc *convCount) error
	end(t *tally) error
}

func newReporter(w, errw io.Writer, opts countOptions, m count.Model) reporter {
	switch {
	case opts.total:
		return totalReporter{w, errw}
	case opts.json:
		return &jsonReporter{w: w, opts: opts, model: m}
	}
	width := 18
	for _, f := range opts.files {
		width = max(width, len(f)+5)
	}
	return &tableReporter{w: w, opts: opts, model: m, width: width}
}

// totalReporter prints the grand total alone, for scripts; that it holds
// image estimates is said on stderr.
type totalReporter struct{ w, errw io.Writer }

func (totalReporter) conversation(*convCount) error { return nil }

func (r totalReporter) end(t *tally) error {
	if t.images > 0 {
		fmt.Fprintln(r.errw, "convkit: note: the total holds image estimates")
	}
	_, err := fmt.Fprintln(r.w, t.dist.Summary().Sum)
	return err
}

// tableReporter prints a readable table, one row per conversation (or per
// file with --plain), then a summary when there is more than one.
type tableReporter struct {
	w      io.Writer
	opts   countOptions
	model  count.Model
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

func (r *tableReporter) printf(format string, args ...any) {
	if r.err == nil {
		_, r.err = fmt.Fprintf(r.w, format, args...)
	}
}

func (r *tableReporter) header() {
	r.headed = true
	if r.opts.plain {
		r.printf("%-*s %*s %*s\n", r.width, "FILE", numWidth, "TOKENS", 8, "WINDOW")
		return
	}
	r.printf("%-*s %*s", r.width, "CONVERSATION", 8, "MESSAGES")
	for _, col := range roleColumns {
		r.printf(" %*s", numWidth, col.title)
	}
	r.printf(" %*s %*s %*s\n", numWidth, "OTHER", numWidth+1, "TOTAL", 8, "WINDOW")
}

func (r *tableReporter) conversation(cc *convCount) error {
	if !r.headed {
		r.header()
	}
	if r.opts.plain {
		r.printf("%-*s %*s %*s\n", r.width, cc.label, numWidth, thousands(int64(cc.tokens)), 8, r.share(cc.tokens))
		return r.err
	}
	r.printf("%-*s %*d", r.width, cc.label, 8, cc.messages)
	other := cc.tokens
	for _, col := range roleColumns {
		n := 0
		for _, role := range col.roles {
			n += cc.roleTokens(string(role))
		}
		other -= n
		r.printf(" %*s", numWidth, thousands(int64(n)))
	}
	r.printf(" %*s %*s %*s\n", numWidth, thousands(int64(other)), numWidth+1, approx(cc.tokens, cc.estimated), 8, r.share(cc.tokens))
	// Sub-rows put their tokens under TOTAL, and a message's name after it.
	sub := func(label, messages string, tokens int, est bool, name string) {
		r.printf("  %-*s %*s %*s", r.width-2, label, 8, messages, (numWidth+1)*(len(roleColumns)+1)+numWidth+1, approx(tokens, est))
		if name != "" {
			r.printf("   %s", name)
		}
		r.printf("\n")
	}
	switch r.opts.by {
	case "message":
		for _, m := range cc.perMsg {
			name := ""
			if m.Name != "" {
				name = "name: " + m.Name
			}
			sub(fmt.Sprintf("#%d %s", m.Index, m.Role), "", m.Tokens, m.Estimated, name)
		}
	case "role":
		for _, rc := range cc.roles {
			sub(rc.Role, fmt.Sprint(rc.Messages), rc.Tokens, false, "")
		}
	}
	if r.opts.by != "" && !r.opts.raw {
		if cc.tools > 0 {
			sub("tool definitions", "", cc.tools, false, "")
		}
		sub("reply priming", "", cc.priming, false, "")
	}
	return r.err
}

func (cc *convCount) roleTokens(role string) int {
	for _, rc := range cc.roles {
		if rc.Role == role {
			return rc.Tokens
		}
	}
	return 0
}

// approx writes a count, marked ~ when it holds an estimate.
func approx(n int, estimated bool) string {
	if estimated {
		return "~" + thousands(int64(n))
	}
	return thousands(int64(n))
}

// share writes n as a share of the model's context window.
func (r *tableReporter) share(n int) string {
	if r.model.ContextWindow == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(r.model.ContextWindow))
}

func (r *tableReporter) end(t *tally) error {
	s := t.dist.Summary()
	if s.Count <= 1 {
		return r.err
	}
	what := "conversations"
	if r.opts.plain {
		what = "files"
	}
	r.printf("\n%s %s", thousands(int64(s.Count)), what)
	if !r.opts.plain {
		r.printf(", %s messages", thousands(int64(t.messages)))
	}
	r.printf(", %s tokens (%s, %s)\n", thousands(s.Sum), r.model.Name, r.model.Encoding)
	r.printf("tokens per %s: min %s, mean %s, p50 %s, p90 %s, p95 %s, max %s\n", strings.TrimSuffix(what, "s"),
		thousands(int64(s.Min)), fmt.Sprintf("%.1f", s.Mean), thousands(int64(s.P50)), thousands(int64(s.P90)), thousands(int64(s.P95)), thousands(int64(s.Max)))
	if t.limit > 0 {
		r.printf("over %s tokens: %s\n", thousands(int64(t.limit)), thousands(int64(t.overN)))
	} else if r.model.ContextWindow > 0 {
		r.printf("over the %s-token context window: %s\n", thousands(int64(r.model.ContextWindow)), thousands(int64(overWindow(t, r.model))))
	}
	return r.err
}

// overWindow is how many conversations exceed the model's context window.
func overWindow(t *tally, m count.Model) int {
	if t.limit == m.ContextWindow {
		return t.overN
	}
	return t.dist.Over(m.ContextWindow)
}

// jsonReporter prints one JSON document, streamed: the model, the
// conversations (or files) as they are counted, the summary and the total.
type jsonReporter struct {
	w     io.Writer
	opts  countOptions
	model count.Model
	n     int
	err   error
}

type jsonConversation struct {
	File        string      `json:"file"`
	Index       int         `json:"index,omitempty"`
	ID          string      `json:"id,omitempty"`
	Label       string      `json:"label"`
	Messages    *int        `json:"messages,omitempty"`
	Tokens      int         `json:"tokens"`
	Estimated   bool        `json:"estimated,omitempty"`
	WindowShare *float64    `json:"window_share,omitempty"`
	ByRole      []roleCount `json:"by_role,omitempty"`
	ReplyPrim   *int        `json:"reply_priming,omitempty"`
	Tools       int         `json:"tool_definitions,omitempty"`
	ByMessage   []msgCount  `json:"by_message,omitempty"`
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
	}{r.model.Name, r.model.Encoding, r.model.ContextWindow})
	key := "conversations"
	if r.opts.plain {
		key = "files"
	}
	r.write(string(head[:len(head)-1]) + `,"` + key + `":[`)
}

func (r *jsonReporter) conversation(cc *convCount) error {
	if r.n == 0 {
		r.begin()
	} else {
		r.write(",")
	}
	r.write("\n")
	r.n++
	jc := jsonConversation{File: cc.file, ID: cc.id, Label: cc.label, Tokens: cc.tokens, Estimated: cc.estimated, ByMessage: cc.perMsg}
	if r.model.ContextWindow > 0 {
		share := float64(cc.tokens) / float64(r.model.ContextWindow)
		jc.WindowShare = &share
	}
	if !r.opts.plain {
		jc.Index, jc.Messages, jc.ByRole, jc.Tools = cc.index, &cc.messages, cc.roles, cc.tools
		if !r.opts.raw {
			jc.ReplyPrim = &cc.priming
		}
	}
	b, err := json.Marshal(jc)
	if err != nil {
		return err
	}
	r.write(string(b))
	return r.err
}

func (r *jsonReporter) end(t *tally) error {
	if r.n == 0 {
		r.begin()
	}
	s := t.dist.Summary()
	summary := map[string]any{
		"count": s.Count, "tokens": s.Sum, "min": s.Min, "mean": s.Mean, "p50": s.P50, "p90": s.P90, "p95": s.P95, "max": s.Max,
	}
	if !r.opts.plain {
		summary["messages"] = t.messages
	}
	if r.model.ContextWindow > 0 {
		summary["over_window"] = overWindow(t, r.model)
	}
	if t.limit > 0 {
		summary["limit"], summary["over_limit"] = t.limit, t.overN
	}
	b, _ := json.Marshal(summary)
	r.write("\n],\"summary\":" + string(b) + ",\"total\":" + fmt.Sprint(s.Sum) + "}\n")
	return r.err
}
