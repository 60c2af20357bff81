package bpe

import (
	"flag"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/convkit/convkit/count/bpe/internal/ranks"
	"github.com/convkit/convkit/internal/longtest"
)

// refParts merges p as tiktoken does, quadratically and without the
// tables' help beyond rank, and returns the lengths of the parts left.
func refParts(e *Encoding, p []byte) []int {
	parts := make([]int, len(p))
	for k := range parts {
		parts[k] = 1
	}
	for {
		low, m := noRank, -1
		for k, start := 0, 0; k+1 < len(parts); k++ {
			if r := e.rank(p[start : start+parts[k]+parts[k+1]]); r < low {
				low, m = r, k
			}
			start += parts[k]
		}
		if m < 0 {
			return parts
		}
		parts[m] += parts[m+1]
		parts = append(parts[:m+1], parts[m+2:]...)
	}
}

// checkLong fails t unless countLong agrees with mergeLarge on p.
func checkLong(t *testing.T, e *Encoding, p []byte) {
	t.Helper()
	got, ok := e.countLong(p)
	if want := e.mergeLarge(p, nil); !ok || got != want {
		t.Errorf("%s: countLong(%.80q…, %d bytes) = %d, %v; mergeLarge gives %d", e.name, p, len(p), got, ok, want)
	}
}

// pieces returns the pieces the encoding's pre-tokenizer cuts s into.
func pieces(e *Encoding, s string) []string {
	var out []string
	b := []byte(s)
	if !utf8.Valid(b) {
		b = []byte(string([]rune(s)))
	}
	for i := 0; i < len(b); {
		j := e.next(b, i)
		out = append(out, string(b[i:j]))
		i = j
	}
	return out
}

// corpus is every text the other tests count: the tricky strings, the
// generated texts, the OpenAI strings and seed files when present, and
// the benchmark texts.
func corpus(t *testing.T) []string {
	texts := append(append([]string{}, tricky...), generated(7, 2000)...)
	for _, path := range []string{"../../../shared/seeds/multi-turn-conversations.md", "../../../shared/seeds/conversation-history-notes.txt", "testdata/openai.json"} {
		if b, err := os.ReadFile(path); err == nil {
			texts = append(texts, string(b))
		}
	}
	for _, s := range benchTexts() {
		texts = append(texts, s[:min(len(s), 200<<10)])
	}
	return texts
}

// TestCountLongPieces runs countLong on every piece of the corpus, long or
// short, token or not, and compares it with merging.
func TestCountLongPieces(t *testing.T) {
	texts := corpus(t)
	for _, name := range names {
		e := encoding(t, name)
		seen := map[string]bool{}
		for _, s := range texts {
			for _, p := range pieces(e, s) {
				if !seen[p] && len(p) <= 4096 {
					seen[p] = true
					checkLong(t, e, []byte(p))
				}
			}
		}
		t.Logf("%s: %d distinct pieces", name, len(seen))
	}
}

// TestCountLongCorpus runs countLong on every distinct piece of the file
// named by CONVKIT_CORPUS (the shared benchmark corpus.txt, see
// bench/engine/run.sh) and compares it with merging.
func TestCountLongCorpus(t *testing.T) {
	path := os.Getenv("CONVKIT_CORPUS")
	if path == "" {
		t.Skip("CONVKIT_CORPUS is not set")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		e := encoding(t, name)
		seen := map[string]bool{}
		long := 0
		for _, p := range pieces(e, string(b)) {
			if len(p) > 1 && !seen[p] {
				seen[p] = true
				checkLong(t, e, []byte(p))
				if len(p) >= longPiece {
					long++
				}
			}
		}
		t.Logf("%s: %d distinct pieces, %d of them of %d bytes or more", name, len(seen), long, longPiece)
	}
}

// runUnits are the repeated strings of TestCountLongRuns: one byte, two,
// several-byte characters, and DNA.
var runUnits = []string{"a", " ", "=", "-", "\n", "ab", "\t ", "日本", "😀", "ACGT"}

// TestCountLongRuns compares countLong with mergeLarge on every length
// from 1 to 2000 of runs of each unit, cut anywhere (a run of a multi-byte
// unit is also counted with a partial unit at its end). Without -tags long,
// every 7th length.
func TestCountLongRuns(t *testing.T) {
	for _, name := range names {
		e := encoding(t, name)
		for _, unit := range runUnits {
			run := []byte(strings.Repeat(unit, 2000/len(unit)+1))
			for n := 1; n <= 2000; n += longtest.Scale(7, 1) { // go test: every 7th length
				checkLong(t, e, run[:n])
			}
		}
	}
}

// randomPiece returns n bytes drawn from alphabet (a string of letters, or
// of whole characters when chars).
func randomPiece(r *rand.Rand, alphabet []string, n int) []byte {
	var b []byte
	for len(b) < n {
		b = append(b, alphabet[r.IntN(len(alphabet))]...)
	}
	return b
}

