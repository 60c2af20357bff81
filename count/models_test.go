package count

import (
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The built-in table is generated from models.yaml; editing one without
// the other would make convkit disagree with its own documented table.
func TestBuiltinTableIsGenerated(t *testing.T) {
	f, err := os.Open("models.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fromYAML, err := LoadTable(f)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromYAML.Models(), DefaultTable().Models()) {
		t.Fatal("models_table.go is not models.yaml: run go generate ./count")
	}
}

func TestLookup(t *testing.T) {
	table := DefaultTable()
	for _, tc := range []struct {
		name, entry, encoding string
		window, output        int
	}{
		{"gpt-4o", "gpt-4o", "o200k_base", 128000, 16384},
		{"gpt-4o-2024-08-06", "gpt-4o", "o200k_base", 128000, 16384},
		{"gpt-4o-2024-05-13", "gpt-4o-2024-05-13", "o200k_base", 128000, 4096},
		{"gpt-4o-mini-2024-07-18", "gpt-4o-mini", "o200k_base", 128000, 16384},
		{"ft:gpt-4o-mini-2024-07-18:acme::abc123", "gpt-4o-mini", "o200k_base", 128000, 16384},
		{"gpt-4.1-2025-04-14", "gpt-4.1", "o200k_base", 1047576, 32768},
		{"gpt-4.1-nano", "gpt-4.1-nano", "o200k_base", 1047576, 32768},
		{"gpt-5-2025-08-07", "gpt-5", "o200k_base", 400000, 128000},
		{"o1-2024-12-17", "o1", "o200k_base", 200000, 100000},
		{"o3-mini-2025-01-31", "o3-mini", "o200k_base", 200000, 100000},
		{"o4-mini", "o4-mini", "o200k_base", 200000, 100000},
		{"gpt-4-turbo-2024-04-09", "gpt-4-turbo", "cl100k_base", 128000, 4096},
		{"gpt-4-0613", "gpt-4", "cl100k_base", 8192, 8192},
		{"gpt-3.5-turbo-0125", "gpt-3.5-turbo", "cl100k_base", 16385, 4096},
		{"text-embedding-3-large", "text-embedding-3-large", "cl100k_base", 8191, 0},
	} {
		m, err := table.Lookup(tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if m.Name != tc.name || m.Entry != tc.entry || m.Encoding != tc.encoding || m.ContextWindow != tc.window || m.MaxOutput != tc.output {
			t.Errorf("%s: %+v, want entry %s %s %d/%d", tc.name, m, tc.entry, tc.encoding, tc.window, tc.output)
		}
	}
	// A prefix matches only up to a "-": gpt-4.5 is not gpt-4, gpt-4o1 is not gpt-4o.
	for _, name := range []string{"gpt-4.5-preview", "gpt-4o1", "claude-3", ""} {
		if m, err := table.Lookup(name); err == nil {
			t.Errorf("%q matched %s", name, m.Entry)
		}
	}
}

func TestEveryEntryCitesItsSource(t *testing.T) {
	for _, m := range DefaultTable().Models() {
		if !strings.Contains(m.Source, "OpenAI docs") || m.ContextWindow <= 0 {
			t.Errorf("%s: source %q, context window %d", m.Entry, m.Source, m.ContextWindow)
		}
	}
}

func TestLoadTableAndExtend(t *testing.T) {
	more, err := LoadTable(strings.NewReader(`
models:
  - name: gpt-4o
    encoding: o200k_base
    context_window: 64000
  - name: local
    encoding: cl100k_base
    context_window: 4096
    tokens_per_message: 4
    chat: true
    tools: {func_init: 1, prop_init: 2, prop_key: 3, enum_init: 4, enum_item: 5, func_end: 6}
`))
	if err != nil {
		t.Fatal(err)
	}
	table := DefaultTable().Extend(more)
	if m, _ := table.Lookup("gpt-4o-2024-08-06"); m.ContextWindow != 64000 {
		t.Errorf("override: gpt-4o window %d, want 64000", m.ContextWindow)
	}
	m, err := table.Lookup("local")
	if err != nil || m.TokensPerMessage != 4 || m.TokensPerName != 1 || m.ReplyPriming != 3 || m.Tools.FuncEnd != 6 {
		t.Errorf("added: %+v %v", m, err)
	}
	if m, _ := DefaultTable().Lookup("gpt-4o"); m.ContextWindow != 128000 {
		t.Errorf("Extend changed the default table")
	}
	for _, bad := range []struct{ yaml, msg string }{
		{"models:\n  - encoding: o200k_base\n", "entry 1 has no name"},
		{"models:\n  - name: x\n", "x has no encoding"},
		{"models:\n  - name: x\n    encoding: gpt2\n", `unknown encoding "gpt2"`},
		{"models:\n  - name: x\n    encoding: r50k_base\n    windw: 3\n", "4:1: model table: field windw not found"},
		{"models:\n  - name: x\n    encoding: r50k_base\n    max_output: -1\n", "4:17: model table: x: max_output -1: must be from 0"},
		{"models:\n  - name: x\n    encoding: r50k_base\n    tools: {func_end: 9999999}\n", "4:23: model table: x: tools.func_end 9999999: must be from"},
		{"models:\n  - name: x\n    encoding: r50k_base\n  - name: x\n    encoding: r50k_base\n", "x is listed twice"},
		{"", "empty model table"},
		{"models: [", "did not find expected node content"},
	} {
		_, err := LoadTable(strings.NewReader(bad.yaml))
		if err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%q: error %v, want %q", bad.yaml, err, bad.msg)
		}
	}
}

func TestDistribution(t *testing.T) {
	var d Distribution
	for _, v := range []int{50, 10, 40, 20, 30, 60, 70, 80, 90, 100} {
		d.Add(v)
	}
	s := d.Summary()
	// Nearest rank gives 50, 90 and 100, and below 100 the sketch is exact.
	want := Summary{Count: 10, Sum: 550, Min: 10, P50: 50, P90: 90, P95: 100, Max: 100, Mean: 55}
	if s != want {
		t.Errorf("summary %+v, want %+v", s, want)
	}
	if s := (&Distribution{}).Summary(); s.Count != 0 || s.Max != 0 {
		t.Errorf("empty: %+v", s)
	}
}

// TestDistributionWithinError checks the sketch's percentiles against
// nearest rank over sorted values: within RelativeError, on values spread
// over five orders of magnitude, in many sizes.
func TestDistributionWithinError(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 7, 100, 1001, 20000} {
		var d Distribution
		values := make([]int, n)
		for i := range values {
			values[i] = int(math.Exp(r.Float64() * 11.5))
			d.Add(values[i])
		}
		slices.Sort(values)
		s := d.Summary()
		for _, c := range []struct {
			p   float64
			got int
		}{{50, s.P50}, {90, s.P90}, {95, s.P95}} {
			exact := values[max(0, int(math.Ceil(c.p/100*float64(n)))-1)]
			if math.Abs(float64(c.got-exact)) > RelativeError*float64(exact) {
				t.Errorf("%d values: p%g %d, exact %d", n, c.p, c.got, exact)
			}
		}
		if s.Min != values[0] || s.Max != values[n-1] || s.Count != n {
			t.Errorf("%d values: %+v", n, s)
		}
	}
}

func TestTallyCountsOverTheWindowExactly(t *testing.T) {
	tally := Tally{Window: 60}
	for _, v := range []int{50, 61, 60, 1000, 59} {
		tally.Add(&ConversationCount{Tokens: v})
	}
	if n := tally.overWindow(Model{ContextWindow: 60}); n != 2 {
		t.Errorf("over 60: %d, want 2", n)
	}
}

// TestIsSnapshotDate holds the hand-written check to the pattern it
// replaced.
func TestIsSnapshotDate(t *testing.T) {
	pattern := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}|\d{4})$`)
	for _, s := range []string{"", "0613", "2024-08-06", "2024-08-0", "2024-08-061", "20240806", "2024_08_06", "2024-0806-",
		"061", "06133", "abcd", "2024-aa-06", "-2024-08-0", "2024--8-06", "１２３４", "0000-00-00"} {
		if got, want := isSnapshotDate(s), pattern.MatchString(s); got != want {
			t.Errorf("isSnapshotDate(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
