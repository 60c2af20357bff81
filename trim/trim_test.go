package trim

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// weather is a conversation with instructions, parallel tool calls and a
// named user. With the words counter its messages cost
// 6 6 11 13 5 5 9 7 7, plus 3: 72 in all.
func weather() *chat.Conversation {
	return conv(
		msg(chat.System, "You are terse."),                       // 0
		msg(chat.Developer, "Answer in French."),                 // 1
		msg(chat.User, "What is the weather in Paris and Rome?"), // 2
		call("a", "b"),           // 3
		answer("a", "Sunny 20C"), // 4
		answer("b", "Rain 15C"),  // 5
		msg(chat.Assistant, "Paris is sunny, Rome is rainy."),   // 6
		named(msg(chat.User, "Thanks! And tomorrow?"), "alice"), // 7
		msg(chat.Assistant, "I cannot tell yet."),               // 8
	)
}

func with(f func(*Options)) Options {
	o := Defaults()
	f(&o)
	return o
}

func fixedMarker(text string) func(Dropped) (string, error) {
	return func(Dropped) (string, error) { return text, nil }
}

func TestTrim(t *testing.T) {
	bigMiddle := conv(
		msg(chat.User, "hi"),
		msg(chat.Assistant, strings.Repeat("long ", 50)),
		msg(chat.User, "short question"),
	)
	interleaved := conv( // a user message arrives between a call and its result
		msg(chat.User, "look it up"),
		call("x"),
		msg(chat.User, "hurry"),
		answer("x", "found"),
		msg(chat.Assistant, "done"),
	)
	legacy := conv(
		msg(chat.User, "weather?"),
		chat.Message{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull},
			Extra: chat.Fields{{Key: "function_call", Value: json.RawMessage(`{"name":"w","arguments":"{}"}`)}}},
		chat.Message{Role: chat.Function, Name: "w", Content: chat.TextContent("sunny")},
		msg(chat.Assistant, "It is sunny."),
	)
	partialConv := conv(
		msg(chat.System, "S."),
		msg(chat.User, "one two three four five six seven eight"),
		msg(chat.Assistant, "ok"),
	)
	toolEdge := conv(
		msg(chat.System, "S."),
		call("t"),
		answer("t", "a b c d e f g h i j"),
		msg(chat.Assistant, "fine"),
	)
	withTools := weather()
	withTools.Extra = chat.Fields{{Key: "tools", Value: json.RawMessage(`[]`)}}

	tests := []struct {
		name string
		in   *chat.Conversation
		opts Options
		want string
	}{
		{"no limit keeps everything", weather(), Defaults(), "0 1 2 3 4 5 6 7 8"},
		{"last 2", weather(), with(func(o *Options) { o.Last = 2 }), "0 1 7 8"},
		{"last 0 keeps the instructions", weather(), with(func(o *Options) { o.Last = 0 }), "0 1"},
		{"last 4 does not split parallel results", weather(), with(func(o *Options) { o.Last = 4 }), "0 1 6 7 8"},
		{"last 6 keeps the whole tool group", weather(), with(func(o *Options) { o.Last = 6 }), "0 1 3 4 5 6 7 8"},
		{"last more than there are", weather(), with(func(o *Options) { o.Last = 100 }), "0 1 2 3 4 5 6 7 8"},
		{"last turns 1", weather(), with(func(o *Options) { o.LastTurns = 1 }), "0 1 7 8"},
		{"last turns 2", weather(), with(func(o *Options) { o.LastTurns = 2 }), "0 1 2 3 4 5 6 7 8"},
		{"last turns 0", weather(), with(func(o *Options) { o.LastTurns = 0 }), "0 1"},
		{"last 0 with a budget is no failure", weather(), with(func(o *Options) { o.Last = 0; o.Budget = 20 }), "0 1"},
		{"last turns more than there are", weather(), with(func(o *Options) { o.LastTurns = 9 }), "0 1 2 3 4 5 6 7 8"},
		{"budget keeps the newest that fit", weather(), with(func(o *Options) { o.Budget = 29 }), "0 1 7 8"},
		{"budget one short", weather(), with(func(o *Options) { o.Budget = 28; o.AllowNoUser = true }), "0 1 8"},
		{"budget exactly", weather(), with(func(o *Options) { o.Budget = 38 }), "0 1 6 7 8"},
		{"budget never splits a tool group", weather(), with(func(o *Options) { o.Budget = 60 }), "0 1 6 7 8"},
		{"budget takes the tool group whole", weather(), with(func(o *Options) { o.Budget = 61 }), "0 1 3 4 5 6 7 8"},
		{"budget counts tool definitions", withTools, with(func(o *Options) { o.Budget = 39 }), "0 1 7 8"},
		{"budget is contiguous", bigMiddle, with(func(o *Options) { o.Budget = 20 }), "2"},
		{"keep first", weather(), with(func(o *Options) { o.Budget = 26; o.Keep = KeepFirst }), "0 1 2"},
		{"keep first never splits a tool group", weather(), with(func(o *Options) { o.Budget = 40; o.Keep = KeepFirst }), "0 1 2"},
		{"keep first takes the group whole", weather(), with(func(o *Options) { o.Budget = 49; o.Keep = KeepFirst }), "0 1 2 3 4 5"},
		{"drop system", weather(), with(func(o *Options) { o.Last = 2; o.DropSystem = true }), "7 8"},
		{"drop system budget", weather(), with(func(o *Options) { o.Budget = 29; o.DropSystem = true }), "6 7 8"},
		{"start on user after a window", weather(), with(func(o *Options) { o.Last = 3; o.StartOnUser = true }), "0 1 7 8"},
		{"start on user after a budget", weather(), with(func(o *Options) { o.Budget = 38; o.StartOnUser = true }), "0 1 7 8"},
		{"start on user finds none", conv(msg(chat.User, "a"), msg(chat.Assistant, "b")), with(func(o *Options) { o.Last = 1; o.StartOnUser = true }), ""},
		{"a user message inside a tool group is no boundary", interleaved, with(func(o *Options) { o.Last = 3 }), "4"},
		{"the whole interleaved group", interleaved, with(func(o *Options) { o.Last = 4 }), "1 2 3 4"},
		{"legacy function call and result stay together", legacy, with(func(o *Options) { o.Last = 2 }), "3"},
		{"legacy group whole", legacy, with(func(o *Options) { o.Last = 3 }), "1 2 3"},
		{"marker takes its tokens from the budget", weather(), with(func(o *Options) { o.Budget = 38; o.Marker = fixedMarker("earlier messages left out") }), "0 1 M 7 8"},
		{"marker after a window", weather(), with(func(o *Options) { o.Last = 2; o.Marker = fixedMarker("cut") }), "0 1 M 7 8"},
		{"marker goes last with keep first", weather(), with(func(o *Options) {
			o.Budget = 40
			o.Keep = KeepFirst
			o.Marker = fixedMarker("later messages left out")
		}), "0 1 2 M"},
		{"no marker when nothing is dropped", weather(), with(func(o *Options) { o.Last = 50; o.Marker = fixedMarker("cut") }), "0 1 2 3 4 5 6 7 8"},
		{"partial keeps the end of the oldest message", partialConv, with(func(o *Options) { o.Budget = 16; o.AllowPartial = true }), "0 C1 2"},
		{"partial keeps the start with keep first", partialConv, with(func(o *Options) { o.Budget = 16; o.AllowPartial = true; o.Keep = KeepFirst }), "0 C1"},
		{"partial needs room for a word", partialConv, with(func(o *Options) { o.Budget = 14; o.AllowPartial = true; o.AllowNoUser = true }), "0 2"},
		{"partial never cuts a tool result", toolEdge, with(func(o *Options) { o.Budget = 20; o.AllowPartial = true }), "0 3"},
		{"partial with start on user cuts only a user message", conv(msg(chat.Assistant, "a b c d e f"), msg(chat.User, "ok")),
			with(func(o *Options) { o.Budget = 12; o.AllowPartial = true; o.StartOnUser = true }), "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := clone(tc.in)
			out, rep, err := Trim(tc.in, words{}, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tc.in, before) {
				t.Fatal("Trim changed its input")
			}
			if got := layout(t, tc.in, out); got != tc.want {
				t.Errorf("kept %q, want %q", got, tc.want)
			}
			if got := cost(words{}, out); got != rep.KeptTokens {
				t.Errorf("report says the result costs %d, it costs %d", rep.KeptTokens, got)
			}
			if tc.opts.Budget >= 0 && rep.KeptTokens > tc.opts.Budget {
				t.Errorf("result costs %d, over the budget of %d", rep.KeptTokens, tc.opts.Budget)
			}
			if rep.Tokens != cost(words{}, tc.in) {
				t.Errorf("report says the input costs %d, it costs %d", rep.Tokens, cost(words{}, tc.in))
			}
		})
	}
}

