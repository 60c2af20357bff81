package count

import (
	"errors"
	"io"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

// source is a next function over 0..n-1 that fails with err at fail
// (if fail < n), and tracks how many items are out: read and not emitted.
type source struct {
	n, fail, i int
	err        error
	out, most  atomic.Int32
}

func (s *source) next() (int, error) {
	if s.i == s.fail {
		return 0, s.err
	}
	if s.i == s.n {
		return 0, io.EOF
	}
	s.i++
	if o := s.out.Add(1); o > s.most.Load() {
		s.most.Store(o)
	}
	return s.i - 1, nil
}

// slow squares, after a random pause, so that workers finish out of order.
func slow(i int) int {
	time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
	return i * i
}

func TestOrderedKeepsInputOrder(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		src := &source{n: 500, fail: -1}
		var got []int
		err := Ordered(workers, src.next, slow, func(v int) error {
			src.out.Add(-1)
			got = append(got, v)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 500 {
			t.Fatalf("%d workers: %d results, want 500", workers, len(got))
		}
		for i, v := range got {
			if v != i*i {
				t.Fatalf("%d workers: result %d is %d, want %d", workers, i, v, i*i)
			}
		}
		if most := int(src.most.Load()); most > 2*workers {
			t.Errorf("%d workers: %d items out at once, want at most %d", workers, most, 2*workers)
		}
	}
}

func TestOrderedReadError(t *testing.T) {
	bad := errors.New("line 7: broken")
	src := &source{n: 100, fail: 7, err: bad}
	var got []int
	err := Ordered(4, src.next, slow, func(v int) error { got = append(got, v); return nil })
	if !errors.Is(err, bad) {
		t.Fatalf("error %v, want %v", err, bad)
	}
	if len(got) != 7 || got[6] != 36 {
		t.Errorf("emitted %v, want the 7 items before the error", got)
	}
}

func TestOrderedEmitErrorStops(t *testing.T) {
	full := errors.New("disk full")
	src := &source{n: 1000, fail: -1}
	emitted := 0
	err := Ordered(4, src.next, slow, func(int) error {
		if emitted++; emitted == 3 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) {
		t.Fatalf("error %v, want %v", err, full)
	}
	if emitted != 3 {
		t.Errorf("emit called %d times after its error", emitted-3)
	}
	if src.i > 3+2*4+1 {
		t.Errorf("read %d items after emit failed at the 3rd", src.i)
	}
	read := src.i
	time.Sleep(10 * time.Millisecond)
	if src.i != read {
		t.Errorf("next still called after Ordered returned")
	}
}
