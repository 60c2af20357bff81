package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/convkit/convkit/chat"
)

// htmlFormat writes one self-contained page: inline CSS, no script, nothing
// fetched from the network (a Content-Security-Policy forbids it too). Each
// message is a card coloured by role; code fences become <pre> blocks; every
// conversation opens with an index of its messages. All content is escaped.
var htmlFormat = &Format{
	Name:        "html",
	Description: "self-contained HTML page, a card per message (write only)",
	Extensions:  []string{".html", ".htm"},
	PassesLong:  true,
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &htmlEncoder{w: w, losses: newLosses("html", opts)}
	},
}

const htmlStyle = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--line:#d1d9e0}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:860px;margin:0 auto;padding:24px 16px 64px}
h1{font-size:1.35em;margin:32px 0 8px}
.meta{color:var(--muted);font-size:.85em;margin:0 0 12px}
nav.index{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;margin:0 0 20px;font-size:.9em}
nav.index ol{margin:6px 0;padding-left:2.2em;max-height:16em;overflow:auto}
nav.index a{color:inherit;text-decoration:none}
nav.index a:hover{text-decoration:underline}
article{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--role);border-radius:8px;margin:0 0 14px;padding:10px 16px 12px}
article header{display:flex;gap:10px;align-items:baseline;font-size:.85em;color:var(--muted);margin-bottom:4px}
article header .role{font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--role)}
article header a{color:inherit;margin-left:auto;text-decoration:none}
.role-user{--role:#0969da}
.role-assistant{--role:#1a7f37;background:#fbfefb}
.role-system,.role-developer{--role:#8250df;background:#fbfaff}
.role-tool,.role-function{--role:#bc4c00;background:#fffaf5}
.role-other{--role:#59636e}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
pre{background:#f0f2f4;border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow:auto;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:8px 0}
.call{border-top:1px dashed var(--line);margin-top:8px;padding-top:6px;font-size:.9em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
details{margin:6px 0;font-size:.9em}
summary{cursor:pointer;color:var(--muted)}
img{max-width:100%;border-radius:6px}
`

type htmlEncoder struct {
	w      io.Writer
	losses *losses
	n      int
	err    error
}

func (e *htmlEncoder) Encode(c *chat.Conversation) error {
	if e.err != nil {
		return e.err
	}
	if err := htmlLosses(c, e.losses); err != nil {
		return err
	}
	e.n++
	var b []byte
	var splices []splice
	b, splices, e.err = renderText(c, htmlCopying, func(marked *chat.Conversation) ([]byte, error) {
		return e.render(c, marked)
	})
	if e.err == nil {
		e.err = writeSpliced(e.w, b, splices)
	}
	return e.err
}

// htmlCopying says how the HTML writer writes a spooled string: a text as
// htmlText does, a data: image escaped, a part it shows as JSON (audio,
// a refusal) escaped twice, a tool call's arguments indented if JSON. An
// image of another kind is shortened: read whole.
func htmlCopying(m *chat.Message, at place, sp chat.Spool) copier {
	switch {
	case isThinkingSpool(m, sp): // its text and its other fields apart: read whole
		return nil
	case at == textPlace && (m.Content.Long == sp || slices.ContainsFunc(m.Content.Parts, func(p chat.Part) bool { return p.Long == sp && isTextPart(p) })):
		return copyHTMLText(sp)
	case at == textPlace || at == dataPlace:
		return copyJSONInHTML
	case at == argsPlace:
		if c, err := argumentsHTMLCopier(sp); err == nil {
			return c
		}
	case at == imagePlace:
		var head [len("data:image/")]byte
		if _, err := io.ReadFull(sp.Open(), head[:]); err == nil && string(head[:]) == "data:image/" {
			return copyHTMLEscaped
		}
	}
	return nil
}

// render writes c, the conversation numbered e.n, from marked, c with
// markers for its spooled strings; the index's snippets it reads from c.
func (e *htmlEncoder) render(c, marked *chat.Conversation) ([]byte, error) {
	var b strings.Builder
	if e.n == 1 {
		fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"+
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
			"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"+
			"<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", html.EscapeString(convTitle(c, e.n)), htmlStyle)
	}
	sid := fmt.Sprintf("c%d", e.n)
	fmt.Fprintf(&b, "<section id=\"%s\">\n<h1>%s</h1>\n", sid, html.EscapeString(convTitle(c, e.n)))
	meta := append(convDetails(c), fmt.Sprintf("%d messages", len(c.Messages)))
	fmt.Fprintf(&b, "<p class=\"meta\">%s</p>\n", html.EscapeString(strings.Join(meta, " · ")))
	if extra := fieldsJSON(c.Extra); extra != "" {
		fmt.Fprintf(&b, "<details><summary>conversation fields</summary><pre><code>%s</code></pre></details>\n", html.EscapeString(extra))
	}
	b.WriteString("<nav class=\"index\"><details><summary>Messages</summary><ol>\n")
	for i := range c.Messages {
		m := &c.Messages[i]
		s, err := snippet(m)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "<li><a href=\"#%s-m%d\"><b>%s</b> %s</a></li>\n", sid, i+1, html.EscapeString(string(m.Role)), html.EscapeString(s))
	}
	b.WriteString("</ol></details></nav>\n")
	for i := range marked.Messages {
		htmlMessage(&b, &marked.Messages[i], fmt.Sprintf("%s-m%d", sid, i+1), i+1)
	}
	b.WriteString("</section>\n")
	return []byte(b.String()), nil
}

// snippet is the start of a message's text, on one line, for the index;
// of a spooled string it reads what it needs.
func snippet(m *chat.Message) (string, error) {
	var sn snippetText
	if err := sn.content(m.Content); err != nil {
		return "", err
	}
	s := string(sn.b)
	if s == "" && len(m.ToolCalls) > 0 {
		s = "→ " + m.ToolCalls[0].Name + "(…)"
	}
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return s, nil
}

func htmlMessage(b *strings.Builder, m *chat.Message, id string, n int) {
	class := "role-" + string(m.Role)
	if !m.Role.Known() {
		class = "role-other"
	}
	fmt.Fprintf(b, "<article class=\"%s\" id=\"%s\">\n<header><span class=\"role\">%s</span>", class, id, html.EscapeString(string(m.Role)))
	if m.Name != "" {
		fmt.Fprintf(b, "<span>%s</span>", html.EscapeString(m.Name))
	}
	if m.ToolCallID != "" {
		fmt.Fprintf(b, "<span>result of <code>%s</code></span>", html.EscapeString(m.ToolCallID))
	}
	var ts string
	if json.Unmarshal(m.Meta.Get("timestamp"), &ts) == nil && ts != "" {
		fmt.Fprintf(b, "<span>%s</span>", html.EscapeString(ts))
	}
	fmt.Fprintf(b, "<a href=\"#%s\">#%d</a></header>\n", id, n)
	switch m.Content.Form {
	case chat.ContentString:
		htmlTextOrMarker(b, m.Content.Text)
	case chat.ContentParts:
		for _, p := range m.Content.Parts {
			htmlPart(b, p)
		}
	}
	for _, tc := range m.ToolCalls {
		fmt.Fprintf(b, "<div class=\"call\">tool call <code>%s</code> <span class=\"meta\">%s</span><pre><code>%s</code></pre></div>\n",
			html.EscapeString(tc.Name), html.EscapeString(tc.ID), html.EscapeString(prettyJSON([]byte(tc.Arguments))))
	}
	if extra := fieldsJSON(m.Extra); extra != "" {
		fmt.Fprintf(b, "<details><summary>fields</summary><pre><code>%s</code></pre></details>\n", html.EscapeString(extra))
	}
	b.WriteString("</article>\n")
}

func htmlPart(b *strings.Builder, p chat.Part) {
	switch p.Type {
	case "text", "input_text", "output_text":
		htmlTextOrMarker(b, p.Text)
	case "image_url":
		if strings.HasPrefix(p.ImageURL, "data:image/") {
			fmt.Fprintf(b, "<img src=\"%s\" alt=\"image\">\n", html.EscapeString(p.ImageURL))
		} else if isWebAddress(p.ImageURL) {
			// A link, not an <img>: the page fetches nothing by itself.
			fmt.Fprintf(b, "<p class=\"text\">[image: <a href=\"%s\">%s</a>]</p>\n", html.EscapeString(p.ImageURL), html.EscapeString(p.ImageURL))
		} else { // javascript: and the like are never made links
			fmt.Fprintf(b, "<p class=\"text\">[image: %s]</p>\n", html.EscapeString(shortURL(p.ImageURL)))
		}
	case "redacted_thinking":
		fmt.Fprintf(b, "<p class=\"meta\">%s</p>\n", redactedThinkingMark)
	default:
		if text, rest, ok := thinkingOf(p); ok {
			b.WriteString("<details><summary>Thinking</summary>\n")
			htmlText(b, text)
			if rest != nil {
				fmt.Fprintf(b, "<pre><code>%s</code></pre>\n", html.EscapeString(prettyJSON(rest)))
			}
			b.WriteString("</details>\n")
			return
		}
		fmt.Fprintf(b, "<details><summary>%s</summary><pre><code>%s</code></pre></details>\n", html.EscapeString(p.Type), html.EscapeString(prettyJSON(p.Raw)))
	}
}

// isWebAddress reports whether url is an http or https address, which the
// page links to.
func isWebAddress(url string) bool {
	u := strings.ToLower(url)
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

// htmlLosses reports what the page does not show of c: message metadata
// but the timestamp, the fields of text and image parts (annotations,
// an image's detail …), the data of redacted thinking blocks, the data of an image URL it shortens (one that is
// neither a data: image nor a web address), and the fields of the
// Responses items tool calls were read from. Conversation and message
// fields, tool calls and other parts it shows, as JSON where need be.
func htmlLosses(c *chat.Conversation, l *losses) error {
	for i := range c.Messages {
		m := &c.Messages[i]
		if slices.ContainsFunc(m.Meta, func(f chat.Field) bool { return f.Key != "timestamp" }) {
			if err := l.lose("message metadata other than the timestamp dropped"); err != nil {
				return err
			}
		}
		if err := l.textFieldsDropped(m.Content); err != nil {
			return err
		}
		if err := l.redactedThinkingShown(m.Content); err != nil {
			return err
		}
		for _, p := range m.Content.Parts {
			if p.Type != "image_url" {
				continue
			}
			if p.Detail != "" {
				if err := l.lose("image detail dropped"); err != nil {
					return err
				}
			}
			if _, err := l.partFields(p); err != nil {
				return err
			}
			url := p.ImageURL
			if sp, ok := p.Long.(chat.Spool); ok {
				head, err := spoolHead(sp)
				if err != nil {
					return err
				}
				url = head + "…" // long: shortURL shortens it if it is data
			}
			if !strings.HasPrefix(url, "data:image/") && !isWebAddress(url) && shortURL(url) != url {
				if err := l.lose("data of image URLs that are not images shortened"); err != nil {
					return err
				}
			}
		}
		for _, tc := range m.ToolCalls {
			if responseItemFields(tc.Raw) != nil {
				if err := l.lose("Responses item fields of tool calls (id, status) dropped"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// htmlTextOrMarker writes text as htmlText does, or a marker as it is:
// its copier (copyHTMLText) writes the text as htmlText does.
func htmlTextOrMarker(b *strings.Builder, text string) {
	if isMarker(text) {
		b.WriteString(text)
		return
	}
	htmlText(b, text)
}

// htmlText writes text, its fenced code blocks as <pre> blocks.
func htmlText(b *strings.Builder, s string) {
	lines := strings.Split(s, "\n")
	var para []string
	flush := func() {
		// Blank lines around a code block are the block's spacing, not text.
		if text := strings.Trim(strings.Join(para, "\n"), "\n"); text != "" {
			fmt.Fprintf(b, "<p class=\"text\">%s</p>\n", html.EscapeString(text))
		}
		para = nil
	}
	for i := 0; i < len(lines); i++ {
		trimmed := strings.TrimLeft(lines[i], " ")
		if !strings.HasPrefix(trimmed, "```") {
			para = append(para, lines[i])
			continue
		}
		fence := trimmed[:len(trimmed)-len(strings.TrimLeft(trimmed, "`"))]
		end := i + 1
		for end < len(lines) && strings.TrimSpace(lines[end]) != fence {
			end++
		}
		if end == len(lines) { // an unclosed fence is text
			para = append(para, lines[i])
			continue
		}
		flush()
		lang := strings.TrimSpace(trimmed[len(fence):])
		class := ""
		if lang != "" {
			class = fmt.Sprintf(" class=\"language-%s\"", html.EscapeString(lang))
		}
		fmt.Fprintf(b, "<pre><code%s>%s</code></pre>\n", class, html.EscapeString(strings.Join(lines[i+1:end], "\n")))
		i = end
	}
	flush()
}

// prettyJSON indents JSON text; anything else comes back as it is.
func prettyJSON(data []byte) string {
	var buf bytes.Buffer
	if json.Indent(&buf, data, "", "  ") != nil {
		return string(data)
	}
	return buf.String()
}

func fieldsJSON(fs chat.Fields) string {
	if len(fs) == 0 {
		return ""
	}
	return prettyJSON((&object{}).fields(fs).bytes())
}

func (e *htmlEncoder) Close() error {
	if e.err != nil || e.n == 0 {
		return e.err
	}
	_, e.err = io.WriteString(e.w, "</main>\n</body>\n</html>\n")
	return e.err
}