func TestPartialText(t *testing.T) {
	in := conv(
		msg(chat.System, "S."),
		msg(chat.User, "one two three four five six seven eight"),
		msg(chat.Assistant, "ok"),
	)
	in.Messages[1].Meta = chat.Fields{{Key: "timestamp", Value: json.RawMessage(`"2024-01-01"`)}, {Key: "character_count", Value: json.RawMessage(`39`)}}
	out, rep, err := Trim(in, words{}, with(func(o *Options) { o.Budget = 16; o.AllowPartial = true }))
	if err != nil {
		t.Fatal(err)
	}
	cut := out.Messages[1]
	// 16 = 3 + 4 (system) + 4 (ok) + 3 + 2 words: the longest end with two words.
	if cut.Content.Text != " seven eight" {
		t.Errorf("cut text %q, want %q", cut.Content.Text, " seven eight")
	}
	if want := (chat.Fields{{Key: "timestamp", Value: json.RawMessage(`"2024-01-01"`)}}); !reflect.DeepEqual(cut.Meta, want) {
		t.Errorf("cut metadata %s, want the stale character_count gone and the rest kept", jsonOf(cut.Meta))
	}
	if want := (&Cut{Index: 1, Tokens: 11, KeptTokens: 5}); !reflect.DeepEqual(rep.Cut, want) {
		t.Errorf("report cut %s, want %s", jsonOf(rep.Cut), jsonOf(want))
	}
	if rep.Kept != 3 || rep.Dropped != 0 || rep.KeptTokens != 16 {
		t.Errorf("report %s", jsonOf(rep))
	}

	out, _, err = Trim(in, words{}, with(func(o *Options) { o.Budget = 16; o.AllowPartial = true; o.Keep = KeepFirst }))
	if err != nil {
		t.Fatal(err)
	}
	if got := out.Messages[1].Content.Text; got != "one two three four five six " {
		t.Errorf("keep first cut %q, want the start of the text", got)
	}
}

