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
