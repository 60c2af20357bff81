package count

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

func breakdownConversation() *chat.Conversation {
	return &chat.Conversation{ID: "c1", Messages: []chat.Message{
		{Role: chat.System, Content: chat.TextContent("You are terse.")},
		{Role: chat.User, Name: "ann", Content: chat.TextContent("Hello, world!")},
		{Role: chat.Assistant, Content: chat.TextContent("Hi.")},
		{Role: chat.User, Content: chat.TextContent("Bye.")},
	}}
}

func newTestCounter(t *testing.T) *Counter {
	t.Helper()
	c, err := New(Options{Model: "gpt-4o"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestConversationCountBreakdown checks that the rows add up to what
// Conversation counts, role by role and message by message.
func TestConversationCountBreakdown(t *testing.T) {
	c := newTestCounter(t)
	conv := breakdownConversation()
	cc := c.Breakdown(conv, BreakdownOptions{ByMessage: true})
	if cc.Tokens != c.Conversation(conv) || cc.Messages != 4 || cc.Priming != c.ReplyPriming() || cc.ID != "c1" {
		t.Errorf("got %+v, want %d tokens in 4 messages", cc, c.Conversation(conv))
	}
	var roles []string
	for _, r := range cc.Roles {
		roles = append(roles, fmt.Sprintf("%s:%d", r.Role, r.Messages))
	}
	if got := strings.Join(roles, " "); got != "system:1 user:2 assistant:1" {
		t.Errorf("roles %s", got)
	}
	users := c.Message(&conv.Messages[1]) + c.Message(&conv.Messages[3])
	if cc.RoleTokens(chat.User) != users || cc.RoleTokens(chat.Tool) != 0 {
		t.Errorf("user tokens %d, want %d", cc.RoleTokens(chat.User), users)
	}
	if len(cc.ByMessage) != 4 || cc.ByMessage[1] != (MessageCount{Index: 2, Role: "user", Name: "ann", Tokens: c.Message(&conv.Messages[1])}) {
		t.Errorf("by message %+v", cc.ByMessage)
	}
	raw := c.Breakdown(conv, BreakdownOptions{Raw: true})
	content := 0
	for i := range conv.Messages {
		content += c.Content(&conv.Messages[i])
	}
	if raw.Priming != 0 || raw.ByMessage != nil || raw.Tokens != content {
		t.Errorf("raw %+v", raw)
	}
}

// TestConversationCountJoin counts a conversation in parts, joins them and
// compares with the whole count.
func TestConversationCountJoin(t *testing.T) {
	c := newTestCounter(t)
	conv := breakdownConversation()
	o := BreakdownOptions{ByMessage: true}
	whole := c.Breakdown(conv, o)
	o.More = true
	first := c.Breakdown(&chat.Conversation{Messages: conv.Messages[:1]}, o)
	second := c.Breakdown(&chat.Conversation{Messages: conv.Messages[1:3]}, o)
	o.More = false
	last := c.Breakdown(&chat.Conversation{ID: "c1", Messages: conv.Messages[3:]}, o)
	if first.Priming != 0 || !first.More {
		t.Errorf("a part that goes on counts the priming: %+v", first)
	}
	first.Join(second)
	first.Join(last)
	if !reflect.DeepEqual(first, whole) {
		t.Errorf("joined %+v\nwhole  %+v", first, whole)
	}
}

func TestConversationCountAdd(t *testing.T) {
	var cc ConversationCount
	cc.Add(MessageCount{Role: "user", Tokens: 5})
	cc.Add(MessageCount{Role: "tool", Tokens: 7, Estimated: true})
	cc.Add(MessageCount{Role: "user", Tokens: 1})
	want := ConversationCount{Messages: 3, Tokens: 13, Estimated: true, Roles: []RoleCount{{"user", 2, 6}, {"tool", 1, 7}}}
	if !reflect.DeepEqual(cc, want) {
		t.Errorf("got %+v, want %+v", cc, want)
	}
}

func TestTallyVerdict(t *testing.T) {
	tally := Tally{Limit: 100}
	for i := 1; i <= 13; i++ {
		tally.Add(&ConversationCount{Label: fmt.Sprintf("f#%d", i), Tokens: 1000 * i, Messages: 2, Estimated: i == 1})
	}
	tally.Add(&ConversationCount{Label: "small", Tokens: 99, Messages: 1})
	if tally.OverN != 13 || len(tally.Over) != NamedOver || tally.Messages != 27 || tally.Estimated != 1 {
		t.Errorf("tally %+v", tally)
	}
	v := tally.Verdict()
	if !strings.HasPrefix(v, "13 of 14 conversations do not fit in 100 tokens: f#1 (1,000), f#2 (2,000)") || !strings.HasSuffix(v, "f#10 (10,000) and 3 more") {
		t.Errorf("verdict %q", v)
	}
	one := Tally{Limit: 10}
	one.Add(&ConversationCount{Label: "a", Tokens: 11})
	if v := one.Verdict(); v != "1 of 1 conversation does not fit in 10 tokens: a (11)" {
		t.Errorf("verdict %q", v)
	}
	if v := (&Tally{}).Verdict(); v != "" {
		t.Errorf("no limit, verdict %q", v)
	}
}

// TestLabeler names a file's only conversation by the file, and several
// as file#N; a file that failed after its first is labelled file#1.
func TestLabeler(t *testing.T) {
	var got []string
	l := Labeler{Emit: func(cc *ConversationCount) error { got = append(got, cc.Label); return nil }}
	for _, cc := range []*ConversationCount{{File: "a", Index: 1}, {File: "b", Index: 1, More: true}, {File: "b", Index: 1}, {File: "b", Index: 2}, {File: "c", Index: 1}} {
		if err := l.Add(cc); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Flush("c"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b#1", "b#2", "c#1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("labels %v, want %v", got, want)
	}
}

// TestCountAll counts parts from a reader that fails in its third file:
// the conversations before are emitted, joined and labelled, and the
// error is returned.
func TestCountAll(t *testing.T) {
	c := newTestCounter(t)
	conv := breakdownConversation()
	failure := errors.New("broken")
	parts := []Part{
		{File: "a", Index: 1, Conv: &chat.Conversation{Messages: conv.Messages[:2]}, More: true},
		{File: "a", Index: 1, Conv: &chat.Conversation{Messages: conv.Messages[2:]}},
		{File: "b", Index: 1, Conv: conv}, {File: "b", Index: 2, Conv: conv},
		{File: "c", Index: 1, Conv: conv},
	}
	next := func() (Part, error) {
		if len(parts) == 0 {
			return Part{File: "c"}, failure
		}
		p := parts[0]
		parts = parts[1:]
		return p, nil
	}
	var got []string
	err := c.CountAll(2, next, BreakdownOptions{}, func(cc *ConversationCount) error {
		got = append(got, fmt.Sprintf("%s %d/%d", cc.Label, cc.Messages, cc.Tokens))
		return nil
	})
	n := c.Conversation(conv)
	want := []string{fmt.Sprintf("a 4/%d", n), fmt.Sprintf("b#1 4/%d", n), fmt.Sprintf("b#2 4/%d", n), fmt.Sprintf("c#1 4/%d", n)}
	if err != failure || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v; want %v, %v", got, err, want, failure)
	}
	parts = nil
	if err := c.CountAll(1, func() (Part, error) { return Part{}, io.EOF }, BreakdownOptions{}, nil); err != nil {
		t.Errorf("no parts: %v", err)
	}
}

// TestReporters writes one count in each kind of report.
func TestReporters(t *testing.T) {
	m := Model{Name: "m", Encoding: "e", ContextWindow: 1000}
	cc := &ConversationCount{File: "f", Index: 1, Label: "f", Messages: 2, Tokens: 20, Priming: 3,
		Roles: []RoleCount{{"user", 1, 7}, {"assistant", 1, 10}}}
	tests := []struct {
		o    ReportOptions
		want string
	}{
		{ReportOptions{Total: true}, "20\n"},
		{ReportOptions{JSON: true}, `{"model":"m","encoding":"e","context_window":1000,"conversations":[` + "\n" +
			`{"file":"f","index":1,"label":"f","messages":2,"tokens":20,"window_share":0.02,"by_role":[{"role":"user","messages":1,"tokens":7},{"role":"assistant","messages":1,"tokens":10}],"reply_priming":3}` + "\n" +
			`],"summary":{"count":1,"max":20,"mean":20,"messages":2,"min":20,"over_window":0,"p50":20,"p90":20,"p95":20,"tokens":20},"total":20}` + "\n"},
		{ReportOptions{By: ByRole}, "CONVERSATION       MESSAGES     SYSTEM       USER  ASSISTANT       TOOL      OTHER       TOTAL   WINDOW\n" +
			"f                         2          0          7         10          0          3          20     2.0%\n" +
			"  user                    1                                                                  7\n" +
			"  assistant               1                                                                 10\n" +
			"  reply priming                                                                              3\n"},
	}
	for _, tc := range tests {
		tc.o.Model = m
		var out bytes.Buffer
		r := NewReporter(&out, io.Discard, tc.o)
		tally := Tally{}
		tally.Add(cc)
		if err := r.Conversation(cc); err != nil {
			t.Fatal(err)
		}
		if err := r.End(&tally); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.want {
			t.Errorf("%+v:\ngot\n%s\nwant\n%s", tc.o, out.String(), tc.want)
		}
	}
}
