package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/numfmt"
	"github.com/convkit/convkit/schema"
)

// priceFlag is --price: prices that override the model table's.
func priceFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "price", Usage: "use these prices in USD per 1M tokens instead of the table's: `KEY=USD,…` with keys " +
		strings.Join(priceKeys, ", ")}
}

var priceKeys = []string{"input", "cached_input", "output", "batch_input", "batch_output", "training"}

// modelPrices returns the model the counter flags name and its prices,
// with the overrides of --price (like "input=2.5,training=25").
func modelPrices(opts counterOptions, override string) (count.Model, count.Prices, error) {
	table, err := modelTable(opts.models)
	if err != nil {
		return count.Model{}, count.Prices{}, err
	}
	m, err := table.Lookup(opts.model)
	if err != nil {
		return m, count.Prices{}, err // newCounter, run first, tells it with its hints
	}
	p := m.Prices
	if override == "" {
		return m, p, nil
	}
	fields := map[string]*float64{"input": &p.Input, "cached_input": &p.CachedInput, "output": &p.Output,
		"batch_input": &p.BatchInput, "batch_output": &p.BatchOutput, "training": &p.Training}
	for _, kv := range strings.Split(override, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		dst, known := fields[k]
		usd, err := strconv.ParseFloat(strings.TrimPrefix(v, "$"), 64)
		switch {
		case !known:
			return m, p, &usageError{err: fmt.Errorf("--price: unknown price %q", k), hints: append(meanHint(didYouMean(k, priceKeys)), "the keys are "+strings.Join(priceKeys, ", "))}
		case err != nil || usd < 0:
			return m, p, usageErrorf("--price: %s takes US dollars per 1M tokens, like %s=2.5, not %q", k, k, v)
		}
		*dst = usd
	}
	p.Source, p.AsOf = "--price", ""
	return m, p, nil
}

// minFineTuneExamples is the fewest examples OpenAI's fine-tuning accepts.
const minFineTuneExamples = 10

// fineTuneCost prints, after validate --fine-tune's statistics, what
// training would cost for its epochs, and warns when there are fewer
// examples than fine-tuning accepts.
func (e *env) fineTuneCost(w io.Writer, st *schema.Stats, opts validateOptions, asJSON bool) error {
	examples := len(st.Tokens)
	if st.Examples < minFineTuneExamples {
		e.warnf("%s: fine-tuning needs at least %d", numfmt.Plural(st.Examples, "example"), minFineTuneExamples)
	}
	m, p, err := modelPrices(opts.counter, opts.price)
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
