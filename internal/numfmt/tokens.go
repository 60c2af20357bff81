package numfmt

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// ParseTokens reads a number of tokens: digits, or a number with a k or
// M suffix (case-insensitive) that makes a whole number.
func ParseTokens(s string) (int, error) {
	s = strings.TrimSpace(s)
	scale := 1.0
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		scale, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(s, "m"), strings.HasSuffix(s, "M"):
		scale, s = 1e6, s[:len(s)-1]
	}
	if scale == 1 {
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, ErrTokens
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	n := f * scale
	if err != nil || n != math.Trunc(n) || math.Abs(n) > math.MaxInt32 {
		return 0, ErrTokens
	}
	return int(n), nil
}

// ErrTokens is what ParseTokens refuses: its message says what it takes.
var ErrTokens = errors.New("a number of tokens, like 4000, 4k, 128k or 1M")

// Tokens is a flag.Value that reads a number of tokens as ParseTokens does.
type Tokens int

func (t *Tokens) String() string { return strconv.Itoa(int(*t)) }

// Set reads s as ParseTokens does.
func (t *Tokens) Set(s string) error {
	n, err := ParseTokens(s)
	if err == nil {
		*t = Tokens(n)
	}
	return err
}
