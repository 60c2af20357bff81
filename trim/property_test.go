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
