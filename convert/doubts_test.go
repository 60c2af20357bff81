package convert

import "testing"

func TestHasLoneSurrogate(t *testing.T) {
	for src, want := range map[string]bool{
		`"plain"`:               false,
		`"\ud83d\ude00"`:        false, // a pair: 😀
		`"\ud800"`:              true,
		`"a \udc00 b"`:          true,
		`"\ud83d x"`:            true,
		`"\\ud800"`:             false, // an escaped backslash, then text
		`"\n\u00e9\"\ud800\""`:  true,
		`"\uD83D\uDE00 \uDBFF"`: true,
	} {
		if got := hasLoneSurrogate([]byte(src)); got != want {
			t.Errorf("hasLoneSurrogate(%s) = %v, want %v", src, got, want)
		}
	}
}
