package convert

import "testing"

// TestChatGPTActiveThread: the edit and the regeneration that were left
// behind do not appear; hidden and context nodes are skipped.
func TestChatGPTActiveThread(t *testing.T) {
	convs := readSample(t, "chatgpt", "conversations.json", DecodeOptions{})
	if len(convs) != 2 {
		t.Fatalf("%d conversations, want 2", len(convs))
	}
	checkSummary(t, convs[0],
		"user: Plan one day in Paris for me.",
		"assistant: Morning: Louvre. Afternoon: Seine walk to Notre-Dame. Evening: Montmartre.",
		"user: [image: file-service://file-8fKc2Qx]\nWhat about food? This is the bistro from my photo.",
		"assistant: Try *Le Comptoir du Relais* for lunch, and a crêpe near Montmartre for dinner.",
	)
	checkSummary(t, convs[1],
		"user: Compute 2**100 with Python.",
		"assistant: ```\n2**100\n```",
		"tool: 1267650600228229401496703205376",
		"assistant: 2**100 = 1267650600228229401496703205376.",
	)
	if got := string(convs[0].Extra.Get("title")); got != `"Paris day trip"` {
		t.Errorf("title %s", got)
	}
	if got := string(convs[0].Messages[0].Meta.Get("timestamp")); got != `"2024-06-10T06:13:21.250Z"` {
		t.Errorf("timestamp %s", got)
	}
}

func TestChatGPTAllBranches(t *testing.T) {
	convs := readSample(t, "chatgpt", "conversations.json", DecodeOptions{AllBranches: true})
	if len(convs) != 4 {
		t.Fatalf("%d conversations, want 3 branches and 1", len(convs))
	}
	last := func(i int) string {
		ms := convs[i].Messages
		return contentText(ms[len(ms)-1].Content)
	}
	for i, want := range []string{
		"(first answer, regenerated) Start at the Louvre at 9am…",
		"The Orsay and the Orangerie.",
		"Try *Le Comptoir du Relais* for lunch, and a crêpe near Montmartre for dinner.",
		"2**100 = 1267650600228229401496703205376.",
	} {
		if got := last(i); got != want {
			t.Errorf("branch %d ends with %q, want %q", i+1, got, want)
		}
	}
	if len(convs[0].Messages) != 2 || len(convs[1].Messages) != 4 {
		t.Errorf("branch lengths %d, %d; want 2, 4", len(convs[0].Messages), len(convs[1].Messages))
	}
	for i, want := range []string{"false", "false", "true", "true"} {
		if got := string(convs[i].Extra.Get("active")); got != want {
			t.Errorf("branch %d active = %s, want %s", i+1, got, want)
		}
	}
}

func FuzzChatGPT(f *testing.F) { fuzzFormat(f, "chatgpt") }
