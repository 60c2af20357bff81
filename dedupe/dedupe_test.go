package dedupe

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  Say\t\thello.\n":    "Say hello.",
		"ｆｕｌｌ　ｗｉｄｔｈ":           "full width",
		"cafe\u0301":           "café",
		"ﬁne":                  "fine",
		"Case Is Kept":         "Case Is Kept",
		"line\r\nbreaks\u00a0": "line breaks",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSetKeepsTheFirst feeds a stream with repeats and checks that Add
// names the first place of each key, and only for a repeat.
func TestSetKeepsTheFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	s := NewSet()
	first := map[int]int{}
	for line := 1; line <= 5000; line++ {
		k := r.IntN(800)
		got, seen := s.Add(Sum(fmt.Sprint(k)), line)
		want, wasSeen := first[k]
		if !wasSeen {
			first[k] = line
		}
		if seen != wasSeen || got != want {
			t.Fatalf("line %d key %d: Add says (%d, %v), want (%d, %v)", line, k, got, seen, want, wasSeen)
		}
	}
	if s.Len() != len(first) {
		t.Errorf("Len %d, want %d", s.Len(), len(first))
	}
}

// TestNearFindsSimilarTexts makes texts of known word-shingle similarity
// to a base text and checks that those well above the threshold are found
// and those well below are not.
func TestNearFindsSimilarTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	words := func(n int) []string {
		w := make([]string, n)
		for i := range w {
			w[i] = fmt.Sprintf("w%d", r.IntN(100000))
		}
		return w
	}
	found, missed, false_ := 0, 0, 0
	for trial := range 200 {
		n := NewNear(DefaultNear)
		base := words(400)
		n.Add(strings.Join(base, " "), 1)
		// Changing one word in 200 changes about 3 shingles in 400:
		// similarity about 0.985.
		close := append([]string(nil), base...)
		for i := 0; i < len(close); i += 200 {
			close[i] = "changed"
		}
		if _, seen := n.Add(strings.Join(close, " "), 2); seen {
			found++
		} else {
			missed++
		}
		// Every tenth word changed: similarity about 0.5.
		far := append([]string(nil), base...)
		for i := 0; i < len(far); i += 10 {
			far[i] = fmt.Sprint("other", trial, i)
		}
		if _, seen := n.Add(strings.Join(far, " "), 3); seen {
			false_++
		}
	}
	if missed > 2 || false_ > 0 {
		t.Errorf("found %d, missed %d near duplicates; %d false matches", found, missed, false_)
	}
}

func TestBands(t *testing.T) {
	b, r := DefaultNear.Bands()
	if b != 12 || r != 10 || Recall(0.9, b, r) < 0.99 {
		t.Errorf("bands %d rows %d, recall at 0.9 %.3f", b, r, Recall(0.9, b, r))
	}
}

// TestSignatureThenAddSignatureIsAdd checks that hashing apart (on a
// worker) and adding in order decides as Add does.
func TestSignatureThenAddSignatureIsAdd(t *testing.T) {
	texts := []string{"the cat sat on the mat today", "the cat sat on the mat today!", "a dog ran in the park",
		"the cat sat on a mat today", "a dog ran in the park at noon", "nothing alike at all here"}
	whole, apart := NewNear(DefaultNear), NewNear(DefaultNear)
	dups := 0
	for i, text := range texts {
		f1, d1 := whole.Add(text, i)
		f2, d2 := apart.AddSignature(apart.Signature(text), i)
		if f1 != f2 || d1 != d2 {
			t.Fatalf("%q: Add gave %d %v, AddSignature %d %v", text, f1, d1, f2, d2)
		}
		if d1 {
			dups++
		}
	}
	if dups == 0 {
		t.Fatal("no near duplicate found: the comparison showed nothing")
	}
}

// heldMinHash is the signature as Near made it of a text held whole
// before Signer: the reference Signer is checked against.
func heldMinHash(text string, opts NearOptions) []uint32 {
	sig := make([]uint32, opts.Hashes)
	for i := range sig {
		sig[i] = math.MaxUint32
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	k := max(1, opts.Shingle)
	add := func(shingle []string) {
		h := fnv.New64a()
		for _, w := range shingle {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		base := h.Sum64()
		for i := range sig {
			if v := uint32(mix(base+uint64(i)*0x9e3779b97f4a7c15) >> 32); v < sig[i] {
				sig[i] = v
			}
		}
	}
	if len(words) <= k {
		add(words)
	}
	for i := 0; i+k <= len(words) && len(words) > k; i++ {
		add(words[i : i+k])
	}
	return sig
}

// TestSignerStreamsTheHeldSignature writes texts to a Signer whole, a
// byte at a time and in parts of other sizes (characters split between
// them), and checks each signature against the one of the text held.
func TestSignerStreamsTheHeldSignature(t *testing.T) {
	texts := []string{"", "   ", "one", "one two", "One TWO three", "one two three four", "ÀÉ ǅungla ΣΑΣ 漢字 ２３ x1y2",
		"bad \xff\xfe bytes and a cut \xe2\x82", "\xe6x mid \xe6\x97", "the cat sat on the mat today", strings.Repeat("word é ", 3000) + "end"}
	for _, shingle := range []int{0, 1, 3, 5} {
		opts := NearOptions{Threshold: 0.9, Shingle: shingle, Hashes: 16}
		n := NewNear(opts)
		for _, text := range texts {
			want := heldMinHash(text, opts)
			if got := n.Signature(text); !slices.Equal(got, want) {
				t.Errorf("shingle %d, %q whole: %v, held %v", shingle, text, got, want)
			}
			for _, size := range []int{1, 2, 3, 5, 64} {
				s := n.Signer()
				for b := []byte(text); len(b) > 0; b = b[min(size, len(b)):] {
					s.Write(b[:min(size, len(b))])
				}
				if got := s.Signature(); !slices.Equal(got, want) {
					t.Errorf("shingle %d, %q in parts of %d: %v, held %v", shingle, text, size, got, want)
				}
			}
		}
	}
}