func TestMarker(t *testing.T) {
	var got []Dropped
	opts := with(func(o *Options) {
		o.Budget = 38
		o.MarkerRole = chat.User
		o.Marker = func(d Dropped) (string, error) {
			got = append(got, d)
			return "earlier messages left out", nil
		}
	})
	out, rep, err := Trim(weather(), words{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The first marker (for 2..5) does not fit beside 6 7 8: the second round
	// drops 6 too, and the marker the result carries describes 2..6.
	last := got[len(got)-1]
	if len(last.Messages) != 5 || last.Tokens != 43 || last.Later {
		t.Errorf("marker told of %d messages, %d tokens, later %v; want 5, 43, false", len(last.Messages), last.Tokens, last.Later)
	}
	if !reflect.DeepEqual(last.Messages, weather().Messages[2:7]) {
		t.Error("marker was not given the dropped messages as they were")
	}
	if m := out.Messages[2]; m.Role != chat.User || m.Content.Text != "earlier messages left out" {
		t.Errorf("marker message %s", jsonOf(m))
	}
	want := Report{Messages: 9, Kept: 4, Dropped: 5, Tokens: 72, KeptTokens: 36, DroppedTokens: 43, Marker: true, MarkerTokens: 7}
	b := 38
	want.Budget = &b
	if !reflect.DeepEqual(*rep, want) {
		t.Errorf("report\n%s\nwant\n%s", jsonOf(rep), jsonOf(want))
	}
}

func TestMarkerError(t *testing.T) {
	boom := errors.New("summariser failed")
	_, _, err := Trim(weather(), words{}, with(func(o *Options) {
		o.Last = 2
		o.Marker = func(Dropped) (string, error) { return "", boom }
	}))
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the marker's error", err)
	}
}

func TestNoFit(t *testing.T) {
	tests := []struct {
		name string
		in   *chat.Conversation
		opts Options
		want NoFitError
	}{
		{"only the instructions fit", weather(), with(func(o *Options) { o.Budget = 21 }), NoFitError{Budget: 21, Need: 22, Prompt: true, From: 8, To: 9, Tokens: 7, Role: chat.Assistant}},
		{"not even the instructions", weather(), with(func(o *Options) { o.Budget = 14 }), NoFitError{Budget: 14, Need: 15, Instructions: true, Prompt: true}},
		{"the nearest group is a whole tool exchange", conv(msg(chat.User, "q"), call("a", "b"), answer("a", "x"), answer("b", "y")),
			with(func(o *Options) { o.Budget = 20 }), NoFitError{Budget: 20, Need: 3 + 13 + 4 + 4, From: 1, To: 4, Tokens: 13 + 4 + 4, Role: chat.Assistant}},
		{"keep first", weather(), with(func(o *Options) { o.Budget = 20; o.Keep = KeepFirst }), NoFitError{Budget: 20, Need: 26, Prompt: true, From: 2, To: 3, Tokens: 11, Role: chat.User}},
		{"a marker alone is not a conversation", weather(), with(func(o *Options) { o.Budget = 22; o.Marker = fixedMarker("gone") }), NoFitError{Budget: 22, Need: 26, Prompt: true, From: 8, To: 9, Tokens: 7, Role: chat.Assistant, MarkerTokens: 4}},
		{"the marker alone does not fit", weather(), with(func(o *Options) { o.Last = 0; o.Budget = 16; o.Marker = fixedMarker("two words") }), NoFitError{Budget: 16, Need: 20, Marker: true, Prompt: true}},
		// A budget that keeps only an answer keeps no training example.
		{"no user message", weather(), with(func(o *Options) { o.Budget = 28 }),
			NoFitError{Budget: 28, Need: 29, Prompt: true, From: 7, To: 9, Tokens: 14, Role: chat.User, NoUser: true}},
		// What does not fit is the whole user turn, not the assistant message that ends it.
		{"start on user leaves nothing", conv(msg(chat.User, "a b c d e f g"), msg(chat.Assistant, "b")),
			with(func(o *Options) { o.Budget = 10; o.StartOnUser = true }), NoFitError{Budget: 10, Need: 17, From: 0, To: 2, Tokens: 14, Role: chat.User}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Trim(tc.in, words{}, tc.opts)
			var nf *NoFitError
			if !errors.As(err, &nf) {
				t.Fatalf("got %v, want a NoFitError", err)
			}
			if *nf != tc.want {
				t.Errorf("got %+v, want %+v", *nf, tc.want)
			}
		})
	}
}

