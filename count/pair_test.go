package count_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
)

// TestPreferencePairCountsBothConversations: a preference pair counts as
// the two conversations a trainer reads. Each is built here from the
// file's JSON on its own (not through convkit's readers) and counted with
// Counter.Conversation, whose counts the tiktoken reference tests hold;
// the pair's count must be those two and their sum.
func TestPreferencePairCountsBothConversations(t *testing.T) {
	counter, err := count.New(count.Options{Model: "gpt-4o"})
	if err != nil {
		t.Fatal(err)
	}
	type msg struct{ Role, Content string }
	type record struct {
		Prompt, Chosen, Rejected json.RawMessage
		Input                    struct{ Messages []msg }
		Preferred                []msg `json:"preferred_output"`
		NonPreferred             []msg `json:"non_preferred_output"`
	}
	// turn reads TRL's string (a user's prompt, an assistant's completion)
	// or message list.
	turn := func(raw json.RawMessage, role chat.Role) []msg {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return []msg{{string(role), s}}
		}
		var ms []msg
		if err := json.Unmarshal(raw, &ms); err != nil {
			t.Fatal(err)
		}
		return ms
	}
	conv := func(lists ...[]msg) *chat.Conversation {
		c := &chat.Conversation{}
		for _, l := range lists {
			for _, m := range l {
				c.Messages = append(c.Messages, chat.Message{Role: chat.Role(m.Role), Content: chat.Content{Form: chat.ContentString, Text: m.Content}})
			}
		}
		return c
	}
	for _, tc := range []struct{ file, format string }{
		{"../testdata/formats/trl-preference/explicit.jsonl", "trl-preference"},
		{"../testdata/formats/trl-preference/standard.jsonl", "trl-preference"},
		{"../testdata/formats/openai-preference/dpo.jsonl", "openai-preference"},
	} {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := convert.Lookup(tc.format)
		if err != nil {
			t.Fatal(err)
		}
		dec := f.NewDecoder(bytes.NewReader(data), convert.DecodeOptions{})
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			var r record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			var chosen, rejected *chat.Conversation
			if tc.format == "openai-preference" {
				chosen, rejected = conv(r.Input.Messages, r.Preferred), conv(r.Input.Messages, r.NonPreferred)
			} else {
				prompt := turn(r.Prompt, chat.User)
				chosen, rejected = conv(prompt, turn(r.Chosen, chat.Assistant)), conv(prompt, turn(r.Rejected, chat.Assistant))
			}
			want := count.PairCount{Chosen: counter.Conversation(chosen), Rejected: counter.Conversation(rejected)}
			c, err := dec.Decode()
			if err != nil {
				t.Fatal(err)
			}
			cc := counter.Breakdown(c, count.BreakdownOptions{})
			if cc.Pair == nil || *cc.Pair != want || cc.Tokens != want.Chosen+want.Rejected {
				t.Errorf("%s:%d: pair %+v, total %d; want %+v, total %d", tc.file, n, cc.Pair, cc.Tokens, want, want.Chosen+want.Rejected)
			}
			sum := 0
			for _, rc := range cc.Roles {
				sum += rc.Tokens
			}
			if sum+cc.Priming+cc.Tools != cc.Tokens {
				t.Errorf("%s:%d: role rows %d + priming and tools (both conversations') %d != total %d", tc.file, n, sum, cc.Priming+cc.Tools, cc.Tokens)
			}
			if cc.Priming != 2*counter.ReplyPriming() {
				t.Errorf("%s:%d: reply priming %d, want both conversations' %d", tc.file, n, cc.Priming, 2*counter.ReplyPriming())
			}
		}
		if _, err := dec.Decode(); err != io.EOF {
			t.Errorf("%s: more conversations than lines (%v)", tc.file, err)
		}
	}
}

// TestPairFitsByItsLongerConversation: a pair is over a limit or a window
// when its longer conversation is, not when the sum of the two is.
func TestPairFitsByItsLongerConversation(t *testing.T) {
	ccs := []*count.ConversationCount{
		{Label: "a", Tokens: 60, Pair: &count.PairCount{Chosen: 30, Rejected: 30}}, // sum over 40, each under
		{Label: "b", Tokens: 70, Pair: &count.PairCount{Chosen: 25, Rejected: 45}}, // one over
		{Label: "c", Tokens: 50}, // a chat over
		{Label: "d", Tokens: 10},
	}
	tally := &count.Tally{Limit: 40}
	for _, cc := range ccs {
		tally.Add(cc)
	}
	if tally.OverN != 2 || tally.Over[0].Label != "b" || tally.Over[1].Label != "c" {
		t.Errorf("over the limit: %d, %v; want b and c", tally.OverN, tally.Over)
	}
	// Without a limit, the window line of the summary (the Tally counts
	// over the window its report's model has).
	tally = &count.Tally{Window: 40}
	for _, cc := range ccs {
		tally.Add(cc)
	}
	var out bytes.Buffer
	rep := count.NewReporter(&out, io.Discard, count.ReportOptions{Model: count.Model{Name: "m", Encoding: "e", ContextWindow: 40}, Files: []string{"f"}})
	if err := rep.End(tally); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("over the 40-token context window: 2\n")) {
		t.Errorf("summary:\n%s", out.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("2 preference pairs counted as two conversations each")) {
		t.Errorf("summary does not say what the total holds:\n%s", out.String())
	}
}