var alphabets = [][]string{
	strings.Split("ACGT", ""),
	strings.Split("ab", ""),
	strings.Split("abcdefghijklmnopqrstuvwxyz", ""),
	strings.Split("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/", ""),
	strings.Split("etaoinshrdlu ", ""),
	{"the", "ing", "tion", "al", "er", "s", "qu", "ly", "ment"},
	{" ", "  ", "\n", "\t", "\u00a0"},
	{"日", "本", "語", "の", "テ", "キ", "ス", "ト", "中", "文", "한", "국", "어"},
	{"=", "-", "*", "#", "/", "(", ")", "{", "}", ";", ".", ","},
}

// TestCountLongRandom compares countLong with mergeLarge on random pieces
// over small alphabets, where long tokens and ties abound.
func TestCountLongRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, name := range names {
		e := encoding(t, name)
		for _, a := range alphabets {
			for range 40 {
				checkLong(t, e, randomPiece(r, a, 1+r.IntN(3000)))
			}
		}
		for range 200 {
			b := make([]byte, 1+r.IntN(500))
			for k := range b {
				b[k] = byte(r.IntN(256))
			}
			checkLong(t, e, b)
		}
	}
}

var comparePairs = flag.Int("pairs", longtest.Scale(10000, 40000), "TestCompatible: how many pairs of tokens to check, of each kind and encoding")

// TestCountLongTokenSoup compares countLong with mergeLarge on pieces made
// of random tokens of one kind (letters only, punctuation only, white space
// only, long tokens of any kind), the pieces where most tokens end at each
// place.
func TestCountLongTokenSoup(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	kinds := []func(string) bool{
		func(tok string) bool {
			return strings.IndexFunc(tok, func(c rune) bool { return !unicode.IsLetter(c) }) < 0
		},
		func(tok string) bool {
			return strings.IndexFunc(tok, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsNumber(c) || unicode.IsSpace(c) }) < 0
		},
		func(tok string) bool { return strings.TrimSpace(tok) == "" },
		func(tok string) bool { return len(tok) >= 8 },
	}
	for _, name := range names {
		e := encoding(t, name)
		rk, err := ranks.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range kinds {
			var toks []string
			for tok := range rk {
				if kind(tok) {
					toks = append(toks, tok)
				}
			}
			slices.Sort(toks)
			for range 5 {
				var b []byte
				for len(b) < 20000 {
					b = append(b, toks[r.IntN(len(toks))]...)
				}
				checkLong(t, e, b)
			}
		}
	}
}

// TestCompatible checks compatible against merging the two tokens' bytes,
// for pairs of tokens that meet in texts (each token that ends at a place
// with each token that starts there, in runs, random pieces and the
// corpus), and for random pairs of tokens: 10,000 of each, 40,000 with
// -tags long. go test -run TestCompatible -args -pairs N checks more.
func TestCompatible(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	var texts []string
	for _, unit := range runUnits {
		texts = append(texts, strings.Repeat(unit, 300))
	}
	for _, a := range alphabets {
		texts = append(texts, string(randomPiece(r, a, 3000)))
	}
	texts = append(texts, corpus(t)...)
	for _, name := range names {
		e := encoding(t, name)
		check := func(p []byte, m, la, lb int, ra, rb uint32) bool {
			parts := refParts(e, p[m-la:m+lb])
			want := len(parts) == 2 && parts[0] == la
			if got := e.compatible(p, m, la, ra, lb, rb); got != want {
				t.Fatalf("%s: compatible(%q, %q) = %v, merging gives %v", name, p[m-la:m], p[m:m+lb], got, want)
			}
			return want
		}
		seen := map[[2]uint32]bool{}
		incompatible := 0
	texts:
		for _, s := range texts {
			p := []byte(s)
			for m := 1; m < len(p); m++ {
				for la := 1; la <= min(m, e.maxLen); la++ {
					ra := e.rank(p[m-la : m])
					if ra == noRank {
						continue
					}
					for lb := 1; lb <= min(len(p)-m, e.maxLen); lb++ {
						rb := e.rank(p[m : m+lb])
						if rb == noRank || seen[[2]uint32{ra, rb}] {
							continue
						}
						seen[[2]uint32{ra, rb}] = true
						if !check(p, m, la, lb, ra, rb) {
							incompatible++
						}
						if len(seen) >= *comparePairs {
							break texts
						}
					}
				}
			}
		}
		t.Logf("%s: %d pairs that meet in texts, %d incompatible", name, len(seen), incompatible)
		rk, err := ranks.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		toks := make([]string, 0, len(rk))
		for tok := range rk {
			toks = append(toks, tok)
		}
		slices.Sort(toks)
		incompatible = 0
		for range *comparePairs {
			a, b := toks[r.IntN(len(toks))], toks[r.IntN(len(toks))]
			if !check([]byte(a+b), len(a), len(a), len(b), uint32(rk[a]), uint32(rk[b])) {
				incompatible++
			}
		}
		t.Logf("%s: %d random pairs, %d incompatible", name, *comparePairs, incompatible)
	}
}

