package trim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/chatgen"
)

func randomOptions(r *rand.Rand, total int) Options {
	o := Defaults()
	if r.IntN(4) != 0 {
		o.Budget = r.IntN(total + 10)
	}
	if r.IntN(3) == 0 {
		o.Keep = KeepFirst
	} else {
		if r.IntN(4) == 0 {
			o.Last = r.IntN(20)
		}
		if r.IntN(4) == 0 {
			o.LastTurns = r.IntN(6)
		}
		o.StartOnUser = r.IntN(4) == 0
	}
	o.DropSystem = r.IntN(5) == 0
	o.AllowPartial = r.IntN(2) == 0
	if r.IntN(2) == 0 {
		o.Marker = func(d Dropped) (string, error) {
			// A text whose length grows with what it reports.
			return fmt.Sprintf("[%d messages, %d tokens left out]%s", len(d.Messages), d.Tokens, strings.Repeat(" more", len(d.Messages)%7)), nil
		}
	}
	return o
}

// TestProperties trims many generated conversations with random options and
// checks what must hold whatever the flags.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fits, noFits := 0, 0
	for i := range 20000 {
		in := chatgen.Generate(r)
		opts := randomOptions(r, cost(chatgen.Lumpy{}, in))
		before := clone(in)
		out, rep, err := Trim(in, chatgen.Lumpy{}, opts)
		if !reflect.DeepEqual(in, before) {
			t.Fatalf("case %d: Trim changed its input", i)
		}
		var nf *NoFitError
		if errors.As(err, &nf) {
			noFits++
			if opts.Budget < 0 {
				t.Fatalf("case %d: no budget, yet %v", i, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		fits++
		if err := checkWith(chatgen.Lumpy{}, in, out, rep, opts); err != nil {
			t.Fatalf("case %d: %v\noptions %+v\ninput  %s\noutput %s", i, err, opts, jsonOf(in.Messages), jsonOf(out.Messages))
		}
	}
	// The generator must exercise both outcomes.
	if fits < 1000 || noFits < 100 {
		t.Errorf("only %d results and %d no-fits: the generator is too narrow", fits, noFits)
	}
}

func checkWith(c Counter, in, out *chat.Conversation, rep *Report, opts Options) error {
	got := cost(c, out)
	if opts.Budget >= 0 && got > opts.Budget {
		return fmt.Errorf("costs %d, over the budget of %d", got, opts.Budget)
	}
	if got != rep.KeptTokens {
		return fmt.Errorf("costs %d, the report says %d", got, rep.KeptTokens)
	}
	if !reflect.DeepEqual(out.Extra, in.Extra) {
		return errors.New("conversation fields changed")
	}
	head := 0
	if !opts.DropSystem {
		for head < Instructions(in.Messages) {
			if head >= len(out.Messages) || !reflect.DeepEqual(out.Messages[head], in.Messages[head]) {
				return fmt.Errorf("leading instruction %d not kept", head)
			}
			head++
		}
	}
	if err := pairs(out.Messages); err != nil {
		return err
	}
	// After the instructions: input messages in one contiguous run, at
	// most one marker and at most one cut message at the edge of the run.
	var run []int
	markers, cuts := 0, 0
	for _, m := range out.Messages[head:] {
		if IsMarker(&m) {
			markers++
			continue
		}
		i, _ := strconv.Atoi(string(m.Extra.Get("seq")))
		if !reflect.DeepEqual(m, in.Messages[i]) {
			cuts++
			if m.Role != in.Messages[i].Role || !reflect.DeepEqual(m.ToolCalls, in.Messages[i].ToolCalls) {
				return fmt.Errorf("message %d changed beyond its text", i)
			}
		}
		run = append(run, i)
	}
	for k := 1; k < len(run); k++ {
		if run[k] != run[k-1]+1 {
			return fmt.Errorf("kept messages %v are not contiguous", run)
		}
	}
	if markers > 1 || cuts > 1 {
		return fmt.Errorf("%d markers and %d cut messages", markers, cuts)
	}
	if markers == 1 && rep.Dropped == 0 {
		return errors.New("a marker, yet nothing was dropped")
	}
	if opts.StartOnUser && len(run) > 0 && out.Messages[len(out.Messages)-len(run)].Role != chat.User {
		return errors.New("does not start on a user message")
	}
	return nil
}

// pairs checks that every tool result follows its call and every call is
// answered.
func pairs(msgs []chat.Message) error {
	open := map[string]bool{}
	for _, m := range msgs {
		if m.Role == chat.Tool {
			if !open[m.ToolCallID] {
				return fmt.Errorf("tool result %s without its call", m.ToolCallID)
			}
			delete(open, m.ToolCallID)
		}
		for _, tc := range m.ToolCalls {
			open[tc.ID] = true
		}
	}
	for id := range open {
		return fmt.Errorf("call %s left unanswered", id)
	}
	return nil
}

// joined counts like a chat template: a conversation costs its messages
// (as Lumpy counts them) and more or less besides, depending on how they
// sit together: two more for each message of the same role as the one
// before, one less for each tool result after another, five more when the
// first message after the instructions is not a user message, and the
// number of messages modulo 3. Its shares are Lumpy's, the rest fixed.
type joined struct{ chatgen.Lumpy }

func (j joined) Conversation(c *chat.Conversation) (int, error) {
	n := j.Fixed(c) + len(c.Messages)%3
	head := Instructions(c.Messages)
	for i := range c.Messages {
		m := &c.Messages[i]
		n += j.Message(m)
		switch {
		case i > 0 && m.Role == chat.Tool && c.Messages[i-1].Role == chat.Tool:
			n--
		case i > 0 && m.Role == c.Messages[i-1].Role:
			n += 2
		}
		if i == head && m.Role != chat.User {
			n += 5
		}
	}
	return n, nil
}

func (j joined) Shares(c *chat.Conversation, _ Reach) (int, []int, error) {
	whole, _ := j.Conversation(c)
	shares := make([]int, len(c.Messages))
	for i := range c.Messages {
		shares[i] = j.Message(&c.Messages[i])
		whole -= shares[i]
	}
	return whole, shares, nil
}

// TestWholeProperties trims with a counter that counts conversations
// whole, not as the sum of their messages: the result, counted whole,
// never exceeds the budget, and the report gives what it costs.
func TestWholeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fits, noFits, shorter := 0, 0, 0
	for i := range 20000 {
		in := chatgen.Generate(r)
		opts := randomOptions(r, cost(joined{}, in))
		out, rep, err := Trim(in, joined{}, opts)
		var nf *NoFitError
		if errors.As(err, &nf) {
			noFits++
			if nf.Need <= nf.Budget && nf.Instructions {
				t.Fatalf("case %d: %v, yet the instructions alone cost %d", i, err, nf.Need)
			}
			continue
		}
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		fits++
		if err := checkWith(joined{}, in, out, rep, opts); err != nil {
			t.Fatalf("case %d: %v\noptions %+v\ninput  %s\noutput %s", i, err, opts, jsonOf(in.Messages), jsonOf(out.Messages))
		}
		if rep.Tokens != cost(joined{}, in) {
			t.Fatalf("case %d: the input costs %d, the report says %d", i, cost(joined{}, in), rep.Tokens)
		}
		if opts.Budget >= 0 && rep.Dropped > 0 && rep.KeptTokens < opts.Budget {
			shorter++
		}
	}
	if fits < 1000 || noFits < 100 || shorter < 100 {
		t.Errorf("only %d results (%d trimmed within budget) and %d no-fits: the generator is too narrow", fits, shorter, noFits)
	}
}

// refuses is joined, but a conversation whose first message after the
// instructions is an assistant's cannot be counted (a template that
// raises).
type refuses struct{ joined }

func (r refuses) Conversation(c *chat.Conversation) (int, error) {
	if h := Instructions(c.Messages); h < len(c.Messages) && c.Messages[h].Role == chat.Assistant {
		return 0, errors.New("roles must alternate")
	}
	return r.joined.Conversation(c)
}

func TestWholeCounterError(t *testing.T) {
	in := conv(msg(chat.System, "be brief"), msg(chat.User, "one two three four five six seven eight"), msg(chat.Assistant, "nine ten"), msg(chat.User, "eleven"))
	if _, _, err := Trim(in, refuses{}, Options{Last: 2, LastTurns: None, Budget: None}); err == nil || err.Error() != "the trimmed conversation: roles must alternate" {
		t.Errorf("keeping an assistant first: %v", err)
	}
	out, _, err := Trim(in, refuses{}, Options{Last: 2, LastTurns: None, Budget: None, StartOnUser: true})
	if err != nil || len(out.Messages) != 2 {
		t.Errorf("starting on a user message: %v, %d messages", err, len(out.Messages))
	}
}
