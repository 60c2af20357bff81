// Files, audio and code between formats: the OpenAI file and input_audio
// parts that Anthropic documents and Gemini inlineData become, and the
// text that Gemini's code execution parts and Anthropic's text documents
// are written as where a format has no form for them.

package convert

import (
	"encoding/json"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// fileMediaTypes are the media types of data that becomes an OpenAI file
// part: the only one its file_data takes.
var fileMediaTypes = map[string]bool{"application/pdf": true}

// audioFormats are the Gemini media types of the audio an OpenAI
// input_audio part holds, by its format.
var audioFormats = map[string]string{"audio/wav": "wav", "audio/mp3": "mp3"}

// filePart builds an OpenAI file part of the file whose data: URL is
// url, or went to sink if it is not nil: a sink that reads as the whole
// URL (dataURLSink), as a reader gives it an image's.
func filePart(url string, sink chat.Sink, filename string) chat.Part {
	var file object
	if filename != "" {
		file.str("filename", filename)
	}
	if sink == nil {
		file.str("file_data", url)
		return chat.Part{Type: "file", Raw: (&object{}).str("type", "file").raw("file", file.bytes()).bytes()}
	}
	file.str("file_data", "")
	raw := (&object{}).str("type", "file").raw("file", file.bytes()).bytes()
	p := chat.Part{Type: "file", Long: asData(sink)}
	if _, ok := sink.(chat.Spool); ok {
		p.Raw, p.LongAt = raw, len(raw)-len(`""}}`)
	}
	return p
}

// audioPart builds an OpenAI input_audio part of base64 audio in format,
// whose data went to sink, after head, if it is not nil.
func audioPart(format, data string, sink chat.Sink, head string) chat.Part {
	audio := func(data string) []byte {
		return (&object{}).str("type", "input_audio").raw("input_audio", (&object{}).str("data", data).str("format", format).bytes()).bytes()
	}
	if sink == nil {
		return chat.Part{Type: "input_audio", Raw: audio(data)}
	}
	p := chat.Part{Type: "input_audio", Long: keptData(sink, head)}
	if _, ok := sink.(chat.Spool); ok {
		p.Raw = audio("")
		p.LongAt = len(`{"type":"input_audio","input_audio":{"data":`)
	}
	return p
}

// A dataSpool holds, as LongData, the data: URL a reader gave a spool as
// an image's (LongImageURL): a file part's file_data.
type dataSpool struct{ chat.Spool }

func (dataSpool) Kind() chat.LongKind { return chat.LongData }

func asData(sink chat.Sink) chat.Sink {
	if sp, ok := sink.(chat.Spool); ok {
		return dataSpool{sp}
	}
	return sink
}

// fileOf returns the media type, base64 data and filename of a file part
// whose file_data is a data: URL; ok is false for one that has none (a
// file_id).
func fileOf(p chat.Part) (mt, data, filename string, ok bool) {
	var f struct {
		File struct {
			Filename string `json:"filename"`
			FileData string `json:"file_data"`
		} `json:"file"`
	}
	if p.Type != "file" || json.Unmarshal(p.Raw, &f) != nil {
		return "", "", "", false
	}
	mt, data, ok = dataURL(f.File.FileData)
	return mt, data, f.File.Filename, ok
}

// audioOf returns the Gemini media type and base64 data of an input_audio
// part of a format Gemini takes.
func audioOf(p chat.Part) (mt, data string, ok bool) {
	var a struct {
		Audio struct {
			Data   *string `json:"data"`
			Format string  `json:"format"`
		} `json:"input_audio"`
	}
	if p.Type != "input_audio" || json.Unmarshal(p.Raw, &a) != nil || a.Audio.Data == nil {
		return "", "", false
	}
	for mt, format := range audioFormats {
		if format == a.Audio.Format {
			return mt, *a.Audio.Data, true
		}
	}
	return "", "", false
}

// fileFields reports the fields of a file part that a format with no
// place for a filename, or for the part's extra fields, drops.
func (l *losses) fileFields(p chat.Part, filename string, takes ...string) (chat.Fields, error) {
	if filename != "" {
		if err := l.lose("file names dropped"); err != nil {
			return nil, err
		}
	}
	return l.partFields(p, takes...)
}

// partText returns the text a part with no form in most formats is
// written as, and the loss that reports: a Gemini code execution part's
// code or output, fenced, or an Anthropic text document's text.
func partText(p chat.Part) (text, kind string, ok bool) {
	switch p.Type {
	case "gemini":
		var g struct {
			Part struct {
				Code *struct {
					Language string `json:"language"`
					Code     string `json:"code"`
				} `json:"executableCode"`
				Result *struct {
					Outcome string `json:"outcome"`
					Output  string `json:"output"`
				} `json:"codeExecutionResult"`
			} `json:"part"`
		}
		if json.Unmarshal(p.Raw, &g) != nil {
			return "", "", false
		}
		kind = "Gemini code execution parts written as text"
		switch {
		case g.Part.Code != nil:
			return fence(strings.ToLower(g.Part.Code.Language), g.Part.Code.Code), kind, true
		case g.Part.Result != nil:
			return fence("output", g.Part.Result.Output), kind, true
		}
	case "document":
		var d struct {
			Title  string `json:"title"`
			Source struct {
				Type string  `json:"type"`
				Data *string `json:"data"`
			} `json:"source"`
		}
		if json.Unmarshal(p.Raw, &d) != nil || d.Source.Type != "text" || d.Source.Data == nil {
			return "", "", false
		}
		text = *d.Source.Data
		if d.Title != "" {
			text = d.Title + "\n\n" + text
		}
		return text, "text documents written as text (their document framing lost)", true
	}
	return "", "", false
}

// fence writes s as a Markdown code block, its fence longer than any run
// of backticks in it.
func fence(info, s string) string {
	ticks := "```"
	for strings.Contains(s, ticks) {
		ticks += "`"
	}
	return ticks + info + "\n" + strings.TrimSuffix(s, "\n") + "\n" + ticks
}

// withPartFields returns p with fields added to its Raw, a part's
// object, after its own members: a block's cache_control kept on the
// part it becomes. A part with no Raw (its data in a sink that is not a
// spool: counted, not written) keeps none.
func withPartFields(p chat.Part, fields chat.Fields) chat.Part {
	if p.Raw == nil || len(fields) == 0 {
		return p
	}
	raw := append([]byte(nil), p.Raw[:len(p.Raw)-1]...)
	for _, f := range fields {
		raw = append(raw, ',')
		raw = appendString(raw, f.Key)
		raw = append(append(raw, ':'), f.Value...)
	}
	p.Raw = append(raw, '}')
	return p
}

// fieldsOf returns the members of v named in keys, compact.
func fieldsOf(v *jsontree.Value, keys ...string) chat.Fields {
	var fs chat.Fields
	for _, k := range keys {
		if m := v.Get(k); m != nil {
			fs = append(fs, chat.Field{Key: k, Value: m.Compact()})
		}
	}
	return fs
}
