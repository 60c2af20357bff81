package count

import (
	"strings"
	"testing"
)

func TestPricesLoadAndOverride(t *testing.T) {
	more, err := LoadTable(strings.NewReader(`models:
  - name: gpt-4o
    encoding: o200k_base
    context_window: 128000
    prices: {input: 2, output: 8, training: 20, source: "our contract", as_of: "2026-01-01"}
`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := DefaultTable().Extend(more).Lookup("gpt-4o-2024-08-06")
	if err != nil {
		t.Fatal(err)
	}
	if m.Prices.Input != 2 || m.Prices.Training != 20 || m.Prices.Provenance() != "prices as of 2026-01-01" {
		t.Errorf("prices = %+v", m.Prices)
	}
	if _, err := LoadTable(strings.NewReader("models:\n  - {name: x, encoding: o200k_base, prices: {input: -1}}\n")); err == nil || !strings.Contains(err.Error(), "negative price") {
		t.Errorf("a negative price: %v", err)
	}
	for _, m := range DefaultTable().Models() {
		if p := m.Prices; p != (Prices{}) && (p.Source == "" || p.AsOf == "" || p.Input == 0) {
			t.Errorf("%s: prices without a source, date or input price: %+v", m.Entry, p)
		}
	}
	if got := Cost(1_000_000, 2.5); got != 2.5 {
		t.Errorf("Cost = %v", got)
	}
	for usd, want := range map[float64]string{0: "$0", 0.0000203: "$0.000020", 0.0675: "$0.0675", 1234.5: "$1,234.50"} {
		if got := Dollars(usd); got != want {
			t.Errorf("Dollars(%v) = %q, want %q", usd, got, want)
		}
	}
}

// A name counts as the entry it starts with, but it has the entry's prices
// only when it is a dated snapshot of it: the prices of o1-pro, gpt-5-pro
// or gpt-4o-realtime-preview are many times their entry's
// (testdata/prices/check.mjs, against @pydantic/genai-prices). A fine-tuned
// model keeps only the base's training price.
func TestPricesOnlyForTheEntryAndItsSnapshots(t *testing.T) {
	table := DefaultTable()
	for name, want := range map[string]struct {
		entry           string
		input, training float64
	}{
		"gpt-4o":                           {"gpt-4o", 2.5, 25},
		"gpt-4o-2024-08-06":                {"gpt-4o", 2.5, 25},
		"gpt-4-0613":                       {"gpt-4", 30, 0},
		"gpt-4-turbo-2024-04-09":           {"gpt-4-turbo", 10, 0},
		"o1-pro":                           {"o1", 0, 0},
		"o1-pro-2025-03-19":                {"o1", 0, 0},
		"gpt-5-pro":                        {"gpt-5", 0, 0},
		"gpt-4o-realtime-preview":          {"gpt-4o", 0, 0},
		"gpt-3.5-turbo-16k-0613":           {"gpt-3.5-turbo", 0, 0},
		"gpt-4o-mini-2024-07-18.ft-abc":    {"gpt-4o-mini", 0, 0},
		"ft:gpt-4o-mini:acme::abc123":      {"gpt-4o-mini", 0, 3},
		"ft:gpt-4o-2024-08-06:acme::abc12": {"gpt-4o", 0, 25},
		"ft:o1-pro:acme::abc12":            {"o1", 0, 0},
	} {
		m, err := table.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if m.Entry != want.entry || m.Prices.Input != want.input || m.Prices.Training != want.training {
			t.Errorf("%s: entry %s, input %v, training %v; want %s, %v, %v", name, m.Entry, m.Prices.Input, m.Prices.Training, want.entry, want.input, want.training)
		}
		if (m.Prices.Input > 0 || m.Prices.Training > 0) && m.Prices.AsOf == "" {
			t.Errorf("%s: prices without their date: %+v", name, m.Prices)
		}
	}
	m, _ := table.Lookup("o1-pro")
	if got := m.NoPrice("input"); got != "o1-pro has no input price in the model table: it counts as o1, whose prices are not its own" {
		t.Errorf("NoPrice = %q", got)
	}
	m, _ = table.Lookup("gpt-5-2025-08-07")
	if got := m.NoPrice("fine-tuning"); got != "gpt-5 has no fine-tuning price in the model table" {
		t.Errorf("NoPrice = %q", got)
	}
}
