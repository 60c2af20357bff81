package redact

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/redact/internal/gencorpus"
)

// kindGroup is the corpus kind a finding's kind counts for.
func kindGroup(kind string) string {
	if slices := PIIKinds; !contains(slices, kind) {
		return "secret"
	}
	return kind
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// TestCorpusRecall plants values in a seeded corpus, redacts it as
// conversations (text as message content, JSON as tool-call arguments)
// and measures, per kind, the share of planted values gone from the
// output (recall) and the share of findings that were planted values
// (precision). docs/redact.md quotes its table: go test -tags long -run
// TestCorpusRecall -v ./redact/ (the default run measures a sample).
func TestCorpusRecall(t *testing.T) {
	n := 600
	if longTests {
		n = 10000
	}
	corpus := gencorpus.Generate(20, n)
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	planted := map[string]int{}
	missed := map[string]int{}
	found := map[string]int{}
	falsePos := map[string]int{}
	examples := map[string][]string{}
	for i, m := range corpus {
		c := corpusConversation(m)
		findings, err := r.Conversation(c, i+1)
		if err != nil {
			t.Fatal(err)
		}
		out := c.Messages[0].Content.Text
		if m.Args {
			out = c.Messages[0].ToolCalls[0].Arguments
			if !json.Valid([]byte(out)) {
				t.Fatalf("message %d: arguments no longer JSON: %s", i, out)
			}
		}
		for _, p := range m.Planted {
			planted[p.Kind]++
			if strings.Contains(out, p.Value) {
				missed[p.Kind]++
				if len(examples[p.Kind]) < 3 {
					examples[p.Kind] = append(examples[p.Kind], m.Text)
				}
			}
		}
		for _, f := range findings {
			g := kindGroup(f.Kind)
			found[g]++
			if !slicesContainsFunc(m.Planted, func(p gencorpus.Planted) bool {
				return strings.Contains(p.Value, f.value) || strings.Contains(f.value, p.Value)
			}) {
				falsePos[g]++
				if len(examples["fp-"+g]) < 3 {
					examples["fp-"+g] = append(examples["fp-"+g], f.Kind+": "+m.Text)
				}
			}
		}
	}
	targets := map[string]float64{"secret": 99, "email": 99, "card": 99, "iban": 99, "phone": 95}
	t.Logf("%d messages, seed 20", n)
	t.Logf("| kind | planted | recall | findings | precision |")
	t.Logf("| --- | ---: | ---: | ---: | ---: |")
	for _, k := range gencorpus.Kinds {
		recall := 100 * float64(planted[k]-missed[k]) / float64(max(planted[k], 1))
		precision := 100 * float64(found[k]-falsePos[k]) / float64(max(found[k], 1))
		t.Logf("| %s | %d | %.2f %% | %d | %.2f %% |", k, planted[k], recall, found[k], precision)
		if want, ok := targets[k]; ok && recall < want {
			t.Errorf("%s: recall %.2f %% under %.0f %%; missed e.g. %q", k, recall, want, examples[k])
		}
		if fp := examples["fp-"+k]; len(fp) > 0 {
			t.Logf("  false positives of %s, e.g. %q", k, fp)
		}
		if len(examples[k]) > 0 {
			t.Logf("  missed %s, e.g. %q", k, examples[k])
		}
	}
}

// corpusConversation holds a corpus message: as content, or as a tool
// call's arguments.
func corpusConversation(m gencorpus.Message) *chat.Conversation {
	if m.Args {
		return &chat.Conversation{Messages: []chat.Message{{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull},
			ToolCalls: []chat.ToolCall{chat.NewToolCall("call_1", "f", m.Text)}}}}
	}
	return &chat.Conversation{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent(m.Text)}}}
}

// TestScanThenRedact checks that scanning conversations at once, then
// redacting them in order, gives what redacting each in turn gives: the
// same text, the same placeholders, the same findings.
func TestScanThenRedact(t *testing.T) {
	corpus := gencorpus.Generate(7, 300)
	// Each placeholder twice, so that numbering depends on order.
	corpus = append(corpus, corpus[:50]...)
	one, _ := New(Options{})
	two, _ := New(Options{})
	scans := make([]*Scan, len(corpus))
	var wg sync.WaitGroup
	for i, m := range corpus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scans[i] = two.Scan(corpusConversation(m))
		}()
	}
	wg.Wait()
	for i, m := range corpus {
		want := corpusConversation(m)
		wantFound, err := one.Conversation(want, i+1)
		if err != nil {
			t.Fatal(err)
		}
		gotFound, err := two.Redact(scans[i], i+1)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(scans[i].c, want) || !reflect.DeepEqual(gotFound, wantFound) {
			t.Fatalf("message %d: Scan then Redact gives %+v, %+v; Conversation %+v, %+v", i, scans[i].c.Messages, gotFound, want.Messages, wantFound)
		}
	}
}

func slicesContainsFunc[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}
