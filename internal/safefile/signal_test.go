package safefile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRemoveTempsOnSignal sends this process SIGHUP while a write is in
// progress: its temporary file goes, and exit is called with 128+1. The
// handler is installed by the write, not before.
func TestRemoveTempsOnSignal(t *testing.T) {
	defer func() { // let the package's other tests write again
		live.Lock()
		live.stopped = false
		live.Unlock()
	}()
	codes := make(chan int, 1)
	stop := RemoveTempsOnSignal(func(code int) { codes <- code })
	defer stop()
	if signalsArmed() {
		t.Fatal("the signal handler is installed before any file is written")
	}
	f, err := Create(filepath.Join(t.TempDir(), "out.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !signalsArmed() {
		t.Fatal("no signal handler while a write is in progress")
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	select {
	case code := <-codes:
		if code != 129 {
			t.Errorf("exit %d, want 129", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit after SIGHUP")
	}
	if _, err := os.Stat(f.tmp); !os.IsNotExist(err) {
		t.Errorf("the temporary file %s is still there: %v", f.tmp, err)
	}
}
