package redact

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/BurntSushi/toml"
)

// gitleaksCase is one test string of a gitleaks rule (testdata/gitleaks/gen.sh).
type gitleaksCase struct {
	Rule     string `json:"rule"`
	Positive bool   `json:"positive"`
	Gitleaks bool   `json:"gitleaks"`
	Text     string `json:"text"`
}

// TestGitleaksCases runs each rule, alone as gitleaks' generator runs it,
// over the true and false positives gitleaks checks that rule against,
// and compares what it finds with what gitleaks' detector found.
func TestGitleaksCases(t *testing.T) {
	f, err := os.Open("testdata/gitleaks/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	redactors := map[string]*Redactor{}
	var total, agree, tps, fps int
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c gitleaksCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		r, ok := redactors[c.Rule]
		if !ok {
			if r, err = New(Options{Kinds: []string{c.Rule}}); err != nil {
				t.Errorf("%s: %v", c.Rule, err)
			}
			redactors[c.Rule] = r
		}
		if r == nil {
			continue
		}
		total++
		if c.Positive {
			tps++
		} else {
			fps++
		}
		found := len(r.det.find(c.Text)) > 0
		if found == c.Gitleaks {
			agree++
			continue
		}
		t.Errorf("%s: gitleaks finds %v, convkit %v, in %q", c.Rule, c.Gitleaks, found, c.Text)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rules, %d strings (%d true, %d false positives): convkit agrees with gitleaks on %d (%.2f %%)",
		len(redactors), total, tps, fps, agree, 100*float64(agree)/float64(total))
}

// TestGitleaksRulesAreGenerated checks that gitleaks_rules.go is
// gitleaks.toml decoded: run go generate ./redact after updating the TOML.
func TestGitleaksRulesAreGenerated(t *testing.T) {
	var want tomlRules
	if _, err := toml.DecodeFile("gitleaks.toml", &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gitleaksRules, want) {
		t.Fatal("gitleaks_rules.go is not gitleaks.toml: run go generate ./redact")
	}
}
