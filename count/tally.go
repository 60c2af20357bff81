package count

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/convkit/convkit/internal/numfmt"
)

// Tally keeps what a report's summary and a limit's verdict need of the
// conversations counted: their distribution (a sketch, not one int per
// conversation), and the first few of those over the limit.
type Tally struct {
	Limit int // 0: none
	// Window is the context window of the report's model, if it has one:
	// the conversations over it are counted, exactly.
	Window    int
	OverW     int // how many are over Window
	Dist      Distribution
	Messages  int
	Pairs     int                  // preference pairs, each counted as two conversations
	Estimated int                  // conversations whose count holds an image estimate
	Over      []*ConversationCount // the first NamedOver of those over Limit
	OverN     int                  // how many are over Limit
}

// NamedOver is how many conversations over the limit a Tally keeps, to
// name them.
const NamedOver = 10

// Add records a conversation's count.
func (t *Tally) Add(cc *ConversationCount) {
	t.Dist.Add(cc.Tokens)
	t.Messages += cc.Messages
	if cc.Pair != nil {
		t.Pairs++
	}
	if cc.Estimated {
		t.Estimated++
	}
	if t.Window > 0 && cc.fitTokens() > t.Window { // a pair is over when its longer conversation is
		t.OverW++
	}
	if t.Limit > 0 && cc.fitTokens() > t.Limit {
		t.OverN++
		if len(t.Over) < NamedOver {
			t.Over = append(t.Over, cc)
		}
	}
}

// Verdict says which conversations do not fit in Limit tokens, naming the
// first few by label; it is "" when all fit.
func (t *Tally) Verdict() string {
	if t.OverN == 0 {
		return ""
	}
	names := make([]string, len(t.Over))
	for i, cc := range t.Over {
		names[i] = fmt.Sprintf("%s (%s)", cc.Label, numfmt.Thousands(int64(cc.fitTokens())))
	}
	list := strings.Join(names, ", ")
	if t.OverN > len(t.Over) {
		list += fmt.Sprintf(" and %d more", t.OverN-len(t.Over))
	}
	n := t.Dist.Summary().Count
	what := "conversations do"
	if n == 1 {
		what = "conversation does"
	}
	tokens := "tokens"
	if t.Limit == 1 {
		tokens = "token"
	}
	return fmt.Sprintf("%d of %d %s not fit in %s %s: %s", t.OverN, n, what, numfmt.Thousands(int64(t.Limit)), tokens, list)
}

// overWindow is how many conversations exceed the model's context window.
func (t *Tally) overWindow(m Model) int {
	if t.Limit == m.ContextWindow {
		return t.OverN
	}
	return t.OverW // Window is the report's model's
}

// Labeler takes conversation counts in input order, joins the parts of a
// conversation counted in parts, and gives each conversation its label: a
// file's only conversation is named by the file, each of several as
// file#N. It holds a file's first conversation back until it knows which,
// then passes each count on to Emit.
type Labeler struct {
	Emit func(*ConversationCount) error
	open *ConversationCount // the parts so far of a conversation that goes on
	held *ConversationCount
}

// Add joins cc to the parts before it, and labels the whole conversation
// or holds it back if it is its file's first.
func (l *Labeler) Add(cc *ConversationCount) error {
	if l.open != nil {
		l.open.Join(cc)
		cc, l.open = l.open, nil
	}
	if cc.More {
		l.open = cc
		return nil
	}
	if l.held != nil {
		if cc.Index == 2 && cc.File == l.held.File {
			l.held.Label = l.held.numbered()
		}
		if err := l.Flush(""); err != nil {
			return err
		}
	}
	if cc.Index == 1 {
		l.held = cc
		return nil
	}
	cc.Label = cc.numbered()
	return l.Emit(cc)
}

// numbered is the label of one of a file's conversations: File:Line for a
// file of one per line, as validate and errors name lines; else File#Index.
func (cc *ConversationCount) numbered() string {
	if cc.Line > 0 {
		return cc.File + ":" + strconv.Itoa(cc.Line)
	}
	return cc.File + "#" + strconv.Itoa(cc.Index)
}

// Flush passes on the count held back. A file whose reading failed after
// it, named by failed, went on: its first conversation is labelled file#1.
func (l *Labeler) Flush(failed string) error {
	cc := l.held
	if cc == nil {
		return nil
	}
	l.held = nil
	if cc.Label == "" {
		cc.Label = cc.File
		if cc.File == failed {
			cc.Label = cc.numbered()
		}
	}
	return l.Emit(cc)
}
