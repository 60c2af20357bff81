package schema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/convkit/convkit/internal/jsontree"
)

// The schema library turns every number into an exact rational. A number
// like 1e10000000 makes it build a ten-million-digit integer or, past its
// own limit, fail with a nil it then dereferences. Numbers are checked
// against these bounds before they reach it: no conversation field needs
// more (float64 itself stops at 1e308).
const (
	// MaxNumberExponent is the largest decimal exponent, either sign, of a
	// number a document or a schema may hold.
	MaxNumberExponent = 1000
	// MaxNumberDigits is the longest number literal, in bytes.
	MaxNumberDigits = 1000
)

// numberTooBig says why a number literal is out of bounds, or "".
func numberTooBig(lit string) string {
	if len(lit) > MaxNumberDigits {
		return fmt.Sprintf("number of %d characters: longer than %d", len(lit), MaxNumberDigits)
	}
	i := strings.IndexAny(lit, "eE")
	if i < 0 {
		return ""
	}
	// The digits before the point move the exponent too, by at most
	// MaxNumberDigits: still far from what the library chokes on.
	e, err := strconv.Atoi(strings.TrimPrefix(lit[i+1:], "+"))
	if err != nil || e > MaxNumberExponent || e < -MaxNumberExponent {
		return fmt.Sprintf("number %s: exponent out of range (at most %d either way)", abbreviate(lit), MaxNumberExponent)
	}
	return ""
}

// abbreviate shortens a long literal for a message.
func abbreviate(s string) string {
	if len(s) > 24 {
		return s[:20] + "…"
	}
	return s
}

// hugeNumber returns the first number under v that the schema library
// must not see, or nil.
func hugeNumber(v *jsontree.Value) *jsontree.Value {
	switch v.Kind {
	case jsontree.Number:
		if numberTooBig(v.Str) != "" {
			return v
		}
	case jsontree.Array:
		for _, item := range v.Items {
			if h := hugeNumber(item); h != nil {
				return h
			}
		}
	case jsontree.Object:
		for _, m := range v.Members {
			if h := hugeNumber(m.Value); h != nil {
				return h
			}
		}
	}
	return nil
}

// pointerTo returns the JSON pointer of target under v, relative to v.
func pointerTo(v, target *jsontree.Value) (string, bool) {
	if v == target {
		return "", true
	}
	switch v.Kind {
	case jsontree.Array:
		for i, item := range v.Items {
			if p, ok := pointerTo(item, target); ok {
				return "/" + strconv.Itoa(i) + p, true
			}
		}
	case jsontree.Object:
		for _, m := range v.Members {
			if p, ok := pointerTo(m.Value, target); ok {
				return "/" + escapePointer(m.Key) + p, true
			}
		}
	}
	return "", false
}
