package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/longtest"
)

// TestChatLoop runs README's chat loop in-process, 1,000 rounds of append
// user, append assistant, trim -i with a marker: every round stays within
// the budget, the system prompt stays first and as it was, and the file
// carries one marker that counts every message left out (issue 16, 11). The marker's field is trim.MarkerField.
func TestChatLoop(t *testing.T) {
	// Each round syncs three files to disk: 1,000 rounds take some 20
	// seconds, so plain go test runs 150 (past where markers used to stack
	// into a failure, at round 56) and -tags long runs all.
	rounds := longtest.Scale(150, 1000)
	t.Chdir(t.TempDir())
	convkit := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"convkit"}, args...), strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("convkit %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	const system, budget, reserve = "You are terse.", 1000, 200
	for round := 1; round <= rounds; round++ {
		convkit("append", "chat.json", "--system", system, "--role", "user", fmt.Sprintf("Question %d: %s?", round, strings.Repeat("why ", round%40+1)))
		convkit("append", "chat.json", "--role", "assistant", fmt.Sprintf("Answer %d: %s.", round, strings.Repeat("because ", round%70+1)))
		convkit("trim", "-i", "-q", "--max-tokens", strconv.Itoa(budget), "--reserve", strconv.Itoa(reserve), "--marker", "chat.json")
		total, err := strconv.Atoi(strings.TrimSpace(convkit("count", "-t", "chat.json")))
		if err != nil || total > budget-reserve {
			t.Fatalf("round %d: costs %s tokens, over %d", round, convkit("count", "-t", "chat.json"), budget-reserve)
		}
	}
	data, err := os.ReadFile("chat.json")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []struct {
		Role    string          `json:"role"`
		Content string          `json:"content"`
		Marker  json.RawMessage `json:"convkit_marker"`
	}
	if err := json.Unmarshal(data, &msgs); err != nil {
		t.Fatal(err)
	}
	if msgs[0].Role != "system" || msgs[0].Content != system {
		t.Fatalf("the system prompt is now %+v", msgs[0])
	}
	markers, kept := 0, 0
	var left struct{ Messages int }
	for _, m := range msgs[1:] {
		if m.Marker != nil {
			markers++
			json.Unmarshal(m.Marker, &left)
			continue
		}
		kept++
	}
	if markers != 1 || msgs[1].Marker == nil {
		t.Fatalf("%d markers, the first after the system prompt: %v; want one", markers, msgs[1].Marker != nil)
	}
	if left.Messages+kept != 2*rounds {
		t.Errorf("the marker stands for %d messages and %d are kept, of %d", left.Messages, kept, 2*rounds)
	}
	if want := fmt.Sprintf("[%d earlier messages (", left.Messages); !strings.HasPrefix(msgs[1].Content, want) {
		t.Errorf("marker %q, want it to start %q", msgs[1].Content, want)
	}
}
