package redact

import (
	"fmt"
	"regexp"
	"sync"

	"gopkg.in/yaml.v3"
)

// Rules are a user's own patterns and allow-lists, read from YAML:
//
//	patterns:
//	  - kind: employee-id          # the placeholder's kind: [REDACTED:employee-id-1]
//	    regex: '\bEMP-\d{6}\b'
//	    group: 1                   # optional: redact only this capture group
//	allow:                         # values never redacted, whatever found them
//	  - '@example\.com$'
type Rules struct {
	patterns []userPattern
	allow    []*regexp.Regexp
	want     func(kind string) bool
}

type userPattern struct {
	kind  string
	re    *regexp.Regexp
	group int
}

// kindRe is what a kind may be: it is written into placeholders.
var kindRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`) })

// ParseRules reads a rules file's YAML.
func ParseRules(data []byte) (*Rules, error) {
	var doc struct {
		Patterns []struct {
			Kind  string `yaml:"kind"`
			Regex string `yaml:"regex"`
			Group int    `yaml:"group"`
		} `yaml:"patterns"`
		Allow []string `yaml:"allow"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	rules := &Rules{}
	for i, p := range doc.Patterns {
		if !kindRe().MatchString(p.Kind) {
			return nil, fmt.Errorf("patterns[%d]: kind %q: use lower-case letters, digits, dots, dashes and underscores", i, p.Kind)
		}
		re, err := regexp.Compile(p.Regex)
		if err != nil {
			return nil, fmt.Errorf("patterns[%d] (%s): %w", i, p.Kind, err)
		}
		if p.Regex == "" || p.Group < 0 || p.Group > re.NumSubexp() {
			return nil, fmt.Errorf("patterns[%d] (%s): needs a regex, and a group it has", i, p.Kind)
		}
		rules.patterns = append(rules.patterns, userPattern{p.Kind, re, p.Group})
	}
	for i, a := range doc.Allow {
		re, err := regexp.Compile(a)
		if err != nil {
			return nil, fmt.Errorf("allow[%d]: %w", i, err)
		}
		rules.allow = append(rules.allow, re)
	}
	return rules, nil
}

// matchers are the patterns of the kinds looked for.
func (rs *Rules) matchers(ms []matcher) []matcher {
	for _, p := range rs.patterns {
		if rs.want != nil && !rs.want(p.kind) {
			continue
		}
		ms = append(ms, matcher{re: p.re, judge: func(_ string, m []int, found []span) []span {
			start, end := m[2*p.group], m[2*p.group+1]
			if start >= 0 && end > start {
				found = append(found, span{start: start, end: end, kind: p.kind, prio: prioUser})
			}
			return found
		}})
	}
	return ms
}

func (rs *Rules) allows(value string) bool {
	for _, re := range rs.allow {
		if re.MatchString(value) {
			return true
		}
	}
	return false
}
