package count

import (
	"encoding/json"
	"fmt"

	"github.com/convkit/convkit/chat"
)

// MixedModels tells when a conversation's request body names a model that
// counts otherwise than the one a Counter counts for: a dataset or a log
// that mixes models is counted for one, and the counts of the others are
// off by what their encodings and overheads differ. It tells each model
// once. It is not safe for concurrent use.
type MixedModels struct {
	Counter *Counter
	Table   *ModelTable // nil means DefaultTable
	told    map[string]bool
}

// Told marks a model as told already (by whoever chose the Counter's).
func (mm *MixedModels) Told(name string) {
	if mm.told == nil {
		mm.told = map[string]bool{}
	}
	mm.told[name] = true
}

// Check returns what to say about conv, or "": that the model its body
// names ("model") counts otherwise than the Counter's (another encoding,
// other chat overheads), or is not in the table. A nil MixedModels says
// nothing.
func (mm *MixedModels) Check(conv *chat.Conversation) string {
	if mm == nil {
		return ""
	}
	return mm.CheckModel(BodyModel(conv))
}

// BodyModel is the model conv's request body names, or "".
func BodyModel(conv *chat.Conversation) string {
	var name string
	if conv == nil || json.Unmarshal(conv.Extra.Get("model"), &name) != nil {
		return ""
	}
	return name
}

// CheckModel is Check for the model a body names (BodyModel), so that
// the look into the conversation may run elsewhere.
func (mm *MixedModels) CheckModel(name string) string {
	if mm == nil || name == "" || mm.told[name] {
		return ""
	}
	mm.Told(name)
	table := mm.Table
	if table == nil {
		table = DefaultTable()
	}
	own := mm.Counter.Model()
	m, err := table.Lookup(name)
	switch {
	case err != nil:
		return fmt.Sprintf("model %q is not one convkit knows: counted for %s (%s), an approximation", name, own.Name, own.Encoding)
	case m.Encoding != own.Encoding || m.Chat != own.Chat || m.TokensPerMessage != own.TokensPerMessage ||
		m.TokensPerName != own.TokensPerName || m.ReplyPriming != own.ReplyPriming:
		return fmt.Sprintf("the body names %s (%s), which counts otherwise than %s (%s), the model counted for: its counts are approximations",
			name, m.Encoding, own.Name, own.Encoding)
	}
	return ""
}
