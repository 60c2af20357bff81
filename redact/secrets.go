package redact

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
)

// gitleaks.toml is gitleaks' default rule set, as gitleaks ships it;
// gitleaks_rules.go holds it decoded, so that a process neither links a
// TOML decoder (whose initialiser reads the local time zone at every
// start) nor decodes 100 KB of TOML to redact.
//
//go:generate go test -run TestGitleaksRulesAreGenerated -update-rules .

// genericRule is the id of gitleaks' catch-all rule for key = value
// assignments: a specific rule wins where both match.
const genericRule = "generic-api-key"

// secretRule is one gitleaks rule, compiled.
type secretRule struct {
	id         string
	re         *regexp.Regexp
	group      int // secretGroup; 0 means the first non-empty group
	entropy    float64
	keywords   []int // indexes in the keyword set; none means always run
	allowlists []allowlist
}

// allowlist is a gitleaks allow-list: a finding it matches is dropped.
type allowlist struct {
	target    string // "secret" (default), "match" or "line"
	regexes   []*regexp.Regexp
	stopwords []string // lower case
	and       bool     // every check must hold, not any
	paths     bool     // it also checks file paths, which text in a conversation never matches
}

type tomlAllowlist struct {
	Condition   string   `toml:"condition"`
	RegexTarget string   `toml:"regexTarget"`
	Regexes     []string `toml:"regexes"`
	StopWords   []string `toml:"stopwords"`
	Paths       []string `toml:"paths"`
	Commits     []string `toml:"commits"`
}

type tomlRule struct {
	ID          string          `toml:"id"`
	Regex       string          `toml:"regex"`
	SecretGroup int             `toml:"secretGroup"`
	Entropy     float64         `toml:"entropy"`
	Keywords    []string        `toml:"keywords"`
	Path        string          `toml:"path"`
	Allowlists  []tomlAllowlist `toml:"allowlists"`
}

type tomlRules struct {
	Allowlist tomlAllowlist `toml:"allowlist"`
	Rules     []tomlRule    `toml:"rules"`
}

// compiledRules are gitleaks' rules and global allow-list, compiled.
type compiledRules struct {
	rules    []secretRule
	global   allowlist
	keywords *keywordSet // every rule's keywords
}

// secretRules compiles gitleaks' rules that apply to text, once: rules
// that also need a file path (path = …) never match a conversation, as in
// gitleaks scanning a JSONL file, and are left out. The compiled rules
// hold no state, and every Redactor shares them.
var secretRules = sync.OnceValues(func() (compiledRules, error) {
	return compileSecretRules()
})

func compileSecretRules() (compiled compiledRules, err error) {
	cfg := gitleaksRules
	if compiled.global, err = compileAllowlist(cfg.Allowlist); err != nil {
		return compiledRules{}, err
	}
	var keywords []string
	keywordIndex := map[string]int{}
	for _, r := range cfg.Rules {
		if r.Regex == "" || r.Path != "" {
			continue
		}
		re, err := regexp.Compile(r.Regex)
		if err != nil {
			return compiledRules{}, fmt.Errorf("gitleaks rule %s: %w", r.ID, err)
		}
		sr := secretRule{id: r.ID, re: re, group: r.SecretGroup, entropy: r.Entropy}
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			i, ok := keywordIndex[k]
			if !ok {
				i = len(keywords)
				keywordIndex[k] = i
				keywords = append(keywords, k)
			}
			sr.keywords = append(sr.keywords, i)
		}
		for _, a := range r.Allowlists {
			al, err := compileAllowlist(a)
			if err != nil {
				return compiledRules{}, fmt.Errorf("gitleaks rule %s: %w", r.ID, err)
			}
			sr.allowlists = append(sr.allowlists, al)
		}
		compiled.rules = append(compiled.rules, sr)
	}
	compiled.keywords = newKeywordSet(keywords)
	return compiled, nil
}

func compileAllowlist(t tomlAllowlist) (allowlist, error) {
	a := allowlist{target: t.RegexTarget, and: strings.EqualFold(t.Condition, "and"), paths: len(t.Paths) > 0 || len(t.Commits) > 0}
	for _, s := range t.Regexes {
		re, err := regexp.Compile(s)
		if err != nil {
			return allowlist{}, fmt.Errorf("allow-list: %w", err)
		}
		a.regexes = append(a.regexes, re)
	}
	for _, w := range t.StopWords {
		a.stopwords = append(a.stopwords, strings.ToLower(w))
	}
	return a, nil
}

