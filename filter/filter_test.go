package filter

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/chatgen"
)

// TestMatchIsThePredicate checks, on generated conversations, that an
// expression keeps exactly the conversations its meaning in Go keeps.
func TestMatchIsThePredicate(t *testing.T) {
	prog, err := Compile(`turns >= 2 && has_tools || len(messages) > 10 && any(messages, .name == "alice") || tokens < 40`)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 8))
	kept := 0
	for i := range 3000 {
		conv := chatgen.Generate(r)
		turns, tools, alice := 0, false, false
		for _, m := range conv.Messages {
			turns += boolInt(m.Role == chat.User)
			tools = tools || len(m.ToolCalls) > 0 || m.Role == chat.Tool
			alice = alice || m.Name == "alice"
		}
		tokens := chatgen.Lumpy{}.Fixed(conv)
		for j := range conv.Messages {
			tokens += chatgen.Lumpy{}.Message(&conv.Messages[j])
		}
		want := turns >= 2 && tools || len(conv.Messages) > 10 && alice || tokens < 40
		got, err := prog.Match(conv, i+1, chatgen.Lumpy{})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("case %d: Match says %v, the predicate %v", i, got, want)
		}
		kept += boolInt(got)
	}
	if kept < 300 || kept > 2700 {
		t.Errorf("kept %d of 3000: the generator does not exercise both outcomes", kept)
	}
}

// TestMessagesNeverOrphan drops messages by arbitrary expressions and
// checks that no tool call loses its result nor a result its call, and
// that every message kept is one the expression keeps.
func TestMessagesNeverOrphan(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, src := range []string{`(index * 7 + len(content)) % 3 != 0`, `role != "tool"`, `role != "system" && tokens > 5`, `len(tool_calls) == 0`, `index % 2 == 0`} {
		prog, err := CompileMessages(src)
		if err != nil {
			t.Fatal(err)
		}
		dropped := 0
		for i := range 2000 {
			in := chatgen.Generate(r)
			out, n, err := prog.Apply(in, chatgen.Lumpy{})
			if err != nil {
				t.Fatal(err)
			}
			dropped += n
			if o := chatgen.Orphans(out.Messages); o != "" {
				t.Fatalf("%s, case %d: %s", src, i, o)
			}
			if n == 0 && out != in {
				t.Fatalf("%s, case %d: nothing dropped, yet a new conversation", src, i)
			}
			for _, m := range out.Messages {
				idx := slices.IndexFunc(in.Messages, func(x chat.Message) bool { return string(x.Extra.Get("seq")) == string(m.Extra.Get("seq")) })
				keep, err := prog.keeps(&in.Messages[idx], idx)
				if err != nil || !keep {
					t.Fatalf("%s, case %d: kept message %d, which the expression drops", src, i, idx)
				}
			}
		}
		if dropped == 0 {
			t.Errorf("%s dropped nothing", src)
		}
	}
}

func TestSyntaxErrorColumn(t *testing.T) {
	for _, tt := range []struct {
		src string
		col int
	}{
		{`tokens >`, 8},
		{`nosuch > 1`, 1},
		{`matches(id, "a") && contains(title, "matches(") && bad`, 52},
	} {
		_, err := Compile(tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Col != tt.col {
			t.Errorf("%s: got %v, want an error at column %d", tt.src, err, tt.col)
		}
	}
	if _, err := Compile(`matches(id, "x") && contains(title, "matches(y)") && id matches "^a" && title contains "b"`); err != nil {
		t.Errorf("function and operator forms: %v", err)
	}
}

func TestShortcuts(t *testing.T) {
	got := Shortcuts{MinTokens: 5, Roles: []string{`to"ol`}, HasTools: true, Grep: []string{`a\d`}}.Expr("turns > 1")
	want := `(turns > 1) && tokens >= 5 && "to\"ol" in roles && has_tools && any(messages, matches(.content, "a\\d"))`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := Compile(got); err != nil {
		t.Error(err)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// keeps is what the expression says of one message, counted as the tests count.
func (p *MessageProgram) keeps(m *chat.Message, i int) (bool, error) {
	return p.keepsCounted(m, i, chatgen.Lumpy{})
}

// TestReadsText checks which expressions say they read no text, so that
// filter spools long strings for them: only those that cannot reach a
// message's content or a tool call's arguments.
func TestReadsText(t *testing.T) {
	for src, reads := range map[string]bool{
		"len(messages) > 0": false, `messages | len() > 1`: false, `"user" in roles && turns > 1`: false, "has_tools || line > 3": false,
		`messages[0].content == ""`: true, `any(messages, .role == "user")`: true, "len(messages) > 1 && messages[0].role == 'user'": true,
		"$env.messages[0].content != ''": true, "len($env) > 0": true, `toJSON(messages) != ""`: true,
	} {
		p, err := Compile(src)
		if err != nil || p.ReadsText() != reads {
			t.Errorf("%s: reads text %v, %v; want %v", src, p != nil && p.ReadsText(), err, reads)
		}
	}
	for src, reads := range map[string]bool{
		`role != "system"`: false, "index > 0 && name == 'x'": false,
		`len(content) > 3`: true, `len(tool_calls) > 0`: true, `$env.content == ""`: true,
	} {
		p, err := CompileMessages(src)
		if err != nil || p.ReadsText() != reads {
			t.Errorf("--messages %s: reads text %v, %v; want %v", src, p != nil && p.ReadsText(), err, reads)
		}
	}
}
