package convert

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestTextPartFieldsDropped: a target with no place for a text part's
// citations, cache_control or annotations says so once per kind, and
// refuses under Strict; empty annotations and logprobs lose nothing.
func TestTextPartFieldsDropped(t *testing.T) {
	citation := `{"type":"web_search_result_location","url":"https://w.example","title":"W","encrypted_index":"Eo8B","cited_text":"15C"}`
	sources := []struct {
		format, doc string
		lost        []string
	}{
		{"anthropic", `{"system":[{"type":"text","text":"Be brief."}],"messages":[
			{"role":"user","content":[{"type":"text","text":"q"},{"type":"text","text":"context","cache_control":{"type":"ephemeral"}}]},
			{"role":"assistant","content":[{"type":"text","text":"Paris is 15C.","citations":[` + citation + `]},{"type":"text","text":"Sunny.","citations":[` + citation + `]}]}]}`,
			[]string{"cache_control dropped", "citations dropped"}},
		{"responses", `{"input":[{"role":"user","content":"q"},{"role":"assistant","content":[
			{"type":"output_text","text":"Paris is 15C.","annotations":[{"type":"url_citation","url":"https://w.example","title":"W","start_index":0,"end_index":5}],"logprobs":[]},
			{"type":"output_text","text":"Sunny.","annotations":[],"logprobs":[]}]}]}`,
			[]string{"annotations dropped"}},
	}
	partFieldKinds := []string{"annotations dropped", "cache_control dropped", "citations dropped", "logprobs dropped"}
	for _, src := range sources {
		convs := decodeAll(t, mustFormat(t, src.format), []byte(src.doc))
		for _, to := range []string{"anthropic", "responses", "gemini", "sharegpt", "chatml", "alpaca", "text", "markdown"} {
			want := src.lost
			if to == src.format {
				want = nil
			}
			_, warnings, err := encodeWith(mustFormat(t, to), convs, EncodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range warnings {
				if kind := strings.TrimPrefix(w, to+": "); slices.Contains(partFieldKinds, kind) {
					got = append(got, kind)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s to %s: warnings %q, want %q", src.format, to, warnings, want)
			}
			_, _, err = encodeWith(mustFormat(t, to), convs, EncodeOptions{Strict: true})
			var le *LossError
			if len(want) > 0 && (!errors.As(err, &le) || !slices.Contains(want, le.Kind)) {
				t.Errorf("%s to %s, strict: %v, want a LossError about one of %q", src.format, to, err, want)
			}
		}
	}
}
