package trim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/convkit/convkit/internal/numfmt"
)

// String says in one line what the trim did: what was kept and dropped,
// the budget, the marker and the cut message.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kept %d of %s, %d of %d tokens", r.Kept, numfmt.Plural(r.Messages, "message"), r.KeptTokens, r.Tokens)
	if r.Budget != nil {
		fmt.Fprintf(&b, " (budget %d)", *r.Budget)
	}
	fmt.Fprintf(&b, "; dropped %s, %d tokens", numfmt.Plural(r.Dropped, "message"), r.DroppedTokens)
	if r.Marker {
		fmt.Fprintf(&b, "; marker %d tokens", r.MarkerTokens)
	}
	if r.Cut != nil {
		fmt.Fprintf(&b, "; cut message %d from %d to %d tokens", r.Cut.Index+1, r.Cut.Tokens, r.Cut.KeptTokens)
	}
	return b.String()
}

// MarkerTemplate returns an Options.Marker whose text is tmpl with
// {messages} and {tokens} standing for what was dropped. An empty tmpl
// says how many earlier messages (later ones, with KeepFirst) were left
// out.
func MarkerTemplate(tmpl string, keep Keep) func(Dropped) (string, error) {
	if tmpl == "" {
		tmpl = "[{messages} earlier messages ({tokens} tokens) were left out]"
		if keep == KeepFirst {
			tmpl = "[{messages} later messages ({tokens} tokens) were left out]"
		}
	}
	return func(d Dropped) (string, error) {
		return strings.NewReplacer("{messages}", strconv.Itoa(d.Count()), "{tokens}", strconv.Itoa(d.Tokens)).Replace(tmpl), nil
	}
}
