package count

import (
	"errors"
	"io"
	"sync"
)

// Ordered runs work on each item that next returns, on workers goroutines
// at once, and hands the results to emit one at a time in the order next
// returned the items. next returns io.EOF after the last item; any other
// error from next ends the run after the items before it are emitted, and
// Ordered returns it. An error from emit stops the run and is returned.
//
// At most 2×workers items are between next and emit at any moment, so
// memory stays flat however many items there are. One worker runs all on
// the calling goroutine, each item read, worked and emitted before the
// next is read: a small input is not worth the goroutines and the threads
// they wake.
func Ordered[In, Out any](workers int, next func() (In, error), work func(In) Out, emit func(Out) error) error {
	if workers <= 1 {
		return inTurn(next, work, emit)
	}
	type job struct {
		seq int
		in  In
	}
	type result struct {
		seq int
		out Out
	}
	window := 2 * workers
	jobs := make(chan job, window)
	results := make(chan result, window)
	slots := make(chan struct{}, window) // a slot per item read but not yet emitted
	stop := make(chan struct{})
	var readErr error

	go func() { // the reader: next runs on one goroutine only
		defer close(jobs)
		for seq := 0; ; seq++ {
			select {
			case <-stop:
				return
			default:
			}
			select {
			case slots <- struct{}{}:
			case <-stop:
				return
			}
			in, err := next()
			if err != nil {
				<-slots
				if !errors.Is(err, io.EOF) {
					readErr = err
				}
				return
			}
			jobs <- job{seq, in}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j.seq, work(j.in)}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// Reassemble: a result that comes early waits in pending, which never
	// holds more than window results thanks to the slots.
	pending := make(map[int]Out, window)
	nextSeq := 0
	var emitErr error
	for r := range results {
		if emitErr != nil {
			continue // drain, so that the workers finish
		}
		pending[r.seq] = r.out
		for {
			out, ok := pending[nextSeq]
			if !ok {
				break
			}
			delete(pending, nextSeq)
			nextSeq++
			if emitErr = emit(out); emitErr != nil {
				close(stop)
				break
			}
			<-slots
		}
	}
	if emitErr != nil {
		return emitErr
	}
	return readErr
}

// inTurn is Ordered on the calling goroutine.
func inTurn[In, Out any](next func() (In, error), work func(In) Out, emit func(Out) error) error {
	for {
		in, err := next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := emit(work(in)); err != nil {
			return err
		}
	}
}
