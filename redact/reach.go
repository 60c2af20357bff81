package redact

import (
	"regexp/syntax"
	"slices"
	"unicode"
	"unicode/utf8"
)

// A reach bounds how many bytes a match of an expression can span, for
// scanning a long text a window at a time: a fixed part, plus, for each
// unbounded repetition (x*, x+, x{n,}), the longest run in the text of
// the characters x can match, times how often that repetition can occur
// in one match. Such a repetition consumes a run of characters it can
// match and nothing else, so no match is longer than the sum. Empty-width
// assertions (\b, ^, $) consume nothing but look one character further.
type reach struct {
	fixed int
	runs  []runTerm
	empty bool // the expression can match nothing at all
}

// runTerm is an unbounded repetition: times × the longest run of set.
type runTerm struct {
	set   runeSet
	times int
}

// runeSet is a set of runes as sorted, inclusive lo, hi pairs (as
// regexp/syntax writes classes).
type runeSet []rune

func (s runeSet) has(r rune) bool {
	i, _ := slices.BinarySearchFunc(s, r, func(e, r rune) int { return int(e - r) })
	// s[i] >= r: r is in a pair if it starts one, or lies within the pair
	// whose hi is s[i] (i odd).
	return i < len(s) && (s[i] == r || i%2 == 1)
}

// reachOf analyses re, parsed as regexp.Compile parses it.
func reachOf(re *syntax.Regexp) reach {
	var rc reach
	rc.fixed = rc.walk(re, 1)
	rc.empty = minLength(re) == 0
	return rc
}

// walk returns the fixed bytes re can span, times over, adding its
// unbounded repetitions to rc.runs.
func (rc *reach) walk(re *syntax.Regexp, times int) int {
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += runeBytes(r, re.Flags&syntax.FoldCase != 0)
		}
		return n * times
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return utf8.UTFMax * times
	case syntax.OpCapture, syntax.OpQuest:
		return rc.walk(re.Sub[0], times)
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n += rc.walk(sub, times)
		}
		return n
	case syntax.OpAlternate:
		n := 0
		for _, sub := range re.Sub {
			n = max(n, rc.walk(sub, times))
		}
		return n
	case syntax.OpRepeat:
		if re.Max >= 0 {
			return rc.walk(re.Sub[0], times*re.Max)
		}
		rc.runs = append(rc.runs, runTerm{set: runesOf(re.Sub[0]), times: times})
		return 0
	case syntax.OpStar, syntax.OpPlus:
		rc.runs = append(rc.runs, runTerm{set: runesOf(re.Sub[0]), times: times})
		return 0
	}
	return 0 // empty-width: assertions, the empty match
}

// runeBytes is the longest UTF-8 encoding of r, or of a rune it folds to.
func runeBytes(r rune, fold bool) int {
	n := utf8.RuneLen(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			n = max(n, utf8.RuneLen(f))
		}
	}
	return max(n, 1)
}

// runesOf is every rune re can match anywhere in a match.
func runesOf(re *syntax.Regexp) runeSet {
	var pairs []rune
	var add func(re *syntax.Regexp)
	add = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				pairs = append(pairs, r, r)
				if re.Flags&syntax.FoldCase != 0 {
					for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
						pairs = append(pairs, f, f)
					}
				}
			}
		case syntax.OpCharClass:
			pairs = append(pairs, re.Rune...)
		case syntax.OpAnyCharNotNL:
			pairs = append(pairs, 0, '\n'-1, '\n'+1, unicode.MaxRune)
		case syntax.OpAnyChar:
			pairs = append(pairs, 0, unicode.MaxRune)
		default:
			for _, sub := range re.Sub {
				add(sub)
			}
		}
	}
	add(re)
	return mergePairs(pairs)
}

// mergePairs sorts lo, hi pairs and joins those that overlap or touch.
func mergePairs(pairs []rune) runeSet {
	type pair struct{ lo, hi rune }
	ps := make([]pair, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		ps = append(ps, pair{pairs[i], pairs[i+1]})
	}
	slices.SortFunc(ps, func(a, b pair) int { return int(a.lo - b.lo) })
	var out runeSet
	for _, p := range ps {
		if n := len(out); n > 0 && p.lo <= out[n-1]+1 {
			out[n-1] = max(out[n-1], p.hi)
			continue
		}
		out = append(out, p.lo, p.hi)
	}
	return out
}

// minLength is the fewest runes a match of re can span.
func minLength(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return 1
	case syntax.OpCapture:
		return minLength(re.Sub[0])
	case syntax.OpPlus:
		return minLength(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * minLength(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n += minLength(sub)
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, sub := range re.Sub {
			if m := minLength(sub); n < 0 || m < n {
				n = m
			}
		}
		return max(n, 0)
	}
	return 0 // star, quest, assertions, the empty match
}

// bound is the longest a match can span in a text whose longest run of
// each term's set is runs[i] bytes.
func (rc reach) bound(runs []int) int {
	n := rc.fixed
	for i, t := range rc.runs {
		n += t.times * runs[i]
	}
	return n
}
