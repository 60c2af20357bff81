package numfmt

import "testing"

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234", -999: "-999"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 files"}, {1, "1 file"}, {2, "2 files"}} {
		if got := Plural(tc.n, "file"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		prec int
		want string
	}{{1010.44, 1, "1,010.4"}, {15, 1, "15.0"}, {1234567.891, 2, "1,234,567.89"}, {-0.04, 1, "-0.0"}, {-1234.5, 0, "-1,234"}, {999.96, 1, "1,000.0"}} {
		if got := Decimal(tc.f, tc.prec); got != tc.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", tc.f, tc.prec, got, tc.want)
		}
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"chat.json": 9, "日本語.json": 11, "café": 4, "cafe\u0301": 4, "🙂x": 3, "": 0} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
	if got := PadRight("日本", 6) + "|"; got != "日本  |" {
		t.Errorf("PadRight = %q", got)
	}
}
