package main

import (
	"fmt"
	"io"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/schema"
)

// minFineTuneExamples is the fewest examples OpenAI's fine-tuning accepts.
const minFineTuneExamples = 10

// fineTuneCost prints, after validate --fine-tune's statistics, what
// training would cost for its epochs, and warns when there are fewer
// examples than fine-tuning accepts.
func (e *env) fineTuneCost(w io.Writer, st *schema.Stats, opts validateOptions, asJSON bool) error {
	examples := len(st.Tokens)
	if st.Examples < minFineTuneExamples {
		e.Warnf("%s: fine-tuning needs at least %d", numfmt.Plural(st.Examples, "example"), minFineTuneExamples)
	}
	m, p, err := counting.Prices(opts.counter, opts.price)
	if err != nil || examples == 0 {
		return err
	}
	epochs := schema.Epochs(examples)
	tokens := int64(st.BilledTokens()) * int64(epochs)
	if asJSON {
		cost := map[string]any{"model": m.Entry, "epochs": epochs, "billed_tokens": tokens, "training_price": p.Training,
			"currency": "USD", "source": p.Source, "as_of": p.AsOf}
		if p.Training > 0 {
			cost["training_cost"] = count.Cost(tokens, p.Training)
		}
		return writeJSONLine(w, map[string]any{"fine_tune_cost": cost})
	}
	if p.Training == 0 {
		_, err := fmt.Fprintf(w, "training cost: unknown, %s has no fine-tuning price in the model table (--price training=USD)\n", m.Entry)
		return err
	}
	_, err = fmt.Fprintf(w, "training cost: ~%s for %s epochs at %s per 1M tokens (%s, %s)\n",
		count.Dollars(count.Cost(tokens, p.Training)), numfmt.Thousands(int64(epochs)), count.Dollars(p.Training), m.Entry, p.Provenance())
	return err
}
