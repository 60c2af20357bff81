package convert

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// geminiImages holds the image parts Gemini requests carry: inline data
// (both spellings), a Files API URI (no extension), a Cloud Storage URI
// whose extension implies its type, one whose extension says otherwise,
// and a PDF, which is no image and stays a Gemini part.
const geminiImages = `{"contents":[{"role":"user","parts":[
	{"text":"Compare these."},
	{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
	{"inline_data":{"mime_type":"image/webp","data":"UklGRg=="}},
	{"fileData":{"mimeType":"image/jpeg","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc123"}},
	{"fileData":{"mimeType":"image/png","fileUri":"gs://bucket/cat.png"}},
	{"fileData":{"mimeType":"image/jpeg","fileUri":"gs://bucket/dog.png"}},
	{"fileData":{"mimeType":"application/pdf","fileUri":"gs://bucket/paper.pdf"}}]}]}`

func TestGeminiImagesAsImageURL(t *testing.T) {
	api := convertData(t, []byte(geminiImages), "gemini", "api")
	var got struct {
		Messages []struct {
			Content []map[string]any `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(api, &got); err != nil {
		t.Fatalf("%v\n%s", err, api)
	}
	var types, urls []string
	for _, p := range got.Messages[0].Content {
		types = append(types, p["type"].(string))
		if img, ok := p["image_url"].(map[string]any); ok {
			u := img["url"].(string)
			if mt, ok := img["mime_type"]; ok {
				u += " " + mt.(string)
			}
			urls = append(urls, u)
		}
	}
	wantTypes := []string{"text", "image_url", "image_url", "image_url", "image_url", "image_url", "gemini"}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("part types %v, want %v", types, wantTypes)
	}
	wantURLs := []string{
		"data:image/png;base64,iVBORw0KGgo=",
		"data:image/webp;base64,UklGRg==",
		"https://generativelanguage.googleapis.com/v1beta/files/abc123 image/jpeg",
		"gs://bucket/cat.png",
		"gs://bucket/dog.png image/jpeg",
	}
	if !reflect.DeepEqual(urls, wantURLs) {
		t.Errorf("image urls\n%s\nwant\n%s", strings.Join(urls, "\n"), strings.Join(wantURLs, "\n"))
	}
	// And back: the same body, written in camelCase.
	back := convertData(t, api, "api", "gemini")
	want := strings.ReplaceAll(strings.ReplaceAll(geminiImages, "inline_data", "inlineData"), "mime_type", "mimeType")
	if !jsonEqual(t, back, []byte(want)) {
		t.Errorf("gemini → api → gemini changed the body:\n%s", back)
	}
}

// TestImageTypeLost: a target that takes only an image's URL says when the
// media type the URL does not imply is dropped.
func TestImageTypeLost(t *testing.T) {
	convs := decodeAll(t, geminiFormat, []byte(geminiImages))
	for _, f := range []*Format{anthropicFormat, responsesFormat} {
		_, warnings, err := encodeWith(f, convs, EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := f.Name + ": image media types that the URL does not imply dropped"
		if !strings.Contains(strings.Join(warnings, "\n"), want) {
			t.Errorf("%s warned %q, want %q among them", f.Name, warnings, want)
		}
	}
}
