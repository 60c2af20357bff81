package convert

import (
	"bytes"
	"context"
	"errors"
	"html"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/convkit/convkit/chat"
)

// sharedConversations reads every shared test conversation.
func sharedConversations(t *testing.T) []*chat.Conversation {
	t.Helper()
	var convs []*chat.Conversation
	for _, path := range formatSamples(t, "shared") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := decodeWith(apiFormat, data, DecodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		convs = append(convs, cs...)
	}
	return convs
}

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	page, _, err := encodeWith(htmlFormat, sharedConversations(t), EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, bad := range []string{"<script", "<link", "<iframe", "src=\"http", "@import", "url(", "href=\"javascript"} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if tag := regexp.MustCompile(`<[^>]*\son[a-z]+=`).FindString(s); tag != "" {
		t.Errorf("page has an event handler: %s", tag)
	}
	for _, want := range []string{
		"Content-Security-Policy\" content=\"default-src 'none'",
		"&lt;script&gt;document.title = &#39;PWNED&#39;",
		"<pre><code class=\"language-go\">s := []int{1, 2, 3}",
		"class=\"role-user\"", "class=\"role-assistant\"", "class=\"role-system\"", "class=\"role-tool\"",
		"<img src=\"data:image/png;base64,",
		"[image: <a href=\"https://example.com/cat.jpg\">",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// chromiumFlags are the flags the machine notes give for a headless run
// that reaches for no network.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync"}

// chromium runs headless Chromium on a page with extra flags and returns
// what it printed.
func chromium(t *testing.T, bin, page string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	all := append(append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir()), args...)
	cmd := exec.CommandContext(ctx, bin, append(all, "file://"+page)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.Bytes())
	}
	return out
}

// domText escapes text as Chromium serializes a text node.
var domText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

// TestHTMLInChromium opens the page in headless Chromium: every message is
// in the rendered DOM, the <script> and onerror handler inside messages did
// not run, and a screenshot (saved as testdata/out/html-chromium.png) shows
// each role's colour.
func TestHTMLInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
	}
	dir := t.TempDir()

	// The check must be able to fail: a page with a live script does change
	// its title in the dumped DOM.
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte("<!DOCTYPE html><title>before</title><script>document.title='PWNED'</script>"), 0o644)
	if m := titleRE.FindSubmatch(chromium(t, bin, control, "--dump-dom")); m == nil || string(m[1]) != "PWNED" {
		t.Fatalf("control page: scripts do not run in this Chromium, so the check below proves nothing (title %q)", m)
	}

	convs := sharedConversations(t)
	page, _, err := encodeWith(htmlFormat, convs, EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "page.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(chromium(t, bin, path, "--dump-dom"))
	if m := titleRE.FindStringSubmatch(dom); m == nil || m[1] != html.EscapeString(convTitle(convs[0], 1)) {
		t.Errorf("title after load is %q: a script in a message ran", m)
	}
	if strings.Contains(dom, `<h1 id="pwned">`) {
		t.Error("the <script> inside a message rewrote the page")
	}
	total := 0
	for _, c := range convs {
		for i := range c.Messages {
			total++
			first := strings.SplitN(contentText(c.Messages[i].Content), "\n", 2)[0]
			if !strings.Contains(dom, domText.Replace(first)) {
				t.Errorf("message %q is not in the rendered page", first)
			}
		}
	}
	if n := strings.Count(dom, "<article "); n != total {
		t.Errorf("rendered page has %d message cards, want %d", n, total)
	}

	shot := filepath.Join(dir, "shot.png")
	chromium(t, bin, path, "--screenshot="+shot, "--window-size=1000,4000", "--hide-scrollbars")
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("../testdata/out", 0o755); err == nil {
		os.WriteFile("../testdata/out/html-chromium.png", data, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for role, c := range map[string]color.RGBA{
		"user": {0x09, 0x69, 0xda, 0xff}, "assistant": {0x1a, 0x7f, 0x37, 0xff},
		"system": {0x82, 0x50, 0xdf, 0xff}, "tool": {0xbc, 0x4c, 0x00, 0xff},
	} {
		if !hasColor(img, c) {
			t.Errorf("the screenshot shows no %s card (colour %v)", role, c)
		}
	}
}

// hasColor reports whether some pixel of img is close to c.
func hasColor(img image.Image, c color.RGBA) bool {
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -12 && d < 12 }
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(b, c.B) {
				return true
			}
		}
	}
	return false
}

// TestHTMLLosses: the page shows conversation and message fields, tool
// calls and every part, so it warns of nothing there; what it does not
// show (metadata but the timestamp, a text's annotations, an image's
// detail, a Responses call's item fields) it tells once each, and refuses
// under Strict.
func TestHTMLLosses(t *testing.T) {
	shown := decodeAll(t, apiFormat, []byte(`{"model":"m","title":"T","messages":[
	{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"https://x.example/cat.png"}}],"recipient":"all"},
	{"role":"assistant","content":[{"type":"thinking","thinking":"A cat."},{"type":"text","text":"Let me check."}],"tool_calls":[{"id":"c1","type":"function","function":{"name":"lookup","arguments":"{}"}}]},
	{"role":"tool","tool_call_id":"c1","name":"lookup","content":"A cat."}]}`))
	if _, warnings, err := encodeWith(htmlFormat, shown, EncodeOptions{Strict: true}); err != nil || len(warnings) > 0 {
		t.Errorf("what the page shows: %v, warnings %q", err, warnings)
	}
	lossy := decodeAll(t, metaFormat, []byte(`{"messages":[
	{"role":"user","content":[{"type":"text","text":"Hi","annotations":[{"type":"url_citation","url":"u"}]},{"type":"image_url","image_url":{"url":"https://x.example/a.png","detail":"low"}},
	{"type":"image_url","image_url":{"url":"data:application/pdf;base64,`+strings.Repeat("QUFB", 30)+`"}}],"metadata":{"timestamp":"2025-01-01T00:00:00Z","message_index":0}}]}`))
	lossy = append(lossy, decodeAll(t, responsesFormat, []byte(`{"input":[{"type":"function_call","id":"fc_1","call_id":"c1","name":"f","arguments":"{}","status":"completed"}]}`))...)
	_, warnings, err := encodeWith(htmlFormat, lossy, EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, warnings,
		"html: message metadata other than the timestamp dropped",
		"html: annotations dropped",
		"html: image detail dropped",
		"html: data of image URLs that are not images shortened",
		"html: Responses item fields of tool calls (id, status) dropped")
	var le *LossError
	if _, _, err := encodeWith(htmlFormat, lossy, EncodeOptions{Strict: true}); !errors.As(err, &le) {
		t.Errorf("under Strict: %v, want a LossError", err)
	}
}
