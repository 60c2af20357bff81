package safefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// DefaultLockTimeout is how long Edit and Commit wait for another process
// that holds a target's lock, when Options give no timeout.
const DefaultLockTimeout = 10 * time.Second

// LockTimeoutError is returned when another process held a target's lock
// for longer than the timeout.
type LockTimeoutError struct {
	Path     string // the target
	LockPath string // its lock file
	Timeout  time.Duration
}

func (e *LockTimeoutError) Error() string {
	return fmt.Sprintf("%s: another process has been writing it for %s (it holds %s)", e.Path, e.Timeout, filepath.Base(e.LockPath))
}

// lock is a held advisory lock on a target: flock(2) on its lock file.
type lock struct {
	path string
	file *os.File
}

// acquireLock locks target, waiting at most timeout. The lock file is made
// if missing. A lock file can be removed by the holder just before another
// process locks it; so once locked, the file must still be the one the
// name points to, or the wait starts again on the new one.
func acquireLock(target string, timeout time.Duration) (*lock, error) {
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	path := filepath.Join(filepath.Dir(target), lockName(filepath.Base(target)))
	deadline := time.Now().Add(timeout)
	wait := time.Millisecond
	armSignals()
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
		if err != nil {
			return nil, err
		}
		err = flockNonBlocking(f)
		if err == nil {
			if current(f, path) {
				return register(&lock{path: path, file: f})
			}
			f.Close()
			continue
		}
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &os.PathError{Op: "lock", Path: path, Err: err}
		}
		if time.Now().After(deadline) {
			return nil, &LockTimeoutError{Path: target, LockPath: path, Timeout: timeout}
		}
		time.Sleep(wait)
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// register adds a lock just taken to those RemoveTemps removes, or
// releases it if RemoveTemps has run.
func register(l *lock) (*lock, error) {
	live.Lock()
	defer live.Unlock()
	if live.stopped {
		os.Remove(l.path)
		l.file.Close()
		return nil, ErrStopped
	}
	live.locks[l] = struct{}{}
	return l, nil
}

// release removes the lock file, then unlocks it: removing it first means
// no other process can lock this file once it is unlocked.
func (l *lock) release() {
	if l == nil || l.file == nil {
		return
	}
	live.Lock()
	delete(live.locks, l)
	live.Unlock()
	os.Remove(l.path)
	l.file.Close()
	l.file = nil
}

func flockNonBlocking(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			return err
		}
	}
}

// current reports whether path still names the file f has open.
func current(f *os.File, path string) bool {
	held, err := f.Stat()
	if err != nil {
		return false
	}
	named, err := os.Lstat(path)
	return err == nil && os.SameFile(held, named)
}
