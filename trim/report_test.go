package trim

import (
	"testing"

	"github.com/convkit/convkit/chat"
)

func TestReportString(t *testing.T) {
	budget := 50
	tests := []struct {
		r    Report
		want string
	}{
		{Report{Messages: 1, Kept: 1, Tokens: 9, KeptTokens: 9}, "kept 1 of 1 message, 9 of 9 tokens; dropped 0 messages, 0 tokens"},
		{Report{Messages: 3, Kept: 2, Dropped: 1, Tokens: 60, KeptTokens: 45, DroppedTokens: 20, Budget: &budget, Marker: true, MarkerTokens: 5, Cut: &Cut{Index: 1, Tokens: 30, KeptTokens: 10}},
			"kept 2 of 3 messages, 45 of 60 tokens (budget 50); dropped 1 message, 20 tokens; marker 5 tokens; cut message 2 from 30 to 10 tokens"},
	}
	for _, tc := range tests {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

func TestMarkerTemplate(t *testing.T) {
	d := Dropped{Messages: make([]chat.Message, 3), Tokens: 42}
	for _, tc := range []struct {
		tmpl string
		keep Keep
		want string
	}{
		{"", KeepLast, "[3 earlier messages (42 tokens) were left out]"},
		{"", KeepFirst, "[3 later messages (42 tokens) were left out]"},
		{"{messages}/{tokens}/{messages}", KeepLast, "3/42/3"},
	} {
		if got, err := MarkerTemplate(tc.tmpl, tc.keep)(d); err != nil || got != tc.want {
			t.Errorf("MarkerTemplate(%q, %d) = %q, %v; want %q", tc.tmpl, tc.keep, got, err, tc.want)
		}
	}
}
