package suggest

import "testing"

func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"cout", []string{"export", "count", "trim", "chunk"}, "count"},
		{"josn", []string{"json", "by", "total"}, "json"},
		{"gpt4o", []string{"gpt-4o", "gpt-4", "gpt-4o-mini"}, "gpt-4o"},
		{"cl100k", []string{"cl100k_base", "o200k_base", "p50k_base"}, "cl100k_base"},
		{"markdwon", []string{"api", "markdown", "md"}, "markdown"},
		{"zzzz", []string{"json", "count"}, ""},
		{"x", []string{"json", "m"}, ""},
		{"json", []string{"json"}, ""},
	} {
		if got := DidYouMean(tc.name, tc.candidates); got != tc.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "abc", 3}, {"kitten", "sitting", 3}, {"josn", "json", 1}, {"same", "same", 0}, {"é", "e", 1}} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