// TestCountLongMemory counts 64 MB single pieces and checks that the heap
// hardly grows: counting a piece takes fixed memory, not memory in
// proportion to it. Without -tags long, 8 MB pieces.
func TestCountLongMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("counts 64 MB pieces")
	}
	size := longtest.Scale(8<<20, 64<<20) // holding the piece would still show
	r := rand.New(rand.NewPCG(1, 1))
	dna := randomPiece(r, alphabets[0], size)
	for _, c := range []struct{ name, kind, text string }{
		{"cl100k_base", "run of a", strings.Repeat("a", size)},
		{"o200k_base", "random DNA", string(dna)},
	} {
		name, kind, text := c.name, c.kind, c.text
		e := encoding(t, name)
		if n := len(pieces(e, text[:1000])); n != 1 {
			t.Fatalf("%s: %s is %d pieces, want one", name, kind, n)
		}
		e.Count("warm up " + text[:longPiece+1])
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		n := e.Count(text)
		runtime.ReadMemStats(&after)
		grew := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %s, %d MB: %d tokens, %d bytes allocated", name, kind, size>>20, n, grew)
		if grew > 1<<20 {
			t.Errorf("%s: counting a %d MB %s allocated %d bytes", name, size>>20, kind, grew)
		}
	}
}

// FuzzLong compares countLong with mergeLarge on any bytes, as one piece.
// The seeds (the tricky strings, runs, and testdata/fuzz/FuzzLong) run in
// every go test.
func FuzzLong(f *testing.F) {
	for _, s := range tricky {
		f.Add([]byte(s))
	}
	for _, unit := range runUnits {
		f.Add([]byte(strings.Repeat(unit, 200)))
	}
	for _, s := range generated(13, 40) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		if len(p) == 0 || len(p) > 1<<16 {
			return
		}
		for _, name := range names {
			checkLong(t, encoding(t, name), p)
		}
	})
}

var searchVocabs = flag.Int("vocabs", 300, "TestAppendRule: how many random vocabularies to try")

// TestAppendRule puts the rule countLong rests on to random small
// vocabularies over two and three letters, with tokens made by joining two
// earlier ones but ranked at random, so that merging is often out of rank
// order: BPE(s) followed by a token u compatible with the last token of
// BPE(s) is BPE(s u). go test -run TestAppendRule -args -vocabs 100000
// repeats the search of 26 million cases long.go cites.
func TestAppendRule(t *testing.T) {
	unordered := false // whether the last call of bpe merged out of rank order
	bpe := func(v map[string]int, s string) []string {
		parts := strings.Split(s, "")
		prev := -1
		unordered = false
		for {
			low, m := -1, -1
			for k := 0; k+1 < len(parts); k++ {
				if r, ok := v[parts[k]+parts[k+1]]; ok && (m < 0 || r < low) {
					low, m = r, k
				}
			}
			if m < 0 {
				return parts
			}
			unordered = unordered || low < prev
			prev = low
			parts[m] += parts[m+1]
			parts = slices.Delete(parts, m+1, m+2)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	cases, outOfOrder := 0, 0
	for _, alpha := range []string{"ab", "abc"} {
		for range *searchVocabs {
			n := 3 + r.IntN(20)
			perm := r.Perm(n + len(alpha))
			v := map[string]int{}
			toks := strings.Split(alpha, "")
			for k, tok := range toks {
				v[tok] = perm[k]
			}
			for k := len(alpha); k < n+len(alpha); k++ {
				tok := toks[r.IntN(len(toks))] + toks[r.IntN(len(toks))]
				if _, ok := v[tok]; !ok && len(tok) <= 6 {
					v[tok] = perm[k]
					toks = append(toks, tok)
				}
			}
			for range 20 {
				b := make([]byte, 1+r.IntN(13))
				for k := range b {
					b[k] = alpha[r.IntN(len(alpha))]
				}
				enc := bpe(v, string(b))
				last := enc[len(enc)-1]
				for _, u := range toks {
					if pair := bpe(v, last+u); len(pair) != 2 || pair[0] != last {
						continue
					}
					cases++
					if got, want := bpe(v, string(b)+u), append(slices.Clone(enc), u); !slices.Equal(got, want) {
						t.Fatalf("vocabulary %v: BPE(%q) = %q, %q is compatible with %q, but BPE(%q) = %q",
							v, b, enc, u, last, string(b)+u, got)
					}
					if unordered {
						outOfOrder++
					}
				}
			}
		}
	}
	t.Logf("%d cases, %d of them merging out of rank order", cases, outOfOrder)
}
