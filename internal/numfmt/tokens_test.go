package numfmt

import "testing"

func TestParseTokens(t *testing.T) {
	for in, want := range map[string]int{"4000": 4000, "4k": 4000, "128K": 128000, "1M": 1000000, "1.5k": 1500, "0": 0, "-5": -5} {
		if got, err := ParseTokens(in); err != nil || got != want {
			t.Errorf("ParseTokens(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "k", "4x", "1.5", "0.0001k", "4kk", "99999999M"} {
		if _, err := ParseTokens(in); err == nil {
			t.Errorf("ParseTokens(%q) succeeded", in)
		}
	}
}

func TestTokensFlagValue(t *testing.T) {
	v := Tokens(7)
	if err := v.Set("4k"); err != nil || v != 4000 || v.String() != "4000" {
		t.Errorf("Set(4k): %v, %v", v, err)
	}
	if err := v.Set("4x"); err != ErrTokens || v != 4000 {
		t.Errorf("Set(4x): %v, %v", v, err)
	}
}
