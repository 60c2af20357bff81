package safefile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRemoveTempsOnSignal sends this process SIGHUP while a write is in
// progress: its temporary file goes, and exit is called with 128+1.
func TestRemoveTempsOnSignal(t *testing.T) {
	defer func() { // let the package's other tests write again
		live.Lock()
		live.stopped = false
		live.Unlock()
	}()
	f, err := Create(filepath.Join(t.TempDir(), "out.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	codes := make(chan int, 1)
	stop := RemoveTempsOnSignal(func(code int) { codes <- code })
	defer stop()
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
