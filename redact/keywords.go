package redact

// keywordSet finds which of a set of keywords a text holds, in one pass
// over the text (an Aho-Corasick automaton, as gitleaks uses): looking for
// each rule's keywords in turn read each text some 250 times.
type keywordSet struct {
	next [][256]int32 // the state after each state and byte, failures resolved
	out  [][]int      // the keywords that end at each state, by index
	n    int          // how many keywords
}

// newKeywordSet builds the automaton of keywords, which are lower case.
func newKeywordSet(keywords []string) *keywordSet {
	ks := &keywordSet{next: make([][256]int32, 1), out: make([][]int, 1), n: len(keywords)}
	for i, k := range keywords {
		state := int32(0)
		for j := 0; j < len(k); j++ {
			c := k[j]
			if ks.next[state][c] == 0 {
				ks.next = append(ks.next, [256]int32{})
				ks.out = append(ks.out, nil)
				ks.next[state][c] = int32(len(ks.next) - 1)
			}
			state = ks.next[state][c]
		}
		ks.out[state] = append(ks.out[state], i)
	}
	// Breadth first, each state's missing moves are those of its failure
	// state, and it outputs what its failure state outputs.
	fail := make([]int32, len(ks.next))
	var queue []int32
	for c := range 256 {
		if s := ks.next[0][c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		ks.out[s] = append(ks.out[s], ks.out[fail[s]]...)
		for c := range 256 {
			t := ks.next[s][c]
			if t == 0 {
				ks.next[s][c] = ks.next[fail[s]][c]
				continue
			}
			fail[t] = ks.next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	return ks
}

// find marks in hit (of length n) the keywords lower holds.
func (ks *keywordSet) find(lower string, hit []bool) {
	feed(ks, 0, lower, hit)
}

// feed is find for a text given in parts: it goes on from state, where
// the part before left it, and returns where this part leaves it.
func feed[T string | []byte](ks *keywordSet, state int32, lower T, hit []bool) int32 {
	for i := 0; i < len(lower); i++ {
		state = ks.next[state][lower[i]]
		for _, k := range ks.out[state] {
			hit[k] = true
		}
	}
	return state
}
