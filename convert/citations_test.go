package convert

import "testing"

// TestURLCitationsBetweenOpenAIAPIs: a web search's url_citation
// annotations, on a Chat Completions message or a Responses output_text,
// are written in the other API's shape, and come back as they were.
func TestURLCitationsBetweenOpenAIAPIs(t *testing.T) {
	api := []byte(`{"messages":[{"role":"user","content":"What is new in Go?"},
	{"role":"assistant","content":"Go 1.26 is out.","annotations":[
		{"type":"url_citation","url_citation":{"start_index":0,"end_index":15,"url":"https://go.dev/blog","title":"The Go Blog"}},
		{"type":"url_citation","url_citation":{"end_index":15,"start_index":3,"title":"Release notes","url":"https://go.dev/doc/go1.26"}}]}]}`)
	responses := []byte(`{"input":[{"role":"user","content":"What is new in Go?"},
	{"role":"assistant","content":[{"type":"output_text","text":"Go 1.26 is out.","annotations":[
		{"type":"url_citation","start_index":0,"end_index":15,"url":"https://go.dev/blog","title":"The Go Blog"},
		{"type":"url_citation","end_index":15,"start_index":3,"title":"Release notes","url":"https://go.dev/doc/go1.26"}]}]}]}`)
	convertsBothWays(t, "api", api, "responses", responses, nil)
}
