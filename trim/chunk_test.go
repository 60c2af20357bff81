package trim

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/chatgen"
)

// TestChunkProperties cuts many generated conversations and checks what
// must hold for every budget: each part fits; after the repeated
// instructions a part never starts on an assistant or tool message (unless
// the conversation itself does); no tool call is parted from its results;
// without overlap the parts cover every other message once, in order.
func TestChunkProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cut, unfit := 0, 0
	for i := range 5000 {
		in := chatgen.Generate(r)
		total := cost(chatgen.Lumpy{}, in)
		opts := ChunkOptions{Max: 1 + r.IntN(total+10), Overlap: r.IntN(3)}
		parts, err := Chunk(in, chatgen.Lumpy{}, opts)
		var ue *UnfitError
		if errors.As(err, &ue) {
			unfit++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) > 1 {
			cut++
		}
		head := 0
		for head < len(in.Messages) && in.Messages[head].Role.Instruction() {
			head++
		}
		var covered []chat.Message
		for j, p := range parts {
			if c := cost(chatgen.Lumpy{}, p); c > opts.Max {
				t.Fatalf("case %d part %d costs %d, over %d", i, j, c, opts.Max)
			}
			if !reflect.DeepEqual(p.Messages[:head], in.Messages[:head]) {
				t.Fatalf("case %d part %d does not start with the instructions", i, j)
			}
			if len(parts) > 1 && head < len(p.Messages) && j > 0 {
				if role := p.Messages[head].Role; role == chat.Assistant || role == chat.Tool {
					t.Fatalf("case %d part %d starts on %s", i, j, role)
				}
			}
			if orphan := chatgen.Orphans(p.Messages); orphan != "" {
				t.Fatalf("case %d part %d: %s", i, j, orphan)
			}
			covered = append(covered, p.Messages[head:]...)
		}
		if opts.Overlap == 0 && len(covered)+len(in.Messages[head:]) > 0 && !reflect.DeepEqual(covered, in.Messages[head:]) {
			t.Fatalf("case %d: the parts do not cover the messages once, in order: %d parts, %d covered of %d, head %d", i, len(parts), len(covered), len(in.Messages), head)
		}
	}
	if cut < 500 || unfit < 100 {
		t.Errorf("only %d conversations cut and %d unfit: the generator is too narrow", cut, unfit)
	}
}
