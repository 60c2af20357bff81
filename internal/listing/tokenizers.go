package listing

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/internal/output"
)

// Tokenizers writes the tokenizers of the Hugging Face cache hub that
// --tokenizer ORG/NAME finds, and returns how many: as JSON, or as a table
// under a line naming the cache (after a blank line when after is set, as
// it follows the model table), nothing when there are none.
func Tokenizers(w io.Writer, hub string, asJSON, after bool) (int, error) {
	list, err := counting.CachedTokenizers(hub)
	if err != nil {
		return 0, err
	}
	if asJSON {
		return len(list), output.WriteJSON(w, append([]counting.CachedTokenizer{}, list...))
	}
	if len(list) == 0 {
		return 0, nil
	}
	if after {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Hugging Face cache %s (--tokenizer ORG/NAME):\n", hub)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TOKENIZER\tCONTEXT\tTEMPLATES\tREVISION")
	for _, t := range list {
		window, templates := "-", "-"
		if t.Window > 0 {
			window = numfmt.Thousands(int64(t.Window))
		}
		if len(t.Templates) > 0 {
			templates = strings.Join(t.Templates, ", ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, window, templates, t.Revision[:min(len(t.Revision), 12)])
	}
	return len(list), tw.Flush()
}