func TestKeepFirstWithWindow(t *testing.T) {
	_, _, err := Trim(weather(), words{}, with(func(o *Options) { o.Keep = KeepFirst; o.Last = 3 }))
	if err == nil {
		t.Error("keep first with a window was accepted")
	}
}

// TestNoFitErrorWording: the error agrees in number with what it counts.
func TestNoFitErrorWording(t *testing.T) {
	for _, c := range []struct {
		err  NoFitError
		want string
	}{
		{NoFitError{Budget: 1, Need: 3, Instructions: true}, "does not fit in 1 token: the overhead alone takes 3"},
		{NoFitError{Budget: 10, Need: 12, Instructions: true, Prompt: true}, "does not fit in 10 tokens: the system prompt and overhead alone take 12"},
		{NoFitError{Budget: 5, Need: 9, Instructions: true, MarkerTokens: 4}, "does not fit in 5 tokens: the overhead and the marker (4) alone take 9"},
		{NoFitError{Budget: 1, Need: 4, Marker: true}, "the marker does not fit in 1 token: with the overhead it takes 4"},
		{NoFitError{Budget: 1, Need: 4, From: 0, To: 1, Tokens: 2, Role: chat.User}, "no message fits in 1 token: message 1 (user) costs 2, 4 with the overhead"},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.err, got, c.want)
		}
	}
}
