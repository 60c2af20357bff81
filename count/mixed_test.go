package count

import (
	"testing"

	"github.com/convkit/convkit/chat"
)

// TestMixedModels: a body that names a model counting otherwise (another
// encoding) or an unknown model is told, once per model; a model that
// counts the same (a dated snapshot, gpt-4o-mini) and the one told already
// are not.
func TestMixedModels(t *testing.T) {
	c := newTestCounter(t)
	body := func(model string) *chat.Conversation {
		return &chat.Conversation{Extra: chat.Fields{{Key: "model", Value: []byte(`"` + model + `"`)}}}
	}
	mm := &MixedModels{Counter: c}
	mm.Told("gpt-4o")
	var said []string
	for _, model := range []string{"gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "gpt-3.5-turbo", "gpt-3.5-turbo", "mystery-1", "mystery-1"} {
		if msg := mm.Check(body(model)); msg != "" {
			said = append(said, msg)
		}
	}
	want := []string{
		"the body names gpt-3.5-turbo (cl100k_base), which counts otherwise than gpt-4o (o200k_base), the model counted for: its counts are approximations",
		`model "mystery-1" is not one convkit knows: counted for gpt-4o (o200k_base), an approximation`,
	}
	if len(said) != len(want) || said[0] != want[0] || said[1] != want[1] {
		t.Errorf("said\n%q\nwant\n%q", said, want)
	}
	if (*MixedModels)(nil).Check(body("gpt-3.5-turbo")) != "" || mm.Check(&chat.Conversation{}) != "" {
		t.Error("a nil MixedModels or a body without a model said something")
	}
}
