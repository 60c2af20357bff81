package counting

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/chatgen"
	"github.com/convkit/convkit/trim"
)

var hfData = filepath.Join("..", "..", "testdata", "hf")

// referenceConversation is one conversation of testdata/hf/conversations.json.
type referenceConversation struct {
	ID   string
	Conv *chat.Conversation
	Gen  bool // add_generation_prompt
}

// readReference reads testdata/hf/conversations.json, and the counts of
// template-counts.jsonl ("model id" → apply_chat_template(…, tokenize=True)).
func readReference(t *testing.T) ([]referenceConversation, map[string]int) {
	t.Helper()
	var raw []struct {
		ID                  string          `json:"id"`
		Messages            json.RawMessage `json:"messages"`
		Tools               json.RawMessage `json:"tools"`
		AddGenerationPrompt bool            `json:"add_generation_prompt"`
	}
	data, err := os.ReadFile(filepath.Join(hfData, "conversations.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	api, _ := convert.Lookup("api")
	var convs []referenceConversation
	for _, r := range raw {
		body := map[string]json.RawMessage{"messages": r.Messages}
		if r.Tools != nil {
			body["tools"] = r.Tools
		}
		doc, _ := json.Marshal(body)
		c, err := api.NewDecoder(bytes.NewReader(doc), convert.DecodeOptions{}).Decode()
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		convs = append(convs, referenceConversation{r.ID, c, r.AddGenerationPrompt})
	}
	f, err := os.Open(filepath.Join(hfData, "template-counts.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	counts := map[string]int{}
	for dec := json.NewDecoder(f); dec.More(); {
		var row struct {
			Model, ID string
			Count     int
		}
		if err := dec.Decode(&row); err != nil {
			t.Fatal(err)
		}
		counts[row.Model+" "+row.ID] = row.Count
	}
	return convs, counts
}

// openReference opens a reference model as --tokenizer DIR does, or skips
// the test when testdata/hf/fetch.sh has not been run (fails under CI).
func openReference(t *testing.T, model string) *HFModel {
	t.Helper()
	dir := filepath.Join(hfData, "models", model)
	if _, err := os.Stat(filepath.Join(dir, "tokenizer.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: missing under CI: .ci/run runs testdata/hf/fetch.sh", dir)
		}
		t.Skipf("%s: missing; run testdata/hf/fetch.sh", dir)
	}
	cache := ""
	if user, err := os.UserCacheDir(); err == nil {
		cache = filepath.Join(user, "convkit", "hf")
	}
	// SourceDateEpoch: render.py's clock, 26 July 2024 12:00 UTC, for the
	// date gpt-oss's template writes.
	m, err := OpenHF(HFOptions{Tokenizer: dir, CacheDir: cache, SourceDateEpoch: "1721995200"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTrimTokenizerReference trims the reference conversations with each
// model's chat template and tokenizer. With the budget at what
// apply_chat_template(…, tokenize=True) counts (template-counts.jsonl), a
// conversation is kept whole; one token less, something goes; at every
// smaller budget what is kept, rendered and counted whole, fits, and the
// report says what it costs; a tool call and its result stay together.
func TestTrimTokenizerReference(t *testing.T) {
	convs, counts := readReference(t)
	for _, model := range []string{"llama3", "llama3_1", "qwen3", "gemma3", "deepseek_v3", "gptoss"} {
		t.Run(model, func(t *testing.T) {
			m := openReference(t, model)
			checked, trimmed := 0, 0
			for _, rc := range convs {
				want, ok := counts[model+" "+rc.ID]
				if !ok {
					continue // the template raises on it
				}
				counter := m.TrimCounter(HFCount{GenerationPrompt: rc.Gen})
				var whole trim.Whole = counter
				if n, err := whole.Conversation(rc.Conv); err != nil || n != want {
					t.Errorf("%s: counts %d, %v; apply_chat_template counts %d", rc.ID, n, err, want)
					continue
				}
				// --start-on user drops what comes before the first user message.
				h := trim.Instructions(rc.Conv.Messages)
				onUser := h == len(rc.Conv.Messages) || rc.Conv.Messages[h].Role == chat.User
				fixed, shares, err := whole.Shares(rc.Conv, everyShare(rc.Conv))
				sum := fixed
				for _, n := range shares {
					sum += n
				}
				if err != nil || sum != want || len(shares) != len(rc.Conv.Messages) {
					t.Errorf("%s: shares %d+%v = %d, %v; want %d", rc.ID, fixed, shares, sum, err, want)
				}
				for _, budget := range []int{want, want - 1, want * 3 / 4, want / 2, want / 3, 40} {
					for _, partial := range []bool{false, true} {
						opts := trim.Defaults()
						opts.Budget, opts.StartOnUser, opts.AllowPartial = budget, true, partial
						out, rep, err := trim.Trim(rc.Conv, counter, opts)
						var nf *trim.NoFitError
						if errors.As(err, &nf) {
							if budget == want {
								t.Errorf("%s: %v at the budget of its own count", rc.ID, err)
							}
							continue
						}
						label := fmt.Sprintf("%s, budget %d, partial %v", rc.ID, budget, partial)
						if err != nil {
							t.Errorf("%s: %v", label, err)
							continue
						}
						checked++
						got, err := whole.Conversation(out)
						switch {
						case err != nil:
							t.Errorf("%s: the result does not render: %v", label, err)
						case got > budget || got != rep.KeptTokens || rep.Tokens != want:
							t.Errorf("%s: keeps %d tokens (report: %d of %d)", label, got, rep.KeptTokens, rep.Tokens)
						case budget == want && onUser && (len(out.Messages) != len(rc.Conv.Messages) || rep.Dropped > 0 || rep.Cut != nil):
							t.Errorf("%s: drops %d messages at the budget of its own count", label, rep.Dropped)
						case budget == want-1 && onUser && rep.Dropped == 0 && rep.Cut == nil:
							t.Errorf("%s: keeps all", label)
						}
						if rep.Dropped > 0 {
							trimmed++
						}
						if err := toolPairs(rc.Conv.Messages, out.Messages); err != nil {
							t.Errorf("%s: %v", label, err)
						}
					}
				}
			}
			if checked < 100 || trimmed < 30 {
				t.Errorf("only %d results, %d trimmed", checked, trimmed)
			}
		})
	}
}

// toolPairs checks that each tool result trim kept follows the call it
// answers, when the conversation trimmed had that call (a result with
// none, as in tool-result-without-call, has nothing to stay with).
func toolPairs(in, out []chat.Message) error {
	answered := map[string]bool{}
	for _, m := range in {
		for _, tc := range m.ToolCalls {
			answered[tc.ID] = true
		}
	}
	calls := map[string]bool{}
	for _, m := range out {
		for _, tc := range m.ToolCalls {
			calls[tc.ID] = true
		}
		if m.Role == chat.Tool && answered[m.ToolCallID] && !calls[m.ToolCallID] {
			return fmt.Errorf("tool result %s without its call", m.ToolCallID)
		}
	}
	return nil
}

// TestTrimTokenizerProperties is trim's property test (trim.TestProperties)
// with an open model's tokenizer and chat template: generated
// conversations, trimmed with random options, --allow-partial cutting at
// the tokenizer's token starts as convkit trim does. What is kept,
// rendered and counted whole, fits the budget and is what the report
// says; a message cut keeps an end of its text that starts (or ends) on a
// token start of the tokenizer's encoding of the whole text.
func TestTrimTokenizerProperties(t *testing.T) {
	for _, model := range []string{"llama3", "qwen3"} {
		t.Run(model, func(t *testing.T) {
			m := openReference(t, model)
			counter := m.TrimCounter(HFCount{})
			r := rand.New(rand.NewPCG(5, 6))
			fits, cuts := 0, 0
			for i := range 400 {
				in := chatgen.Generate(r)
				for j := range in.Messages {
					// Qwen3's template, as Jinja2 runs it, raises on a
					// message with no content: "'</think>' in None".
					if f := in.Messages[j].Content.Form; f == chat.ContentAbsent || f == chat.ContentNull {
						in.Messages[j].Content = chat.TextContent("")
					}
				}
				total, err := counter.Conversation(in)
				if err != nil {
					continue // the template raises on it
				}
				opts := trim.Defaults()
				opts.Budget = r.IntN(total + 10)
				opts.Keep = []trim.Keep{trim.KeepLast, trim.KeepFirst}[r.IntN(2)]
				opts.StartOnUser = opts.Keep == trim.KeepLast && r.IntN(2) == 0
				opts.DropSystem = r.IntN(5) == 0
				opts.AllowPartial = r.IntN(4) != 0
				opts.Boundaries = trim.CutPoints(m.Tokenizer.TokenStarts)
				out, rep, err := trim.Trim(in, counter, opts)
				var nf *trim.NoFitError
				if errors.As(err, &nf) || err != nil && strings.HasPrefix(err.Error(), "the trimmed conversation: ") {
					continue
				}
				if err != nil {
					t.Fatalf("case %d: %v", i, err)
				}
				fits++
				label := fmt.Sprintf("case %d, options %+v", i, opts)
				if got, err := counter.Conversation(out); err != nil || got > opts.Budget || got != rep.KeptTokens {
					t.Fatalf("%s: keeps %d tokens, %v; the report says %d", label, got, err, rep.KeptTokens)
				}
				if rep.Cut == nil {
					continue
				}
				cuts++
				whole := in.Messages[rep.Cut.Index].Content.Text
				for _, msg := range out.Messages {
					if string(msg.Extra.Get("seq")) != fmt.Sprint(rep.Cut.Index) {
						continue
					}
					kept, at := msg.Content.Text, len(msg.Content.Text)
					if opts.Keep == trim.KeepLast {
						at = len(whole) - len(kept)
					}
					switch {
					case opts.Keep == trim.KeepLast && !strings.HasSuffix(whole, kept), opts.Keep == trim.KeepFirst && !strings.HasPrefix(whole, kept):
						t.Fatalf("%s: keeps %q of %q", label, kept, whole)
					case !slices.Contains(m.Tokenizer.TokenStarts(whole), at):
						t.Fatalf("%s: cuts %q at byte %d, not at a token start", label, whole, at)
					}
				}
			}
			if fits < 150 || cuts < 30 {
				t.Errorf("only %d results, %d of them cut: the generator is too narrow", fits, cuts)
			}
		})
	}
}

// TestTrimTokenizerKeepsNewestTurnsThatFit trims, keeping the newest
// messages from a user message, conversations of long answers with each
// model's chat template, at budgets across their length, and compares with
// what a Transformers.js or Python user would compute: each suffix from a
// user message rendered and counted whole, the longest that fits kept.
// Qwen3 writes its last assistant message differently (an empty reasoning
// block): that must not pass the message's text to the user message after
// it in the shares trim chooses with, which would make trim keep less, or
// nothing.
func TestTrimTokenizerKeepsNewestTurnsThatFit(t *testing.T) {
	answer := strings.Repeat("The answer, at length: 東京 is sunny 🙂, and 42 is the count. ", 30)
	var msgs []chat.Message
	msgs = append(msgs, chat.Message{Role: chat.System, Content: chat.TextContent("Answer at length.")})
	for i := range 5 {
		msgs = append(msgs, chat.Message{Role: chat.User, Content: chat.TextContent(fmt.Sprintf("Question %d?", i+1))},
			chat.Message{Role: chat.Assistant, Content: chat.TextContent(answer[:len(answer)*(i+1)/5])})
	}
	in := &chat.Conversation{Messages: msgs}
	for _, model := range []string{"llama3", "qwen3", "gemma3", "deepseek_v3", "gptoss"} {
		t.Run(model, func(t *testing.T) {
			counter := openReference(t, model).TrimCounter(HFCount{})
			total, err := counter.Conversation(in)
			if err != nil {
				t.Fatal(err)
			}
			for budget := total / 6; budget <= total; budget += total / 12 {
				want := -1 // the first message kept after the system prompt
				for j := 1; j < len(msgs); j += 2 {
					n, err := counter.Conversation(&chat.Conversation{Messages: append(msgs[:1:1], msgs[j:]...)})
					if err != nil {
						t.Fatal(err)
					}
					if n <= budget {
						want = j
						break
					}
				}
				opts := trim.Defaults()
				opts.Budget, opts.StartOnUser = budget, true
				out, _, err := trim.Trim(in, counter, opts)
				switch {
				case want < 0 && err == nil:
					t.Errorf("budget %d: keeps %d messages, yet no turn fits", budget, len(out.Messages))
				case want >= 0 && err != nil:
					t.Errorf("budget %d: %v, yet messages %d-%d fit", budget, err, want+1, len(msgs))
				case want >= 0 && len(out.Messages) != 1+len(msgs)-want:
					t.Errorf("budget %d: keeps %d messages, want the system prompt and messages %d-%d", budget, len(out.Messages), want+1, len(msgs))
				}
			}
		})
	}
}

// everyShare returns the reach that has Shares place every message's share
// of c (of up to maxPlacedInReach messages): a budget that keeps them all,
// from the message after the leading instructions (a conversation that
// fits whole from there would have only what they add up to placed), which
// is placed alone.
func everyShare(c *chat.Conversation) trim.Reach {
	head := 0
	for head < len(c.Messages) && c.Messages[head].Role.Instruction() {
		head++
	}
	return trim.Reach{From: head + 1, Budget: math.MaxInt}
}

// exactShares is an open model's trim counter that places every message
// exactly, whatever the trim needs.
type exactShares struct{ *HFTrimCounter }

func (e exactShares) Shares(c *chat.Conversation, _ trim.Reach) (int, []int, error) {
	return e.HFTrimCounter.Shares(c, everyShare(c))
}

// TestTrimTokenizerLongConversations trims conversations of 40 to 100
// messages with each limit trim takes: a budget keeping the newest
// messages, with or without --last N, or the oldest; --last N or
// --last-turns N alone; with or without --start-on user, --allow-partial
// and a marker, some conversations carrying a marker from an earlier trim.
// With the shares placed only where the trim needs them (what trim does),
// it keeps the same messages, and reports the same, as with every share
// placed: a share it needs but estimates shows in the messages dropped
// (the report's dropped_tokens, the marker's text), or in what is kept.
func TestTrimTokenizerLongConversations(t *testing.T) {
	words := strings.Fields("the quick brown fox jumps over a lazy dog 東京 🙂 42 ünïcode, and then: some (more) text")
	limits := []string{"budget", "budget and last", "first", "last", "last turns"}
	for _, model := range []string{"llama3", "qwen3"} {
		t.Run(model, func(t *testing.T) {
			counter := openReference(t, model).TrimCounter(HFCount{})
			r := rand.New(rand.NewPCG(7, 8))
			compared := map[string]int{}
			for c := range 8 {
				msgs := []chat.Message{{Role: chat.System, Content: chat.TextContent("Be brief.")}}
				for j := range 40 + r.IntN(61) {
					var text []string
					for range 1 + r.IntN(60) {
						text = append(text, words[r.IntN(len(words))])
					}
					role := []chat.Role{chat.User, chat.Assistant}[j%2]
					content := strings.Join(text, " ")
					switch r.IntN(4) {
					case 0: // what Llama 3's template trims
						content = "\n\n " + content + " \n"
					case 1: // what Qwen3's leaves out before the last user message
						if role == chat.Assistant {
							content = "<think>" + strings.Repeat("Hmm, let me think. ", 1+r.IntN(9)) + "</think>\n\n" + content
						}
					}
					msgs = append(msgs, chat.Message{Role: role, Content: chat.TextContent(content)})
				}
				in := &chat.Conversation{Messages: msgs}
				if c%2 == 1 { // trimmed before: a marker after the system prompt
					opts := trim.Defaults()
					opts.Last, opts.Marker = len(msgs)-2-r.IntN(10), trim.MarkerTemplate("", trim.KeepLast)
					opts.MarkerRole = []chat.Role{chat.System, chat.User}[c/2%2]
					var err error
					if in, _, err = trim.Trim(in, counter, opts); err != nil {
						t.Fatal(err)
					}
				}
				total, err := counter.Conversation(in)
				if err != nil {
					t.Fatal(err)
				}
				n := len(in.Messages)
				for _, limit := range limits {
					opts := trim.Defaults()
					opts.Boundaries = trim.CutPoints(counter.m.Tokenizer.TokenStarts)
					switch limit {
					case "budget":
						opts.Budget = total/10 + r.IntN(total+total/5)
					case "budget and last":
						opts.Budget, opts.Last = total/10+r.IntN(total+total/5), r.IntN(n)
					case "first":
						opts.Budget, opts.Keep = total/10+r.IntN(total+total/5), trim.KeepFirst
					case "last":
						opts.Last = r.IntN(n)
					case "last turns":
						opts.LastTurns = r.IntN(n / 2)
					}
					opts.StartOnUser = opts.Keep == trim.KeepLast && r.IntN(2) == 0
					opts.AllowPartial = opts.Budget >= 0 && r.IntN(3) == 0
					if r.IntN(2) == 0 {
						opts.Marker = trim.MarkerTemplate("", opts.Keep)
					}
					got, grep, gerr := trim.Trim(in, counter, opts)
					want, wrep, werr := trim.Trim(in, exactShares{counter}, opts)
					label := fmt.Sprintf("%s: %d messages, %d tokens, options %+v", limit, n, total, opts)
					if fmt.Sprint(gerr) != fmt.Sprint(werr) {
						t.Fatalf("%s: %v, with every share placed %v", label, gerr, werr)
					}
					if gerr != nil {
						continue
					}
					compared[limit]++
					if i, g, w := firstDifference(got.Messages, want.Messages); i >= 0 {
						t.Fatalf("%s: message %d of %d kept is %s, with every share placed (%d kept) %s", label, i+1, len(got.Messages), g, len(want.Messages), w)
					}
					gj, _ := json.Marshal(grep)
					wj, _ := json.Marshal(wrep)
					if string(gj) != string(wj) {
						t.Fatalf("%s: reports %s, with every share placed %s", label, gj, wj)
					}
				}
			}
			for _, limit := range limits {
				if compared[limit] < 5 {
					t.Errorf("%s: only %d trims compared", limit, compared[limit])
				}
			}
		})
	}
}

// firstDifference returns the index of the first message that differs
// between a and b, and both as JSON (null past the end); -1 when none does.
func firstDifference(a, b []chat.Message) (int, string, string) {
	for i := range max(len(a), len(b)) {
		var aj, bj []byte = []byte("null"), []byte("null")
		if i < len(a) {
			aj, _ = json.Marshal(a[i])
		}
		if i < len(b) {
			bj, _ = json.Marshal(b[i])
		}
		if string(aj) != string(bj) {
			return i, string(aj), string(bj)
		}
	}
	return -1, "", ""
}
