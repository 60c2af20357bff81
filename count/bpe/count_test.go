package bpe

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// TestOpenAI checks the counts OpenAI's own tiktoken gives for tricky
// strings (testdata/openai.json, written by testdata/openai.js).
func TestOpenAI(t *testing.T) {
	b, err := os.ReadFile("testdata/openai.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		e := encoding(t, name)
		for _, row := range rows {
			text := row["text"].(string)
			if got, want := e.Count(text), int(row[name].(float64)); got != want {
				t.Errorf("%s: Count(%q) = %d, OpenAI tiktoken gives %d", name, text, got, want)
			}
		}
	}
}

// divergent reports whether tiktoken-go is known to count s differently
// from OpenAI's tiktoken: its regular expression engine folds case with
// unicode.ToLower, so the contraction (?i:'s) does not match "'ſ" (U+017F
// folds to s in Rust's regex; TestOpenAI pins what OpenAI does).
func divergent(s string) bool {
	return strings.Contains(s, "'ſ")
}

// checkReference fails t unless Count agrees with tiktoken-go on s.
func checkReference(t *testing.T, name, s string) {
	t.Helper()
	if divergent(s) {
		return
	}
	if got, want := encoding(t, name).Count(s), refCount(t, name, s); got != want {
		t.Errorf("%s: Count(%.120q) = %d, tiktoken-go gives %d", name, s, got, want)
	}
}

// tricky are strings that exercise each alternative of the split patterns.
var tricky = []string{
	"", "a", " ", "hello world", "\n  \n", "\n \n  \n", "  \n\n ", "x  \n  y", "end   ", "  ", " \t ",
	"a\r\nb\r\n\r\n", "\r", "\n\r", "x\r\r\n/", "a/\n/b/", "?/\r\n", " !!\n\n", " (x)", "  -y",
	"don't DON'T Don'T", "'S'T'RE'VE'M'LL'D", "'s't're've'm'll'd", "''s", "x'", "'", "I'm'", "it's's",
	"HTTPServer", "HTTPSERVERs", "getHTTPResponseCode", "ABCdefGHI", "ǅungla ǅUNGLA", "Ǆx", "ᵃᵇᶜ", "ʰello",
	"1", "12", "123", "1234", "12345678901", "x1y22z333", "١٢٣٤", "½¾", "Ⅻ2", "0.5e-10",
	" 1234567 89", "x  \n\n  y", " \n x", "It'S i'M", " 's 'd", "  'll", "\t\t  x",
	"non\u00a0breaking\u00a0", "\u00a0\u00a0", "a\u2003\u2003b", "\u3000\u3000x", "\u2028x\u2029", "\u0085\u0085",
	"\u000b\u000c", "a\u200bb", "\u200d\u200d", "👨‍👩‍👧‍👦 family", "🏳️‍🌈", "👍🏽", "😀😃😄",
	"e\u0301", "\u0301", " \u0301", "\u0301a", "A\u0301B", "a\u0301\u0302\u0303B", "'\u0301s", "ก\u0e31",
	"مرحبا بالعالم", "السَّلَامُ", "नमस्ते दुनिया", "हिन्दी", "你好，世界！", "日本語のテキスト", "한국어", "Привет, МИР!",
	"func main() {\n\tfmt.Println(\"hi\")\n}\n", "a&&b||!c", "<|endoftext|>", "<|im_start|>user\n",
	"\ufffd", "\ufeff", "\u00ad", "𝔘𝔫𝔦", "\U0010ffff", "\U000e0001", "\x00\x01\x7f",
}

func TestReference(t *testing.T) {
	for _, name := range names {
		for _, s := range tricky {
			checkReference(t, name, s)
		}
	}
}

// fragments are the building blocks of the generated corpus: every class
// the patterns distinguish, and the boundaries between them.
var fragments = strings.Fields(`the The THE quick brown fox's jumps over I'M you're WE'VE ' 's 'S ’s
	HTTPServer iOS ǅ ʰ ᵃ é e` + "\u0301 \u0301" + ` 0 7 42 123 4567 ١٢ ½ Ⅻ . , ; ! ? ... -- / // \ ( ) { } [ ] < > <|endoftext|>
	" ' ` + "`" + ` = == => := + - * & | ^ % $ # @ ~ _ 你好 世界 日本 한국 Привет мир مرحبا नमस्ते ภาษา 😀 👍🏽 👨‍👩‍👧 🏳️‍🌈 ✓ → ─ ￼ �`)

var spaces = []string{" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "    ", "\u00a0", "\u3000", " \n ", "\n  \n", ""}

// generated returns n pseudo-random texts built from fragments and spaces.
func generated(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 1 + r.IntN(40) {
			b.WriteString(fragments[r.IntN(len(fragments))])
			b.WriteString(spaces[r.IntN(len(spaces))])
		}
		out[i] = b.String()
	}
	return out
}

func TestGeneratedCorpus(t *testing.T) {
	texts := generated(7, 2000)
	for _, name := range names {
		for _, s := range texts {
			checkReference(t, name, s)
		}
	}
}

// TestSeeds checks the project's sample conversations line by line and whole.
func TestSeeds(t *testing.T) {
	for _, path := range []string{"../../../shared/seeds/multi-turn-conversations.md", "../../../shared/seeds/conversation-history-notes.txt"} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Skip("seed files not present:", err)
		}
		for _, name := range names {
			checkReference(t, name, string(b))
		}
	}
}

