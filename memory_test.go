package main

import (
	"runtime"
	"sync/atomic"
	"time"
)

// heapPeak runs fn while watching the heap, and returns the most it had in
// use beyond what it held before, and fn's error.
func heapPeak(fn func() error) (uint64, error) {
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
