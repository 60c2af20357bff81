package convert

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/convkit/convkit/chat"
)

// apiThrough reads api, an OpenAI messages array, writes it as via and
// reads that back: the api JSON it gives, and the writer's warnings.
func apiThrough(t *testing.T, api, via string, opts EncodeOptions) (string, []string, error) {
	t.Helper()
	convs, err := decodeWith(mustFormat(t, "api"), []byte(api), DecodeOptions{})
	if err != nil {
		t.Fatalf("reading %s: %v", api, err)
	}
	return convsThrough(t, convs, via, opts)
}

func convsThrough(t *testing.T, convs []*chat.Conversation, via string, opts EncodeOptions) (string, []string, error) {
	t.Helper()
	out, warnings, err := encodeWith(mustFormat(t, via), convs, opts)
	if err != nil {
		return "", warnings, err
	}
	back, err := decodeWith(mustFormat(t, via), out, DecodeOptions{})
	if err != nil {
		t.Fatalf("reading back %s:\n%s\n%v", via, out, err)
	}
	return apiJSON(t, back), warnings, nil
}

// apiJSON is conversations as -f api writes them.
func apiJSON(t *testing.T, convs []*chat.Conversation) string {
	t.Helper()
	out, _, err := encodeWith(mustFormat(t, "api"), convs, EncodeOptions{KeepVendor: true})
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func sameAPI(t *testing.T, api string) string {
	t.Helper()
	convs, err := decodeWith(mustFormat(t, "api"), []byte(api), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return apiJSON(t, convs)
}

// TestTextLabelsRoundTrip: a name, role, tool call id or function name
// that the plain label cannot hold is quoted, and read back as it was
// (the tester's report: "bob (ops)" merged two messages).
func TestTextLabelsRoundTrip(t *testing.T) {
	call := func(id, name, args string) string {
		return fmt.Sprintf(`{"role":"assistant","content":null,"tool_calls":[{"id":%q,"type":"function","function":{"name":%q,"arguments":%q}}]}`, id, name, args)
	}
	for _, tc := range []struct{ name, api string }{
		{"name with parentheses", `[{"role":"user","content":"hi"},{"role":"user","name":"bob (ops)","content":"x"},{"role":"assistant","content":"end"}]`},
		{"name starting with a quote", `[{"role":"user","name":"\"q\"","content":"x"},{"role":"assistant","content":"end"}]`},
		{"name with a line break", `[{"role":"user","name":"a\nB: c","content":"x"},{"role":"assistant","content":"end"}]`},
		{"tool call id with ) and ]", `[{"role":"user","content":"go"},` + call("c)1]", "f", `{}`) + `,{"role":"tool","tool_call_id":"c)1]","content":"r"},{"role":"assistant","content":"end"}]`},
		{"role with a space", `[{"role":"Weird Role","content":"x"},{"role":"assistant","content":"end"}]`},
		{"role in mixed case", `[{"role":"MixedCase","content":"x"},{"role":"User","content":"y"}]`},
		{"empty role", `[{"role":"","content":"x"},{"role":"assistant","content":"end"}]`},
		{"role of other letters", `[{"role":"rôle","content":"x"},{"role":"assistant","content":"end"}]`},
		{"function name with (", `[{"role":"user","content":"go"},` + call("c1", "g(h", `{"a":"(b)"}`) + `]`},
		{"function name with a quote and ]", `[{"role":"user","content":"go"},` + call(`"x"`, `"n] `, `{}`) + `]`},
		{"content lines like quoted labels", `[{"role":"user","content":"\"Weird Role\": x\n\"a\" (b): c\n\\\"q\": d"},{"role":"assistant","content":"end"}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			back, warnings, err := apiThrough(t, tc.api, "text", EncodeOptions{})
			if err != nil || len(warnings) > 0 {
				t.Fatalf("writing text: %v %q", err, warnings)
			}
			if want := sameAPI(t, tc.api); back != want {
				t.Errorf("api → text → api\n got %s\nwant %s", back, want)
			}
		})
	}
}

// TestTranscriptNUL: a NUL, which convkit's readers refuse, is written as
// U+FFFD with a warning (--strict refuses); other control characters go
// through as they are.
func TestTranscriptNUL(t *testing.T) {
	for _, to := range []string{"text", "chatml", "markdown"} {
		t.Run(to, func(t *testing.T) {
			convs, _ := decodeWith(mustFormat(t, "api"), []byte(`[{"role":"user","content":"a\u0000b"}]`), DecodeOptions{})
			out, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{})
			if err != nil || !slices.Contains(warnings, to+": "+nulLost) || strings.ContainsRune(string(out), 0) || !strings.Contains(string(out), "a\uFFFDb") {
				t.Fatalf("got %q %q %v", out, warnings, err)
			}
			if _, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true}); !errors.As(err, new(*LossError)) {
				t.Errorf("--strict: got %v, want a loss error", err)
			}
		})
	}
	for _, to := range []string{"text", "chatml"} {
		api := `[{"role":"user","content":"\u0001\u001b[31m\u007f\u000b\u000c\t\u2028\ufeff x"},{"role":"assistant","content":"a\u0000b"}]`
		back, _, err := apiThrough(t, api, to, EncodeOptions{})
		if want := sameAPI(t, strings.ReplaceAll(api, `\u0000`, `\ufffd`)); err != nil || back != want {
			t.Errorf("api → %s → api\n got %s %v\nwant %s", to, back, err, want)
		}
	}
}

// TestToolResultsInCallOrder: formats that pair results with calls in
// order write a turn's results in the order of its calls (the tester's
// report: "from g" was paired with f), and warn where the pairing is lost
// all the same.
func TestToolResultsInCallOrder(t *testing.T) {
	const calls = `{"role":"user","content":"go"},{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]}`
	for _, to := range []string{"sharegpt", "chatml"} {
		for _, tc := range []struct {
			name, results string
			lost          bool
		}{
			{"in order", `{"role":"tool","tool_call_id":"a","content":"from f"},{"role":"tool","tool_call_id":"b","content":"from g"}`, false},
			{"out of order", `{"role":"tool","tool_call_id":"b","content":"from g"},{"role":"tool","tool_call_id":"a","content":"from f"}`, false},
			{"first call unanswered", `{"role":"tool","tool_call_id":"b","content":"from g"}`, true},
			{"result after another turn", `{"role":"tool","tool_call_id":"a","content":"from f"},{"role":"user","content":"and?"},{"role":"tool","tool_call_id":"b","content":"from g"}`, false},
		} {
			t.Run(to+"/"+tc.name, func(t *testing.T) {
				back, warnings, err := apiThrough(t, "["+calls+","+tc.results+"]", to, EncodeOptions{})
				if err != nil {
					t.Fatal(err)
				}
				lost := slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, "paired with other calls") })
				if lost != tc.lost {
					t.Errorf("pairing lost told: %v, want %v (%q)", lost, tc.lost, warnings)
				}
				if lost {
					return
				}
				convs, _ := decodeWith(mustFormat(t, "api"), []byte(back), DecodeOptions{})
				names := map[string]string{}
				for _, m := range convs[0].Messages {
					for _, c := range m.ToolCalls {
						names[c.ID] = c.Name
					}
					if m.Role == chat.Tool {
						if got, want := names[m.ToolCallID], "from "+names[m.ToolCallID]; m.Content.Text != want {
							t.Errorf("result %q paired with %q: %s", m.Content.Text, got, back)
						}
					}
				}
			})
		}
	}
}

// headingsOutsideFences returns the "### " lines of a Markdown document
// that are not inside a fenced code block.
func headingsOutsideFences(md string) []string {
	var heads []string
	var open string
	for _, l := range strings.FieldsFunc(md, func(r rune) bool { return r == '\n' || r == '\r' }) { // CommonMark's line ends
		t := strings.TrimLeft(l, " ")
		run := len(t) - len(strings.TrimLeft(t, string(t[:min(1, len(t))])))
		isFence := len(l)-len(t) <= 3 && run >= 3 && (t[0] == '`' || t[0] == '~')
		switch {
		case open == "" && isFence && (t[0] == '~' || !strings.Contains(t[run:], "`")):
			open = t[:run]
		case open != "" && isFence && t[0] == open[0] && run >= len(open) && strings.Trim(t[run:], " \t") == "":
			open = ""
		case open == "" && strings.HasPrefix(l, "### "):
			heads = append(heads, l)
		}
	}
	return heads
}

// TestMarkdownOpenFence: a fence a message leaves open is closed at its
// end, so the headings of the messages after it stay headings (the
// tester's report).
func TestMarkdownOpenFence(t *testing.T) {
	for _, content := range []string{
		"look:\n```go\nx := 1",
		"````\n```\nstill code",
		"~~~\nx\n```",
		"  ```\nindented fence",
		"> *Refusal:* a\n```",
	} {
		api := fmt.Sprintf(`[{"role":"user","content":%q},{"role":"assistant","content":"ok"},{"role":"user","content":"bye"}]`, content)
		convs, _ := decodeWith(mustFormat(t, "api"), []byte(api), DecodeOptions{})
		out, _, err := encodeWith(mustFormat(t, "markdown"), convs, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if heads := headingsOutsideFences(string(out)); len(heads) != 3 || !strings.Contains(string(out), content) {
			t.Errorf("%q: headings %q in\n%s", content, heads, out)
		}
	}
}

// awkward pieces of the strings TestTranscriptRoundTripProperty makes.
var awkward = []string{"a", "b", " ", "(", ")", "[", "]", ":", ": ", "\n", "\n\n", "```", "~~~", "---", "\n---\n",
	"\x00", "\x01", "\x1b", "\r", "\r\n", "\t", "é", "狐", "🐕", "\u2028", "\ufeff", "\"", "\\", "USER: ", "ASSISTANT (x): ",
	"[tool call ", "# ", "### User", "<tool_call>", "</tool_response>", "<|im_end|>", "#", "*", "> ", "\"Weird\": "}

// hostile are the pieces of awkward that are written with a warning (a
// NUL) or refused (chatml's markup): only some conversations have them,
// so that most are checked exactly.
var hostile = []string{"\x00", "<tool_call>", "</tool_response>", "<|im_end|>"}

func awkwardString(r *rand.Rand, n int, withHostile bool) string {
	var b strings.Builder
	for range r.IntN(n + 1) {
		p := awkward[r.IntN(len(awkward))]
		if !withHostile && slices.Contains(hostile, p) {
			continue
		}
		b.WriteString(p)
	}
	return b.String()
}

// randomConversation makes a conversation of awkward roles, names, ids
// and content. chatml has no names and numbers its calls' ids.
func randomConversation(r *rand.Rand, chatml bool) *chat.Conversation {
	roles := []string{"user", "assistant", "system", "developer", "Weird Role", "MixedCase", "rôle", "x:y", "a(b)", ""}
	c := &chat.Conversation{}
	calls := 0
	withHostile := r.IntN(5) == 0
	awkwardString := func(r *rand.Rand, n int) string { return awkwardString(r, n, withHostile) }
	for range 1 + r.IntN(6) {
		m := chat.Message{Role: chat.Role(roles[r.IntN(len(roles))]), Content: chat.TextContent(awkwardString(r, 8))}
		if r.IntN(3) == 0 && (!chatml || withHostile) { // chatml refuses a role with a line break …
			m.Role = chat.Role(awkwardString(r, 3))
		}
		if !chatml && r.IntN(3) == 0 {
			m.Name = awkwardString(r, 4)
		}
		if (m.Role == chat.Assistant || !chatml) && r.IntN(3) == 0 {
			var ids []string
			for range 1 + r.IntN(3) {
				calls++
				id := awkwardString(r, 4)
				if chatml {
					id = "chatml_call_" + strconv.Itoa(calls)
				}
				name := "f" + awkwardString(r, 3)
				if r.IntN(10) == 0 {
					name = "" // chatml tells it reads back as text
				}
				args := []string{"{}", `{"q":"a(b)]"}`, "not json", `{"x":[1,2]}`, `"s"`, "()", "a\nb", ""}[r.IntN(6)]
				if withHostile && r.IntN(2) == 0 {
					args = "a\nb" // text tells it writes the line break as \n
				}
				if !chatml && r.IntN(8) == 0 {
					args = "" // chatml writes no arguments as {}
				}
				m.ToolCalls = append(m.ToolCalls, chat.NewToolCall(id, name, args))
				ids = append(ids, id)
			}
			if r.IntN(2) == 0 {
				m.Content = chat.Content{Form: chat.ContentNull}
			}
			c.Messages = append(c.Messages, m)
			r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			for _, id := range ids {
				c.Messages = append(c.Messages, chat.Message{Role: chat.Tool, ToolCallID: id, Content: chat.TextContent(awkwardString(r, 6))})
			}
			continue
		}
		c.Messages = append(c.Messages, m)
	}
	return c
}

// TestTranscriptRoundTripProperty writes random conversations of awkward
// roles, names, ids and content as text and chatml and reads them back:
// the messages come back as they were (a turn's tool results in the
// order of its calls, in chatml), or the writer warned, or (chatml) it
// refused markup; markdown keeps a heading per message.
func TestTranscriptRoundTripProperty(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 1))
	deadline := time.Now().Add(time.Second)
	exact := map[string]int{}
	n := 0
	for ; n < 2000 && time.Now().Before(deadline); n++ {
		for _, to := range []string{"text", "chatml", "markdown"} {
			c := randomConversation(r, to == "chatml")
			convs := []*chat.Conversation{c}
			if to == "markdown" {
				out, _, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if heads := headingsOutsideFences(string(out)); len(heads) < len(c.Messages) {
					t.Fatalf("seed %d: markdown of %s: %d headings for %d messages:\n%s", seed, apiJSON(t, convs), len(heads), len(c.Messages), out)
				}
				continue
			}
			if r.IntN(3) == 0 { // and the separator between conversations
				convs = append(convs, randomConversation(r, to == "chatml"))
			}
			want := apiJSON(t, convs)
			if to == "chatml" {
				var wants []*chat.Conversation
				for _, c := range convs {
					ordered, _ := pairedInOrder(c.Messages, newLosses("chatml", EncodeOptions{}))
					ordered = slices.Clone(ordered)
					for i, m := range ordered {
						if len(m.ToolCalls) > 0 && m.Content.Form == chat.ContentString && m.Content.Text == "" {
							ordered[i].Content = chat.Content{Form: chat.ContentNull} // as a template renders both
						}
					}
					wants = append(wants, &chat.Conversation{Messages: ordered})
				}
				want = apiJSON(t, wants)
			}
			back, warnings, err := convsThrough(t, convs, to, EncodeOptions{})
			switch {
			case to == "chatml" && errors.Is(err, ErrSpecialText):
			case err != nil:
				t.Fatalf("seed %d: writing %s of %s: %v", seed, to, want, err)
			case len(warnings) == 0 && back != want:
				t.Fatalf("seed %d: api → %s → api, no warning\n got %s\nwant %s", seed, to, back, want)
			case len(warnings) == 0:
				exact[to]++
			}
		}
	}
	t.Logf("seed %d: %d conversations each; read back exact, without a warning: %v", seed, n, exact)
}

// TestDetectQuotedRole: a transcript whose first role is quoted is
// detected as text by the plain label after it; a file of `"key": value`
// lines is not a transcript.
func TestDetectQuotedRole(t *testing.T) {
	for head, want := range map[string]string{
		"\"Weird Role\": x\n\nUSER: y\n":           "text",
		"# Title\n\n\"\": x\n\nASSISTANT (a): y\n": "text",
		"\"messages\":\n  - role: user\n":          "",
		"\"a\": 1\n\"b\": 2\n":                     "",
	} {
		f, err := Detect([]byte(head), "")
		got := ""
		if err == nil {
			got = f.Name
		}
		if got != want {
			t.Errorf("Detect(%q) = %q (%v), want %q", head, got, err, want)
		}
	}
}