// TestLongRuns covers pieces long enough for the heap merge; tiktoken-go is
// quadratic on them, which bounds the lengths tried.
func TestLongRuns(t *testing.T) {
	for _, name := range names {
		for _, unit := range []string{"a", "A", " ", "\n", "0", "=", "ab", "é", "日", "😀", "-_", "Zz", "\t "} {
			for _, n := range []int{smallPiece - 1, smallPiece, smallPiece + 1, 100, 513, 1500} {
				checkReference(t, name, strings.Repeat(unit, n))
				checkReference(t, name, "x"+strings.Repeat(unit, n)+"y")
			}
		}
		r := rand.New(rand.NewPCG(1, 2))
		for range 20 {
			b := make([]byte, 200+r.IntN(800))
			for i := range b {
				b[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"[r.IntN(64)]
			}
			checkReference(t, name, string(b))
			checkReference(t, name, strings.Map(func(c rune) rune {
				if c >= '0' && c <= '9' || c == '+' || c == '/' {
					return 'q'
				}
				return c
			}, string(b)))
		}
	}
}

// TestInvalidUTF8 pins the documented behaviour: each invalid byte counts as
// U+FFFD, as in tiktoken-go.
func TestInvalidUTF8(t *testing.T) {
	for _, name := range names {
		e := encoding(t, name)
		for _, s := range []string{"\xff", "a\xffb", "\xc3", "caf\xc3", "\xe2\x82", "\xed\xa0\x80", "\xff\xfe\xfd x", "ok \x80\x80\x80 ok"} {
			checkReference(t, name, s)
			if got, want := e.Count(s), e.Count(string([]rune(s))); got != want {
				t.Errorf("%s: Count(%q) = %d, with U+FFFD for invalid bytes %d", name, s, got, want)
			}
		}
	}
}

// TestReplaceInvalid checks the one-copy replacement of invalid bytes
// against Go's []rune conversion, on random strings of UTF-8 fragments.
func TestReplaceInvalid(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	frags := []byte("\xff\xc3\xa9\xe2\x82\xac\xed\xa0\x80a\xf0\x9f\x98\x80\xef\xbf\xbd")
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for k := range b {
			b[k] = frags[r.IntN(len(frags))]
		}
		if got, want := string(replaceInvalid(b)), string([]rune(string(b))); got != want {
			t.Fatalf("replaceInvalid(%q) = %q, want %q", b, got, want)
		}
	}
}

func TestCountBytes(t *testing.T) {
	e := encoding(t, "o200k_base")
	for _, s := range tricky {
		if got, want := e.CountBytes([]byte(s)), e.Count(s); got != want {
			t.Errorf("CountBytes(%q) = %d, Count %d", s, got, want)
		}
	}
}

func TestGet(t *testing.T) {
	for _, name := range Names() {
		if e := encoding(t, name); e.Name() != name {
			t.Errorf("Get(%q).Name() = %q", name, e.Name())
		}
	}
	for _, name := range []string{"gpt2", "", "O200K_BASE", "o200k_harmony "} {
		if _, err := Get(name); err == nil {
			t.Errorf("Get(%q) succeeded, want an error", name)
		}
	}
}

// TestConcurrent counts from many goroutines at once; run it with -race.
func TestConcurrent(t *testing.T) {
	texts := append(generated(9, 50), strings.Repeat("ab", 5000))
	for _, name := range names {
		e := encoding(t, name)
		want := make([]int, len(texts))
		for i, s := range texts {
			want[i] = e.Count(s)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for i, s := range texts {
					if got := e.Count(s); got != want[i] {
						t.Errorf("%s: concurrent Count(%q) = %d, want %d", name, s, got, want[i])
					}
				}
			})
		}
		wg.Wait()
	}
}

// FuzzCount compares Count with tiktoken-go, and countLong with merging on
// every piece. The seeds (tricky strings, the generated corpus sample and
// testdata/fuzz/FuzzCount) run in every go test.
func FuzzCount(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	for _, s := range generated(11, 40) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// tiktoken-go is quadratic on long pieces, slow enough on long
		// inputs for the fuzzer to take it for a hang.
		if len(s) > 1024 {
			return
		}
		for _, name := range names {
			checkReference(t, name, s)
			// Every piece, token or not, also through countLong.
			e := encoding(t, name)
			for _, p := range pieces(e, s) {
				checkLong(t, e, []byte(p))
			}
		}
		if utf8.ValidString(s) {
			return
		}
		for _, name := range names {
			checkReference(t, name, string([]rune(s)))
		}
	})
}

// TestTokenStarts checks the token boundaries against tiktoken-go's tokens,
// whose bytes Decode gives one by one.
func TestTokenStarts(t *testing.T) {
	texts := append(append([]string{}, tricky...), generated(13, 200)...)
	texts = append(texts, strings.Repeat("ab", 300), strings.Repeat(" ", 200)+"x", strings.Repeat("😀", 40))
	for _, name := range names {
		e, ref := encoding(t, name), reference(t, name)
		for _, s := range texts {
			if divergent(s) {
				continue
			}
			var want []int
			off := 0
			for _, tok := range ref.EncodeOrdinary(s) {
				want = append(want, off)
				off += len(ref.Decode([]int{tok}))
			}
			if got := e.TokenStarts(s); !slices.Equal(got, want) {
				t.Errorf("%s: TokenStarts(%.80q) = %v, tiktoken-go's tokens start at %v", name, s, got, want)
			}
		}
	}
}
