// Images between formats: the media type an image URL implies, and the
// image_url part that keeps a media type its URL does not imply.

package convert

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// imageTypes are the media types that image file extensions imply. A table
// of our own, not package mime's, which reads the machine's mime.types:
// whether a URL's type can be left out must not depend on the machine.
var imageTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".heic": "image/heic", ".heif": "image/heif", ".bmp": "image/bmp",
	".svg": "image/svg+xml", ".avif": "image/avif", ".tif": "image/tiff", ".tiff": "image/tiff",
}

// urlImageType returns the media type the extension of url's path implies,
// or "" when it implies none.
func urlImageType(url string) string {
	if i := strings.IndexAny(url, "?#"); i >= 0 {
		url = url[:i]
	}
	return imageTypes[strings.ToLower(path.Ext(url))]
}

// imagePartTyped builds an image_url part for url whose media type is
// mediaType: when the URL's extension does not imply it, the part keeps it
// as "mime_type" beside the url ({"url": …, "mime_type": …}), a field
// OpenAI's API has no use for but that takes the type back to a format that
// needs it (Gemini's fileData).
func imagePartTyped(url, mediaType string) chat.Part {
	if mediaType == "" || urlImageType(url) == mediaType {
		return chat.ImagePart(url, "")
	}
	p := chat.ImagePart(url, "")
	var img object
	img.str("url", url).str("mime_type", mediaType)
	p.Raw = (&object{}).str("type", "image_url").raw("image_url", img.bytes()).bytes()
	return p
}

// imageType returns the media type an image_url part keeps (keptImageType),
// or the one its data: URL or extension implies, or "".
func imageType(p chat.Part) string {
	if mt := keptImageType(p); mt != "" {
		return mt
	}
	if mt, _, ok := dataURL(p.ImageURL); ok {
		return mt
	}
	return urlImageType(p.ImageURL)
}

// keptImageType returns the media type an image_url part keeps as
// "mime_type" beside its url, or "": what a target that takes only the URL
// loses.
func keptImageType(p chat.Part) string {
	var kept struct {
		ImageURL struct {
			MimeType string `json:"mime_type"`
		} `json:"image_url"`
	}
	if json.Unmarshal(p.Raw, &kept) != nil {
		return ""
	}
	return kept.ImageURL.MimeType
}

// imageType reports an image's kept media type (keptImageType) that a
// format which takes only the URL drops.
func (l *losses) imageType(p chat.Part) error {
	if keptImageType(p) == "" {
		return nil
	}
	return l.lose("image media types that the URL does not imply dropped")
}

// Long images in the vendor formats. A reader gives an image's base64
// data to a sink (chat.LongImageURL) with the head of its data: URL
// first, dataHead, so that the sink takes the URL a plain image's part
// holds, as the api reader's does; a block that turns out, at its end, to
// be kept as JSON holds the sink as its data alone (keptData). When the
// media type comes after the data, the sink takes the data alone, and a
// plain image's part puts the head before it (dataURLSink).

// dataHead returns the head of the data: URL of the image whose base64
// data is src's "data": "data:" and the media type the first of keys
// gives, before "data" in src, then ";base64,". ok is false when none of
// keys comes before "data". src may be an object as far as it has been
// read.
func dataHead(src *jsontree.Value, keys ...string) (head string, ok bool) {
	for _, k := range keys {
		for _, m := range src.Members {
			if m.Key == "data" {
				break
			}
			if m.Key == k {
				return "data:" + str(m.Value) + ";base64,", true
			}
		}
	}
	return "", false
}

// dataURLSink returns what a plain image's or file's part holds for the
// data: URL of src's "data", whose media type is mt: the sink of data,
// which took the URL whole when the media type, the first of keys, came
// before the data (dataHead), and else the data alone, the head then put
// before it (withHead).
func dataURLSink(src *jsontree.Value, mt string, keys ...string) chat.Sink {
	sink := src.Get("data").Sink
	if _, ok := dataHead(src, keys...); ok {
		return sink
	}
	return withHead(sink, "data:"+mt+";base64,")
}

// keptLongPart makes p, a part kept as JSON whose read is v, hold the
// string long of v, which went to a sink after head: in Long, with ""
// in a Spool's Raw where it goes (rawWithout).
func keptLongPart(p *chat.Part, v, long *jsontree.Value, head string) {
	p.Long = keptData(long.Sink, head)
	p.Raw, p.LongAt = rawWithout(v, long, p.Raw)
}
