// Package utils stands in for gitleaks' cmd/generate/config/utils when
// gen.sh builds gitleaks' rules: Validate records each rule's test strings
// and what gitleaks' detector finds in them, instead of stopping at the
// first it gets wrong. The rest of the package is gitleaks' own.
package utils

import (
	"strings"

	"github.com/zricethezav/gitleaks/v8/cmd/generate/config/base"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// Case is one test string of a rule.
type Case struct {
	Rule     string `json:"rule"`
	Positive bool   `json:"positive"` // a true positive of the rule's generator; else a false one
	Gitleaks bool   `json:"gitleaks"` // gitleaks, with this rule alone, finds something in it
	Text     string `json:"text"`
}

// Cases are the strings recorded so far.
var Cases []Case

func Validate(rule config.Rule, truePositives []string, falsePositives []string) *config.Rule {
	r := &rule
	d := singleRuleDetector(r)
	for _, s := range truePositives {
		Cases = append(Cases, Case{r.RuleID, true, len(d.DetectString(s)) > 0, s})
	}
	for _, s := range falsePositives {
		Cases = append(Cases, Case{r.RuleID, false, len(d.DetectString(s)) > 0, s})
	}
	return r
}

// ValidateWithPaths is for rules that need a file's path, which text in a
// conversation has not: their strings are not recorded.
func ValidateWithPaths(rule config.Rule, truePositives map[string]string, falsePositives map[string]string) *config.Rule {
	return &rule
}

// singleRuleDetector is gitleaks' createSingleRuleDetector.
func singleRuleDetector(r *config.Rule) *detect.Detector {
	unique := map[string]struct{}{}
	var keywords []string
	for _, k := range r.Keywords {
		k = strings.ToLower(k)
		if _, ok := unique[k]; !ok {
			keywords = append(keywords, k)
			unique[k] = struct{}{}
		}
	}
	r.Keywords = keywords
	cfg := base.CreateGlobalConfig()
	cfg.Rules = map[string]config.Rule{r.RuleID: *r}
	cfg.Keywords = unique
	return detect.NewDetector(cfg)
}
