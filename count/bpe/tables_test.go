package bpe

import (
	"bytes"
	"testing"

	"github.com/convkit/convkit/count/bpe/internal/ranks"
	"github.com/convkit/convkit/count/bpe/internal/table"
)

// TestTables checks that the committed tables are what go generate writes
// from the loader's rank files and this Go release's Unicode tables (which
// includes BuildLong's checks of the vocabulary), and that every token of
// the rank files is found with its rank.
func TestTables(t *testing.T) {
	if !bytes.Equal([]byte(classTable), table.Classes()) {
		t.Error("classes.bin differs from the generator's output; run go generate")
	}
	for _, name := range names {
		rk, err := ranks.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := table.Build(rk, table.Bits(len(rk)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(*encodings[name].data), want) {
			t.Errorf("%s.bin differs from the generator's output; run go generate", name)
		}
		long, err := table.BuildLong(rk)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(*encodings[name].long), long) {
			t.Errorf("%s.long.bin differs from the generator's output; run go generate", name)
		}
		e := encoding(t, name)
		for tok, r := range rk {
			if got := e.rank([]byte(tok)); got != uint32(r) {
				t.Fatalf("%s: rank(%q) = %d, want %d", name, tok, got, r)
			}
			// A token with its last byte changed is usually not a token; it
			// must never come back with this token's rank.
			b := []byte(tok)
			b[len(b)-1] ^= 0x80
			if got := e.rank(b); got == uint32(r) {
				t.Fatalf("%s: rank(%q) = %d, the rank of %q", name, b, got, tok)
			}
		}
	}
}
