package trimming

import (
	"io"
	"runtime"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/trim"
)

// trimCounting is what trim counts with: OpenAI's counter for a model or an
// encoding, or an open model's tokenizer and chat template.
type trimCounting struct {
	counter trim.Counter
	window  int // the context window --fit takes as the budget (0: none)
	// boundaries are where --allow-partial may cut a text: the starts of
	// the tokens of the encoding or of the open model's tokenizer.
	boundaries func(string) []int
	// longCuts are the boundaries of a text held in a spool; nil for an
	// open model.
	longCuts trim.LongCutter
	// tokens counts long strings as they are read (count.Counter.Sinks);
	// nil for an open model, whose template needs the texts whole.
	tokens *count.Counter
}

// newCounting sets up what trim counts with: the open model hfo names,
// else the counter opts asks for. how says how the open model counts
// (--no-template, --generation-prompt).
func newCounting(opts counting.Options, hfo counting.HFOptions, how counting.HFCount) (*trimCounting, error) {
	if hfo.Tokenizer == "" {
		counter, err := counting.New(opts)
		if err != nil {
			return nil, err
		}
		bounds, err := trim.TokenStarts(counter.Model().Encoding)
		if err != nil {
			return nil, err
		}
		return &trimCounting{counter: trim.Count(counter), window: counter.Model().ContextWindow, boundaries: bounds, longCuts: longCuts{counter}, tokens: counter}, nil
	}
	if opts.Chosen {
		return nil, cmderr.Usagef("--tokenizer counts with an open model's tokenizer: it takes no -m/--model or -e/--encoding")
	}
	m, err := counting.OpenHF(hfo)
	if err != nil {
		return nil, err
	}
	if err := m.CanCount(how); err != nil {
		return nil, err
	}
	return &trimCounting{counter: m.TrimCounter(how), window: m.Window, boundaries: trim.CutPoints(m.Tokenizer.TokenStarts)}, nil
}

// longCuts finds the cut points of a spooled text with count's counter, on
// every core.
type longCuts struct{ counter *count.Counter }

func (l longCuts) CutPoints(r io.Reader, from int64) (int, []int64, error) {
	return l.counter.CutPoints(r, from, runtime.GOMAXPROCS(0))
}

func (l longCuts) CutPointsBefore(r io.Reader, to int64) (int, []int64, error) {
	return l.counter.CutPointsBefore(r, to, runtime.GOMAXPROCS(0))
}

func (l longCuts) MaxTokenLen() int { return l.counter.MaxTokenLen() }
