package redact

import (
	"bytes"
	"io"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/runes"
)

// A text too long to hold (a chat.Spool) is scanned a window at a time,
// each expression on its own from where its last match ended, as
// FindAll goes through a whole text: a match found in a window is taken
// only when it starts far enough from the window's end that no match of
// the expression could reach past it (its reach), so that the window
// decides it as the whole text would. What a judge looks at around a
// match is within contextBytes of it; a judge that looks further (a
// line, a word) and reaches a cut side, an expression whose reach in this
// text is over reachLimit, or one that can match nothing at all, make the
// text read whole instead, as before: no finding is ever missed.
const (
	contextBytes = 64 // the judges look at most 8 bytes around a match
	surveyChunk  = 1 << 20
)

// Variables, for tests.
var (
	windowSize = 4 << 20
	reachLimit = 1 << 20 // under a quarter of windowSize, so that windows move on
)

// analysis is what scanning in windows needs of an expression.
type analysis struct {
	reach reach
	// looksBack: it has an assertion (\b, ^) that reads the character
	// before where the search starts.
	looksBack bool
	// after is the expression searched for after a first character that
	// only gives the assertions their context (^(?s:.)(?s:.)*?(expr)):
	// the leftmost match from a place in a text, as FindAll continues.
	after func() *regexp.Regexp
}

var analyses sync.Map // *regexp.Regexp → *analysis