// allows reports whether the allow-list drops a finding: secret is the
// secret, match what the rule's expression matched, line the line it is
// on (asked only of a list that looks at lines).
func (a *allowlist) allows(secret, match string, line func() string) bool {
	if a.and && a.paths { // a path check that text never passes
		return false
	}
	target := secret
	switch a.target {
	case "match":
		target = match
	case "line":
		target = line()
	}
	regexHit := false
	for _, re := range a.regexes {
		if target != "" && re.MatchString(target) {
			regexHit = true
			break
		}
	}
	stopHit := false
	if len(a.stopwords) > 0 {
		lower := strings.ToLower(secret)
		for _, w := range a.stopwords {
			if strings.Contains(lower, w) {
				stopHit = true
				break
			}
		}
	}
	if !a.and {
		return regexHit || stopHit
	}
	checks := 0
	passed := 0
	if len(a.regexes) > 0 {
		checks++
		if regexHit {
			passed++
		}
	}
	if len(a.stopwords) > 0 {
		checks++
		if stopHit {
			passed++
		}
	}
	return checks > 0 && passed == checks
}

// secretMatchers are the matchers of the rules whose keywords hit (or
// that have none), in the rules' order: they read the text with & as a
// space (see detector.find).
func (d *detector) secretMatchers(hit []bool, ms []matcher) []matcher {
	for i := range d.secrets {
		r := &d.secrets[i]
		if !hasKeyword(hit, r.keywords) {
			continue
		}
		ms = append(ms, matcher{re: r.re, amp: true, judge: func(text string, m []int, found []span) []span {
			return d.judgeSecret(r, text, m, found)
		}})
	}
	return ms
}

// judgeSecret appends the secret of the rule r's match m in text, unless
// it is too plain (entropy) or allowed.
func (d *detector) judgeSecret(r *secretRule, text string, m []int, found []span) []span {
	start, end := m[0], m[1]
	match := strings.TrimRight(text[start:end], "\n") // as gitleaks: a match never ends in a newline
	end = start + len(match)
	if len(m) >= 4 {
		g := r.group
		if g == 0 {
			for k := 1; k < len(m)/2; k++ {
				if m[2*k] >= 0 && m[2*k+1] > m[2*k] {
					g = k
					break
				}
			}
		}
		if g > 0 && g < len(m)/2 && m[2*g] >= 0 && m[2*g+1] <= end {
			start, end = m[2*g], m[2*g+1]
		}
	}
	secret := text[start:end]
	if secret == "" || (r.entropy != 0 && shannonEntropy(secret) <= r.entropy) {
		return found
	}
	line := func() string { return d.lineAround(text, m[0], m[0]+len(match)) }
	if d.global.allows(secret, match, line) || anyAllows(r.allowlists, secret, match, line) {
		return found
	}
	if r.id == genericRule && nameNotKey(secret, match[:start-m[0]]) {
		return found
	}
	prio := prioSecret
	if r.id == genericRule {
		prio = prioGeneric
	}
	return append(found, span{start: start, end: end, kind: r.id, prio: prio})
}

// nameNotKey is convkit's step after gitleaks' allow-lists for its
// generic rule: a value that is a name in code or a counted placeholder
// is no key. A password is chosen by a person and may read as words
// (Summer2024Password), so a value after a password keyword is kept.
func nameNotKey(secret, before string) bool {
	lower := strings.ToLower(before)
	if strings.Contains(lower, "passw") || strings.Contains(lower, "pwd") {
		return false
	}
	return looksLikeName(secret) || countingValue(secret)
}

func anyAllows(lists []allowlist, secret, match string, line func() string) bool {
	for i := range lists {
		if lists[i].allows(secret, match, line) {
			return true
		}
	}
	return false
}

// hasKeyword says whether a rule runs: it has no keywords, or one of them
// is hit.
func hasKeyword(hit []bool, keywords []int) bool {
	if len(keywords) == 0 {
		return true
	}
	for _, k := range keywords {
		if hit[k] {
			return true
		}
	}
	return false
}

// lineAround returns the whole lines that hold text[start:end].
func (d *detector) lineAround(text string, start, end int) string {
	if i := strings.LastIndexByte(text[:start], '\n'); i >= 0 {
		start = i + 1
	} else {
		d.cut.reachedStart()
		start = 0
	}
	if i := strings.IndexByte(text[end:], '\n'); i >= 0 {
		end += i
	} else {
		d.cut.reachedEnd()
		end = len(text)
	}
	return text[start:end]
}

// shannonEntropy is gitleaks' measure of how random a secret looks, in
// bits per character.
func shannonEntropy(s string) float64 {
	if s == "" {
		return 0
	}
	counts := map[rune]int{}
	for _, c := range s {
		counts[c]++
	}
	inv := 1 / float64(len(s))
	h := 0.0
	for _, n := range counts {
		p := float64(n) * inv
		h -= p * math.Log2(p)
	}
	return h
}
