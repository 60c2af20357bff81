package jsontree

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// zeros reads NUL bytes forever.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestGuardStopsAtTheFirstBadByte(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		keepBad  bool
		good     string
		pos      Pos
		b        byte
	}{
		{"nul", "[\n  \"é\"\x00rest", false, "[\n  \"é\"", Pos{2, 7}, 0},
		{"nul kept", "ab\x00cd", true, "ab\x00", Pos{1, 3}, 0},
		{"invalid", "héllo\n\xffx", false, "héllo\n", Pos{2, 1}, 0xff},
		{"cut at the end", "ok\xe2\x82", false, "ok\xe2\x82", Pos{1, 3}, 0xe2}, // passed on before it is known cut
		{"surrogate", "a\xed\xa0\x80", true, "a\xed", Pos{1, 2}, 0xed},
		{"valid", "日本語\n😀 ok", false, "日本語\n😀 ok", Pos{}, 0},
	} {
		for _, reader := range []struct {
			name string
			wrap func(io.Reader) io.Reader
		}{{"whole", func(r io.Reader) io.Reader { return r }}, {"byte at a time", iotest.OneByteReader}} {
			t.Run(tc.name+"/"+reader.name, func(t *testing.T) {
				got, err := io.ReadAll(&Guard{R: reader.wrap(bytes.NewReader([]byte(tc.in))), KeepBad: tc.keepBad})
				var bad *BadByteError
				if tc.pos == (Pos{}) {
					if err != nil {
						t.Fatalf("error %v on valid input", err)
					}
				} else if !errors.As(err, &bad) || bad.Pos != tc.pos || bad.Byte != tc.b {
					t.Fatalf("error %v, want byte %#x at %v", err, tc.b, tc.pos)
				}
				// KeepBad passes on the read that holds the bad byte
				// whole: the bad byte, and at most the rest of that read.
				if tc.keepBad && strings.HasPrefix(string(got), tc.good) && strings.HasPrefix(tc.in, string(got)) {
					return
				}
				if string(got) != tc.good {
					t.Errorf("passed on %q, want %q", got, tc.good)
				}
			})
		}
	}
}

func TestGuardStopsOnEndlessNULs(t *testing.T) {
	got, err := io.ReadAll(&Guard{R: io.MultiReader(bytes.NewReader([]byte("[")), zeros{})})
	var bad *BadByteError
	if !errors.As(err, &bad) || bad.Pos != (Pos{1, 2}) || string(got) != "[" {
		t.Fatalf("read %q, %v; want \"[\" and a NUL at 1:2", got, err)
	}
}
