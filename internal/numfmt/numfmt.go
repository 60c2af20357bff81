// Package numfmt writes numbers as convkit's reports and messages show
// them to people, and reads the numbers of tokens people write (4k, 1M).
package numfmt

import (
	"strconv"
	"strings"
)

// Thousands writes n with commas between groups of three digits.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Plural says "1 message", "2 messages".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Decimal writes f with prec digits after the point and commas between
// groups of three before it: 1,010.4.
func Decimal(f float64, prec int) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	whole, frac, hasFrac := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil { // not finite, or too large to group
		return s
	}
	whole = Thousands(n)
	if n == 0 && strings.HasPrefix(s, "-") {
		whole = "-0"
	}
	if hasFrac {
		return whole + "." + frac
	}
	return whole
}
