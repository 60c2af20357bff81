package trim

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count"
)

// memSpool is a chat.Spool over a string, read in reads of a few KiB,
// with count's LongText as its tee, as a trim's spools are.
type memSpool struct {
	text string
	tee  *count.LongText
}

func newMemSpool(t *testing.T, c *count.Counter, text string) *memSpool {
	tee := c.LongText(2)
	if _, err := io.WriteString(tee, text); err != nil {
		t.Fatal(err)
	}
	if err := tee.Close(); err != nil {
		t.Fatal(err)
	}
	return &memSpool{text, tee}
}

func (s *memSpool) Write(p []byte) (int, error) { return len(p), nil }
func (s *memSpool) Close() error                { return nil }
func (s *memSpool) Abort()                      {}
func (s *memSpool) Kind() chat.LongKind         { return chat.LongText }
func (s *memSpool) Runes() int                  { return utf8.RuneCountInString(s.text) }
func (s *memSpool) Tee() chat.Sink              { return s.tee }
func (s *memSpool) Open() io.Reader {
	return io.LimitReader(struct{ io.Reader }{strings.NewReader(s.text)}, int64(len(s.text)))
}

// cutsOf is count's counter as trim's LongCutter.
type cutsOf struct{ c *count.Counter }

func (l cutsOf) CutPoints(r io.Reader, from int64) (int, []int64, error) {
	return l.c.CutPoints(r, from, 2)
}
func (l cutsOf) CutPointsBefore(r io.Reader, to int64) (int, []int64, error) {
	return l.c.CutPointsBefore(r, to, 2)
}
func (l cutsOf) MaxTokenLen() int { return l.c.MaxTokenLen() }

// TestSpooledCutIsHeldCut trims, with AllowPartial, conversations whose
// long user text is held, then the same text in a spool: the cut, the
// result and the report must be the same, for long texts of mixed
// ASCII, of one letter, of multibyte letters and emoji, in both
// encodings, at budgets that keep a little of the text and more, of its
// end and of its start.
func TestSpooledCutIsHeldCut(t *testing.T) {
	texts := map[string]string{
		"mixed":     strings.Repeat("The quick brown fox — jumps “over” the lazy dog\n\t {\"k\": 1} é 漢字 😀 ", 3000),
		"ascii":     strings.Repeat("It was the best of times, it was the worst of times; 1984 and 2001. ", 3000),
		"letter":    strings.Repeat("a", 200000),
		"multibyte": strings.Repeat("東京の夜は長い。😀👍🏽中文", 8000),
		"emoji":     strings.Repeat("😀", 60000),
	}
	for _, enc := range []string{"o200k_base", "cl100k_base"} {
		c, err := count.New(count.Options{Encoding: enc})
		if err != nil {
			t.Fatal(err)
		}
		starts, err := TokenStarts(enc)
		if err != nil {
			t.Fatal(err)
		}
		for name, text := range texts {
			held := conv(msg(chat.System, "be brief"), msg(chat.User, text), msg(chat.Assistant, "ok"))
			spooled := conv(held.Messages[0], held.Messages[1], held.Messages[2])
			spooled.Messages[1].Content = chat.Content{Form: chat.ContentString, Long: newMemSpool(t, c, text)}
			for _, keep := range []Keep{KeepLast, KeepFirst} {
				for _, budget := range []int{30, 257, 1000, 4000} {
					opts := Defaults()
					opts.Budget, opts.Keep, opts.AllowPartial, opts.Boundaries, opts.LongCuts = budget, keep, true, starts, cutsOf{c}
					want, wantRep, err := Trim(held, Count(c), opts)
					if err != nil {
						t.Fatalf("%s, %s, keep %d, budget %d, held: %v", enc, name, keep, budget, err)
					}
					got, gotRep, err := Trim(spooled, Count(c), opts)
					if err != nil {
						t.Fatalf("%s, %s, keep %d, budget %d, spooled: %v", enc, name, keep, budget, err)
					}
					if wantRep.Cut == nil {
						t.Fatalf("%s, %s, keep %d, budget %d: no cut", enc, name, keep, budget)
					}
					if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotRep, wantRep) {
						t.Errorf("%s, %s, keep %d, budget %d: spooled keeps %d bytes (%+v), held %d (%+v)", enc, name, keep, budget,
							len(got.Messages[1].Content.Text), *gotRep.Cut, len(want.Messages[1].Content.Text), *wantRep.Cut)
					}
				}
			}
		}
	}
}

// TestSpooledCutNeedsLongCuts refuses to cut a spooled text without
// LongCuts to find its cut points, keeping either end.
func TestSpooledCutNeedsLongCuts(t *testing.T) {
	c, err := count.New(count.Options{Encoding: "o200k_base"})
	if err != nil {
		t.Fatal(err)
	}
	in := conv(msg(chat.User, "hi"), msg(chat.Assistant, ""))
	in.Messages[1].Content.Long = newMemSpool(t, c, strings.Repeat("word ", 5000))
	for _, keep := range []Keep{KeepLast, KeepFirst} {
		opts := Defaults()
		opts.Budget, opts.AllowPartial, opts.Keep, opts.AllowNoUser = 100, true, keep, true
		if _, _, err := Trim(in, Count(c), opts); err == nil || !strings.Contains(err.Error(), "cannot be cut") {
			t.Errorf("keep %d: cutting a spooled text without LongCuts: %v", keep, err)
		}
	}
}
