package counting

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/suggest"
)

// PriceKeys are the prices --price can set.
var PriceKeys = []string{"input", "cached_input", "output", "batch_input", "batch_output", "training"}

// Prices returns the model the options name and its prices, with the
// overrides of --price (like "input=2.5,training=25").
func Prices(opts Options, override string) (count.Model, count.Prices, error) {
	table, err := ModelTable(opts.Models)
	if err != nil {
		return count.Model{}, count.Prices{}, err
	}
	m, err := table.Lookup(opts.Model)
	if err != nil {
		return m, count.Prices{}, err // New, run first, tells it with its hints
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
			return m, p, &cmderr.Usage{Err: fmt.Errorf("--price: unknown price %q", k), Hints: append(suggest.MeanHint(suggest.DidYouMean(k, PriceKeys)), "the keys are "+strings.Join(PriceKeys, ", "))}
		case err != nil || usd < 0:
			return m, p, cmderr.Usagef("--price: %s takes US dollars per 1M tokens, like %s=2.5, not %q", k, k, v)
		}
		*dst = usd
	}
	p.Source, p.AsOf = "--price", ""
	return m, p, nil
}

// ParseImageSize reads --image-size WxH; "" is the counter's default.
func ParseImageSize(s string) ([2]int, error) {
	if s == "" {
		return [2]int{}, nil
	}
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w <= 0 || h <= 0 {
		return [2]int{}, cmderr.Usagef("--image-size takes WIDTHxHEIGHT in pixels, like 1024x768, not %q", s)
	}
	return [2]int{w, h}, nil
}
