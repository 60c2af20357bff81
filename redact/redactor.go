package redact

import (
	"fmt"

	"github.com/convkit/convkit/chat"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Priorities decide between findings that overlap: a rule made for a
// kind of key beats the generic assignment rule, which beats personal
// data; a user's own patterns beat everything.
const (
	prioPII     = 1 // cards, IBANs, SSNs and IPs are prioPII+1: checked by a checksum or a range
	prioGeneric = 3
	prioSecret  = 4
	prioUser    = 5
	prioLiteral = 6 // text that would read as a placeholder given to another value
)

// KindSecrets names every gitleaks rule at once in Options.Kinds and
// Options.Skip.
const KindSecrets = "secrets"

// PIIKinds are the kinds of personal data, in the order help lists them.
var PIIKinds = []string{KindEmail, KindPhone, KindCard, KindIBAN, KindIP, KindSSN}

// Options say what to find and how.
type Options struct {
	// Kinds, when not empty, are the only kinds looked for: KindSecrets,
	// a gitleaks rule id, one of PIIKinds, or a kind of Rules.
	Kinds []string
	// Skip are kinds not looked for, named as in Kinds.
	Skip []string
	// KeepPrivateIPs keeps private and link-local addresses.
	KeepPrivateIPs bool
	// Rules are a user's own patterns and allow-lists (see ParseRules).
	Rules *Rules
	// UnknownFields also redacts the string values of fields no part of
	// the model holds (Message.Extra, Conversation.Extra).
	UnknownFields bool
	// KeepMedia keeps images, audio and files (which cannot be inspected)
	// instead of replacing each with a text placeholder.
	KeepMedia bool
}

// span is one finding in a text, before it is given a placeholder.
type span struct {
	start, end int
	kind       string
	prio       int
	value      string // found in a long text read a window at a time; else "": the text holds it
}

// detector finds spans; it holds no state between texts.
type detector struct {
	secrets        []secretRule
	global         allowlist
	keywords       *keywordSet
	want           map[string]bool // personal data kinds looked for
	keepPrivateIPs bool
	user           *Rules
	// cut, when the text is a window of a longer one, says which sides
	// are cut and records a judgment that needed more (see edges).
	cut *edges
}

// A matcher is an expression whose matches a judge turns into findings.
type matcher struct {
	re *regexp.Regexp
	// amp: the text is read with & as a space (gitleaks' rules end a key
	// at a quote, a space or a semicolon, not at the & of a URL query:
	// reading & as a space, same offsets, finds ?api_key=…&page=2 too).
	amp   bool
	judge func(text string, m []int, found []span) []span
}

// survey is what a whole text holds that decides which matchers can
// find anything in it.
type survey struct {
	hit                       []bool // the keywords of the secret rules it holds, in lower case
	atSign, digit, dot, colon bool
}

func (d *detector) surveyOf(text string) survey {
	sv := survey{atSign: strings.IndexByte(text, '@') >= 0, digit: hasDigit(text), dot: strings.IndexByte(text, '.') >= 0, colon: strings.IndexByte(text, ':') >= 0}
	if len(d.secrets) > 0 {
		sv.hit = make([]bool, d.keywords.n)
		d.keywords.find(strings.ToLower(strings.ReplaceAll(text, "&", " ")), sv.hit)
	}
	return sv
}

// matchers are what looks for findings in a text of survey sv, in the
// order their findings are weighed (resolveOverlaps keeps the first of
// equals): gitleaks' rules, personal data, the user's patterns.
func (d *detector) matchers(sv survey) []matcher {
	var ms []matcher
	if len(d.secrets) > 0 {
		ms = d.secretMatchers(sv.hit, ms)
	}
	ms = d.piiMatchers(sv, ms)
	if d.user != nil {
		ms = d.user.matchers(ms)
	}
	return ms
}

// find returns the non-overlapping findings in text, in order.
func (d *detector) find(text string) []span {
	var found []span
	scan := text
	for _, m := range d.matchers(d.surveyOf(text)) {
		if m.amp && scan == text {
			scan = strings.ReplaceAll(text, "&", " ")
		}
		in := text
		if m.amp {
			in = scan
		}
		for _, loc := range m.re.FindAllStringSubmatchIndex(in, -1) {
			found = m.judge(in, loc, found)
		}
	}
	if len(found) == 0 {
		return nil
	}
	found = d.allowed(text, found)
	return resolveOverlaps(found)
}

// allowed drops the findings a user's allow-list matches.
func (d *detector) allowed(text string, found []span) []span {
	if d.user == nil || len(d.user.allow) == 0 {
		return found
	}
	return slices.DeleteFunc(found, func(s span) bool { return d.user.allows(s.in(text)) })
}

// in is the value s found in text.
func (s span) in(text string) string {
	if s.value != "" {
		return s.value
	}
	return text[s.start:s.end]
}

// edges say which sides of a window of a long text are cut short, and
// whether a judgment looked past one (a line, a word before a number,
// running on past the window): then the window cannot decide, and the
// text is read whole. A nil *edges is a whole text.
type edges struct {
	left, right bool
	short       bool
}

func (e *edges) reachedStart() {
	if e != nil && e.left {
		e.short = true
	}
}

func (e *edges) reachedEnd() {
	if e != nil && e.right {
		e.short = true
	}
}

// resolveOverlaps keeps, of findings that overlap, the one of highest
// priority, then the longest, then the first.
func resolveOverlaps(found []span) []span {
	slices.SortStableFunc(found, func(a, b span) int {
		if a.prio != b.prio {
			return b.prio - a.prio
		}
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		return a.start - b.start
	})
	var kept []span
	for _, s := range found {
		if !slices.ContainsFunc(kept, func(k span) bool { return s.start < k.end && k.start < s.end }) {
			kept = append(kept, s)
		}
	}
	slices.SortFunc(kept, func(a, b span) int { return a.start - b.start })
	return kept
}

// A Redactor replaces what it finds with placeholders, the same value by
// the same placeholder for as long as it lives (one run of the command).
type Redactor struct {
	det     detector
	opts    Options
	byValue map[string]string // kind NUL value → placeholder
	next    map[string]int    // last number given, per kind
	given   map[string]bool   // placeholders given to a value
	present map[string]bool   // placeholders read in the input, never to be given
	found   []Finding         // of the conversation being redacted
	at      Location          // where the text being redacted is
	// scanned holds what Scan found, per text: Redact looks there
	// before running the rules.
	scanned map[string][]span
	// scannedLong is scanned for long texts (chat.Spool).
	scannedLong map[chat.Spool]*longScan
	// scanning makes the walk record what the rules find in each text,
	// and change nothing (Scan).
	scanning bool
}

// New compiles the rules and returns a Redactor.
func New(opts Options) (*Redactor, error) {
	r := &Redactor{opts: opts, byValue: map[string]string{}, next: map[string]int{}, given: map[string]bool{}, present: map[string]bool{}}
	r.det = detector{keepPrivateIPs: opts.KeepPrivateIPs, user: opts.Rules, want: map[string]bool{}}
	known := map[string]bool{KindSecrets: true}
	for _, k := range PIIKinds {
		known[k] = true
	}
	if opts.Rules != nil {
		for _, p := range opts.Rules.patterns {
			known[p.kind] = true
		}
	}
	// The rules are loaded when secrets are looked for, or to know a kind
	// named that is no other.
	named := slices.Concat(opts.Kinds, opts.Skip)
	var secrets []secretRule
	if wanted(KindSecrets, KindSecrets, opts) || slices.ContainsFunc(named, func(k string) bool { return !known[k] }) {
		compiled, err := secretRules()
		if err != nil {
			return nil, err
		}
		secrets, r.det.global, r.det.keywords = compiled.rules, compiled.global, compiled.keywords
	}
	for _, s := range secrets {
		known[s.id] = true
	}
	for _, k := range named {
		if !known[k] {
			return nil, &UnknownKindError{Kind: k}
		}
	}
	for _, s := range secrets {
		if wanted(s.id, KindSecrets, opts) {
			r.det.secrets = append(r.det.secrets, s)
		}
	}
	for _, k := range PIIKinds {
		r.det.want[k] = wanted(k, "", opts)
	}
	if opts.Rules != nil {
		opts.Rules.want = func(kind string) bool { return wanted(kind, "", opts) }
	}
	return r, nil
}

// wanted says whether kind (of group, when not "") is looked for.
func wanted(kind, group string, opts Options) bool {
	named := func(list []string) bool {
		return slices.Contains(list, kind) || group != "" && slices.Contains(list, group)
	}
	if named(opts.Skip) {
		return false
	}
	return len(opts.Kinds) == 0 || named(opts.Kinds)
}

// UnknownKindError is a kind that Options name but no rule has.
type UnknownKindError struct{ Kind string }

func (e *UnknownKindError) Error() string { return fmt.Sprintf("unknown kind %q", e.Kind) }

// Location is where a finding is: the conversation (1-based, in the run's
// inputs as counted by the caller), the message (1-based; 0 for the
// conversation's own fields), its role, and the field.
type Location struct {
	Conversation int
	Message      int
	Role         string
	Field        string // "content", "part 2", "tool call 1", "name", "field KEY"
	Rejected     bool   // Message is of a preference pair's rejected completion
}

// Finding is one value found and replaced. It never holds the value:
// Context shows the text around it with the value masked.
type Finding struct {
	Location
	Kind        string
	Placeholder string
	Context     string
	Media       bool // an image, audio or file removed whole
	value       string
}

// placeholderRe matches text that reads as a placeholder.
var placeholderRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[REDACTED:([a-z0-9][a-z0-9_.-]*)-(\d+)\]`) })

// placeholder returns the placeholder of value, giving one if it has none.
func (r *Redactor) placeholder(kind, value string) string {
	key := kind + "\x00" + value
	if p, ok := r.byValue[key]; ok {
		return p
	}
	for {
		r.next[kind]++
		p := "[REDACTED:" + kind + "-" + strconv.Itoa(r.next[kind]) + "]"
		if !r.present[p] {
			r.byValue[key] = p
			r.given[p] = true
			return p
		}
	}
}

// notePlaceholders reads the placeholders already written in text: a new
// one is never given; one already given to a value is itself a finding,
// so that one placeholder never stands for two things.
func (r *Redactor) notePlaceholders(text string, found []span) []span {
	if !strings.Contains(text, "[REDACTED:") {
		return found
	}
	for _, m := range placeholderRe().FindAllStringSubmatchIndex(text, -1) {
		p := text[m[0]:m[1]]
		if r.given[p] {
			found = append(found, span{start: m[0], end: m[1], kind: text[m[2]:m[3]], prio: prioLiteral})
		} else {
			r.present[p] = true
		}
	}
	return found
}

// text redacts text, recording findings at r.at unless quiet.
func (r *Redactor) text(text string, quiet bool) string {
	return r.textIn(text, 0, len(text), quiet)
}

// textIn looks for findings in all of ctx but redacts only ctx[lo:hi],
// which it returns: the rest is context that a rule may need (the key of a
// JSON value, for an assignment rule).
func (r *Redactor) textIn(ctx string, lo, hi int, quiet bool) string {
	if hi-lo == 0 {
		return ""
	}
	if r.scanning {
		r.scanned[ctx] = r.det.find(ctx)
		return ctx[lo:hi]
	}
	found, ok := r.scanned[ctx]
	if ok {
		found = slices.Clip(found) // appended to below: never into the scan's array
	} else {
		found = r.det.find(ctx)
	}
	if !quiet {
		n := len(found)
		found = r.notePlaceholders(ctx[lo:hi], found)
		if len(found) > n {
			for i := n; i < len(found); i++ {
				found[i].start += lo
				found[i].end += lo
			}
			found = resolveOverlaps(found)
		}
	}
	if len(found) == 0 {
		return ctx[lo:hi]
	}
	var b strings.Builder
	last := lo
	type written struct{ at, n, idx int }
	var marks []written
	for _, s := range found {
		if s.start < lo || s.end > hi {
			continue
		}
		b.WriteString(ctx[last:s.start])
		value := ctx[s.start:s.end]
		p := r.placeholder(s.kind, value)
		if !quiet {
			marks = append(marks, written{b.Len(), len(p), len(r.found)})
			r.found = append(r.found, Finding{Location: r.at, Kind: s.kind, Placeholder: p, value: value})
		}
		b.WriteString(p)
		last = s.end
	}
	b.WriteString(ctx[last:hi])
	out := b.String()
	for _, m := range marks {
		f := &r.found[m.idx]
		f.Context = context(out, m.at, m.at+m.n, mask(f.value))
	}
	return out
}

// contextRunes is how much text a finding's context shows on each side.
const contextRunes = 24

// context returns the text around out[start:end] with that part replaced
// by shown, on one line. Other findings in it are already placeholders.
func context(out string, start, end int, shown string) string {
	before := out[:start]
	for n := 0; n < contextRunes && len(before) > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(before)
		before = before[:len(before)-size]
	}
	after := out[end:]
	cut := 0
	for n := 0; n < contextRunes && cut < len(after); n++ {
		_, size := utf8.DecodeRuneInString(after[cut:])
		cut += size
	}
	lead, trail := "", ""
	if len(before) > 0 {
		lead = "…"
	}
	if cut < len(after) {
		trail = "…"
	}
	s := lead + out[len(before):start] + shown + after[:cut] + trail
	return strings.Join(strings.Fields(s), " ")
}

// mask shows the first few characters of a value, never all of it: a
// quarter at most, four at most.
func mask(value string) string {
	n := min(utf8.RuneCountInString(value)/4, 4)
	i := 0
	for k := 0; k < n; k++ {
		_, size := utf8.DecodeRuneInString(value[i:])
		i += size
	}
	return value[:i] + "*****"
}