func analysisOf(re *regexp.Regexp) *analysis {
	if a, ok := analyses.Load(re); ok {
		return a.(*analysis)
	}
	expr := re.String()
	parsed, err := syntax.Parse(expr, syntax.Perl)
	if err != nil { // re compiled: cannot happen
		parsed = &syntax.Regexp{Op: syntax.OpEmptyMatch}
	}
	a := &analysis{reach: reachOf(parsed), looksBack: looksBack(parsed),
		after: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?s:.)(?s:.)*?(` + expr + `)`) })}
	actual, _ := analyses.LoadOrStore(re, a)
	return actual.(*analysis)
}

func looksBack(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if looksBack(sub) {
			return true
		}
	}
	return false
}

// longScan is what the rules found in a long text: its findings, resolved
// as find resolves them, and the placeholders written in it (for
// notePlaceholders), each with its value.
type longScan struct {
	found []span
	marks []span
}

// scanLong finds what d finds in the text sp holds, a window at a time,
// or whole when the windows cannot decide.
func (d *detector) scanLong(sp chat.Spool) (*longScan, error) {
	sv, literal, err := d.surveyLong(sp)
	if err != nil {
		return nil, err
	}
	ls, err := d.scanWindows(sp, sv, literal)
	if ls != nil || err != nil {
		return ls, err
	}
	return d.scanWhole(sp)
}

// scanWhole is scanLong reading the text whole.
func (d *detector) scanWhole(sp chat.Spool) (*longScan, error) {
	b, err := io.ReadAll(sp.Open())
	if err != nil {
		return nil, err
	}
	text := string(b)
	ls := &longScan{found: d.find(text)}
	for i := range ls.found {
		s := &ls.found[i]
		s.value = strings.Clone(text[s.start:s.end])
	}
	if strings.Contains(text, "[REDACTED:") {
		for _, m := range placeholderRe().FindAllStringSubmatchIndex(text, -1) {
			ls.marks = append(ls.marks, placeholderMark(text, m, strings.Clone(text[m[0]:m[1]])))
		}
	}
	return ls, nil
}

func placeholderMark(text string, m []int, value string) span {
	return span{start: m[0], end: m[1], kind: strings.Clone(text[m[2]:m[3]]), prio: prioLiteral, value: value}
}

// surveyLong is surveyOf for the text sp holds, read in parts; literal
// says whether it may hold a placeholder.
func (d *detector) surveyLong(sp chat.Spool) (survey, bool, error) {
	var sv survey
	if len(d.secrets) > 0 {
		sv.hit = make([]bool, d.keywords.n)
	}
	const opening = "[redacted:"
	var state int32
	var tail []byte // the end of the last part in lower case, for an opening split between parts
	literal := false
	err := eachPart(sp.Open(), func(part []byte) {
		sv.atSign = sv.atSign || bytes.IndexByte(part, '@') >= 0
		sv.digit = sv.digit || bytes.ContainsAny(part, "0123456789")
		sv.dot = sv.dot || bytes.IndexByte(part, '.') >= 0
		sv.colon = sv.colon || bytes.IndexByte(part, ':') >= 0
		lower := bytes.ToLower(bytes.ReplaceAll(part, []byte("&"), []byte(" ")))
		if sv.hit != nil {
			state = feed(d.keywords, state, lower, sv.hit)
		}
		joined := append(tail, lower...)
		literal = literal || bytes.Contains(joined, []byte(opening))
		tail = append(tail[:0], joined[max(0, len(joined)-len(opening)+1):]...)
	})
	return sv, literal, err
}

// eachPart gives fn what r reads in parts of whole characters.
func eachPart(r io.Reader, fn func([]byte)) error {
	buf := make([]byte, surveyChunk)
	have := 0
	for {
		n, err := io.ReadFull(r, buf[have:])
		have += n
		end := have
		if err == nil {
			end = runes.Whole(buf[:have])
		}
		fn(buf[:end])
		have = copy(buf, buf[end:have])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// sequence is one matcher going through a long text.
type sequence struct {
	matcher
	an    *analysis
	reach int
	pos   int // where its search goes on, in the whole text
	done  bool
	found []span
	mark  bool // it finds placeholders, not findings
}

// find returns the leftmost match in text at or after i, as FindAll
// would find it there in the whole text, text being part of it.
func (s *sequence) find(text string, i int, atStart bool) []int {
	switch {
	case atStart && i == 0:
		return s.re.FindStringSubmatchIndex(text)
	case !s.an.looksBack:
		return shifted(s.re.FindStringSubmatchIndex(text[i:]), i, 0)
	}
	_, w := utf8.DecodeLastRuneInString(text[:i])
	return shifted(s.an.after().FindStringSubmatchIndex(text[i-w:]), i-w, 2)
}

// shifted is loc from its first drop indexes on, moved by by.
func shifted(loc []int, by, drop int) []int {
	if loc == nil {
		return nil
	}
	loc = loc[drop:]
	for k := range loc {
		if loc[k] >= 0 {
			loc[k] += by
		}
	}
	return loc
}

// scanWindows is scanLong in windows; nil when they cannot decide.
func (d *detector) scanWindows(sp chat.Spool, sv survey, literal bool) (*longScan, error) {
	wd := *d
	cut := &edges{}
	wd.cut = cut
	var seqs []*sequence
	for _, m := range wd.matchers(sv) {
		seqs = append(seqs, &sequence{matcher: m, an: analysisOf(m.re)})
	}
	if literal {
		seqs = append(seqs, &sequence{matcher: matcher{re: placeholderRe(), judge: func(text string, m []int, found []span) []span {
			return append(found, placeholderMark(text, m, ""))
		}}, an: analysisOf(placeholderRe()), mark: true})
	}
	if len(seqs) == 0 {
		return &longScan{}, nil
	}
	if ok, err := setReaches(sp, seqs); !ok || err != nil {
		return nil, err
	}
	w := window{r: sp.Open(), buf: make([]byte, 0, windowSize)}
	for {
		if err := w.fill(); err != nil {
			return nil, err
		}
		text := string(w.buf)
		scan := ""
		cut.left, cut.right = w.base > 0, !w.eof
		for _, s := range seqs {
			in := text
			if s.amp {
				if scan == "" {
					scan = strings.ReplaceAll(text, "&", " ")
				}
				in = scan
			}
			trusted := len(in)
			if !w.eof {
				trusted -= s.reach + contextBytes
			}
			for !s.done {
				i := s.pos - w.base
				loc := s.find(in, i, w.base == 0)
				if loc == nil || loc[0] > trusted {
					if w.eof {
						s.done = true
					} else if trusted > i {
						s.pos = w.base + runeStartAtOrBefore(text, trusted)
					}
					break
				}
				n := len(s.found)
				s.found = s.judge(in, loc, s.found)
				if cut.short {
					return nil, nil
				}
				for k := n; k < len(s.found); k++ {
					f := &s.found[k]
					f.value = strings.Clone(text[f.start:f.end])
					f.start += w.base
					f.end += w.base
				}
				s.pos = w.base + loc[1]
			}
		}
		if w.eof {
			break
		}
		from := -1
		for _, s := range seqs {
			if !s.done && (from < 0 || s.pos < from) {
				from = s.pos
			}
		}
		if from < 0 {
			break
		}
		from = w.base + runeStartAtOrBefore(text, max(0, from-w.base-contextBytes-utf8.UTFMax))
		if from <= w.base {
			return nil, nil // cannot happen: reachLimit leaves windows room to move
		}
		w.drop(from)
	}
	ls := &longScan{}
	for _, s := range seqs {
		if s.mark {
			ls.marks = s.found
		} else {
			ls.found = append(ls.found, s.found...)
		}
	}
	if len(ls.found) > 0 {
		ls.found = resolveOverlaps(d.allowed("", ls.found))
	}
	return ls, nil
}

// setReaches sets each sequence's reach in the text sp holds; false when
// one is over reachLimit or its expression can match nothing at all.
func setReaches(sp chat.Spool, seqs []*sequence) (bool, error) {
	type term struct {
		set   runeSet
		ascii [utf8.RuneSelf]bool // set, below utf8.RuneSelf
		run   int
	}
	var terms []*term
	for _, s := range seqs {
		if s.an.reach.empty {
			return false, nil
		}
		for _, rt := range s.an.reach.runs {
			t := &term{set: rt.set}
			for c := range rune(utf8.RuneSelf) {
				// a matcher that reads & as a space reads no & at all
				t.ascii[c] = t.set.has(c) && !(s.amp && c == '&') || s.amp && c == '&' && t.set.has(' ')
			}
			terms = append(terms, t)
		}
	}
	if len(terms) > 0 {
		current := make([]int, len(terms))
		err := eachPart(sp.Open(), func(part []byte) {
			for i := 0; i < len(part); {
				c, size := rune(part[i]), 1
				if c >= utf8.RuneSelf {
					c, size = utf8.DecodeRune(part[i:])
				}
				i += size
				for k, t := range terms {
					in := false
					if c < utf8.RuneSelf {
						in = t.ascii[c]
					} else {
						in = t.set.has(c)
					}
					if in {
						current[k] += size
						t.run = max(t.run, current[k])
					} else {
						current[k] = 0
					}
				}
			}
		})
		if err != nil {
			return false, err
		}
	}
	next := 0
	for _, s := range seqs {
		runs := make([]int, len(s.an.reach.runs))
		for k := range runs {
			runs[k] = terms[next].run
			next++
		}
		s.reach = s.an.reach.bound(runs)
		if s.reach > reachLimit {
			return false, nil
		}
	}
	return true, nil
}

// runeStartAtOrBefore is i, or the start of the character i is inside.
func runeStartAtOrBefore(text string, i int) int {
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

// window is the part of a long text being scanned: buf is text[base:].
type window struct {
	r    io.Reader
	buf  []byte
	base int
	eof  bool
}

// fill reads on until the window is full or the text ends (a character
// its end cuts is whole in the next window: it is past what is trusted).
func (w *window) fill() error {
	for !w.eof && len(w.buf) < cap(w.buf) {
		n, err := w.r.Read(w.buf[len(w.buf):cap(w.buf)])
		w.buf = w.buf[:len(w.buf)+n]
		if err == io.EOF {
			w.eof = true
		} else if err != nil {
			return err
		}
	}
	return nil
}

// drop moves the window's start on to from.
func (w *window) drop(from int) {
	w.buf = w.buf[:copy(w.buf, w.buf[from-w.base:])]
	w.base = from
}
