package main

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// heapPeak runs fn while watching the heap, and returns the most it had in
// use beyond what it held before, and fn's error.
func heapPeak(fn func() error) (uint64, error) {
	// A collector that runs often keeps the heap near what is live, so
	// that what is measured is what fn holds, not how far garbage got
	// ahead of a collector slowed by a busy machine.
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	err := fn()
	close(stop)
	<-done
	return peak.Load() - min(peak.Load(), before.HeapInuse), err
}
