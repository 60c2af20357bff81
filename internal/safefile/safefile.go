package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options tune a write.
type Options struct {
	// LockTimeout bounds the wait for another process holding the
	// target's lock; 0 means DefaultLockTimeout.
	LockTimeout time.Duration
}

// File is a write in progress: Write, then Commit or Abort.
type File struct {
	name   string   // the path as the caller gave it, for errors
	target string   // the file the bytes end up in, links resolved
	tmp    string   // the temporary file's path; "" when writing directly
	f      *os.File // the temporary file, or the target when writing directly
	lock   *lock    // held since Edit, or taken by Commit
	opts   Options
	done   bool
}

// ErrStopped is returned by a write that RemoveTemps stopped.
var ErrStopped = errors.New("stopped: temporary files were removed")

// NotRegularError is Edit refusing a file that is not a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: is a %s, not a regular file", e.Path, kind(e.Mode))
}

// ReadOnlyError is Edit refusing a file its owner may not write.
type ReadOnlyError struct {
	Path string
	Mode fs.FileMode
}

func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("%s: is read-only (mode %04o)", e.Path, e.Mode.Perm())
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "block device"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

// live holds this process's writes in progress, for RemoveTemps.
var live = struct {
	sync.Mutex
	files   map[*File]struct{}
	locks   map[*lock]struct{}
	stopped bool
}{files: map[*File]struct{}{}, locks: map[*lock]struct{}{}}

// RemoveTemps removes the temporary files and lock files of every write in
// progress in this process, and makes every later write fail with
// ErrStopped. It is for a signal handler that then ends the process.
func RemoveTemps() {
	live.Lock()
	defer live.Unlock()
	live.stopped = true
	for f := range live.files {
		if f.tmp != "" {
			os.Remove(f.tmp)
		}
	}
	for l := range live.locks {
		os.Remove(l.path)
	}
}

// Create starts writing path. If path exists and is not a regular file
// (a device, a FIFO, /dev/fd/N), the bytes go to it directly; otherwise to
// a temporary file that Commit renames over the file path names.
func Create(path string, opts Options) (*File, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case !st.Mode().IsRegular():
		return openDirect(path, 0)
	case isDescriptor(path):
		// A descriptor the caller was given: renaming over the file it
		// names would leave the descriptor on the old one.
		return openDirect(path, os.O_TRUNC)
	}
	target, err := resolve(path)
	if err != nil {
		return nil, err
	}
	if st != nil && !exists(target) {
		// A link the kernel follows but that names no path, such as
		// /dev/fd/N of a deleted file: only writing through it reaches it.
		return openDirect(path, os.O_TRUNC)
	}
	return startTemp(path, target, nil, opts)
}

// Edit starts replacing path, which the caller reads after Edit returns:
// it takes path's lock (released by Commit or Abort), so that no other
// Edit or Commit of the same file runs until then. A missing file is
// created; anything but a regular file its owner may write is refused,
// with a *NotRegularError or a *ReadOnlyError.
func Edit(path string, opts Options) (*File, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	target, err := resolve(path)
	if err != nil {
		return nil, err
	}
	l, err := acquireLock(target, opts.LockTimeout)
	if err != nil {
		return nil, err
	}
	// Checked under the lock: before it, another process may be replacing
	// the file.
	var refusal error
	st, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if exists(path) {
			refusal = fmt.Errorf("%s: cannot find the file it links to", path)
		}
	case err != nil:
		refusal = err
	case !st.Mode().IsRegular():
		refusal = &NotRegularError{Path: path, Mode: st.Mode()}
	case readOnly(target, st):
		refusal = &ReadOnlyError{Path: path, Mode: st.Mode()}
	}
	if refusal != nil {
		l.release()
		return nil, refusal
	}
	f, err := startTemp(path, target, l, opts)
	if err != nil {
		l.release()
		return nil, err
	}
	return f, nil
}

// Name is the path the write was started with.
func (f *File) Name() string { return f.name }

func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Commit puts the written bytes in place and ends the write. On error
// the target is as it was (except while copying into a hard-linked file),
// and the temporary file is gone.
func (f *File) Commit() error {
	if f.done {
		return errors.New("safefile: write already ended")
	}
	if f.tmp == "" {
		f.done = true
		return f.f.Close()
	}
	defer f.Abort()
	if f.lock == nil {
		l, err := acquireLock(f.target, f.opts.LockTimeout)
		if err != nil {
			return err
		}
		f.lock = l
	}
	st, err := os.Stat(f.target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st = nil
	case err != nil:
		return err
	case !st.Mode().IsRegular():
		return &NotRegularError{Path: f.name, Mode: st.Mode()}
	default:
		if err := keepOwnerAndMode(f.f, st); err != nil {
			return err
		}
	}
	if err := f.f.Sync(); err != nil {
		return err
	}
	if st != nil && links(st) > 1 {
		return f.copyIntoTarget()
	}
	live.Lock()
	if live.stopped {
		live.Unlock()
		return ErrStopped
	}
	err = os.Rename(f.tmp, f.target)
	if err == nil {
		f.tmp = ""
	}
	live.Unlock()
	if err != nil {
		return err
	}
	return syncDir(filepath.Dir(f.target))
}

// Abort drops the write: the temporary file is removed, the lock
// released. Bytes already written directly to a special file stay
// written. Abort after Commit does nothing.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	live.Lock()
	delete(live.files, f)
	if f.tmp != "" {
		os.Remove(f.tmp)
	}
	live.Unlock()
	f.f.Close()
	f.lock.release()
}

// copyIntoTarget writes the complete, synced temporary file's bytes into
// the target itself, so that its other hard links see them too.
func (f *File) copyIntoTarget() error {
	dst, err := os.OpenFile(f.target, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer dst.Close()
	if _, err := f.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	n, err := io.Copy(dst, f.f)
	if err != nil {
		return err
	}
	if err := dst.Truncate(n); err != nil {
		return err
	}
	if err := dst.Sync(); err != nil {
		return err
	}
	return dst.Close()
}

// openDirect writes to path itself, which exists and is not a regular
// file (or can only be reached through a link).
func openDirect(path string, flag int) (*File, error) {
	w, err := os.OpenFile(path, os.O_WRONLY|flag, 0)
	if err != nil {
		return nil, err
	}
	return &File{name: path, target: path, f: w}, nil
}

// startTemp makes a temporary file beside target, held with flock so
// that no other process takes it for a stale one, after removing the
// stale ones of earlier writes to target.
func startTemp(name, target string, l *lock, opts Options) (*File, error) {
	dir, base := filepath.Dir(target), filepath.Base(target)
	removeStaleTemps(dir, base)
	armSignals()
	for {
		tmp := filepath.Join(dir, tempName(base))
		live.Lock()
		if live.stopped {
			live.Unlock()
			return nil, ErrStopped
		}
		w, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			live.Unlock()
			continue
		}
		if err != nil {
			live.Unlock()
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &fs.PathError{Op: "create a temporary file beside", Path: name, Err: err}
		}
		// Another process removing stale files may have locked or
		// removed it in the instant since it was made: take another name.
		if flockNonBlocking(w) != nil || !current(w, tmp) {
			w.Close()
			live.Unlock()
			continue
		}
		f := &File{name: name, target: target, tmp: tmp, f: w, lock: l, opts: opts}
		live.files[f] = struct{}{}
		live.Unlock()
		return f, nil
	}
}

// removeStaleTemps removes the temporary files of target base in dir that
// no live process holds: those of processes that were killed.
func removeStaleTemps(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTempOf(e.Name(), base) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		if flockNonBlocking(f) == nil && current(f, path) {
			os.Remove(path)
		}
		f.Close()
	}
}

// resolve follows path through symbolic links to the file they name,
// which may not exist (a dangling link names the file to create).
func resolve(path string) (string, error) {
	orig := path
	for range 40 {
		st, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || err == nil && st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			// Join after resolving the folder, so that ".." in the link
			// climbs from where the link really is.
			dir, err := filepath.EvalSymlinks(filepath.Dir(path))
			if err != nil {
				return "", err
			}
			link = filepath.Join(dir, link)
		}
		path = link
	}
	return "", &fs.PathError{Op: "open", Path: orig, Err: syscall.ELOOP}
}

// readOnly reports whether a file's owner may not write it, or this
// process may not: -i and append refuse those even as root, who could.
func readOnly(path string, st fs.FileInfo) bool {
	const writeOK = 2 // W_OK
	return st.Mode().Perm()&0o200 == 0 || syscall.Access(path, writeOK) != nil
}

// keepOwnerAndMode gives tmp the owner, group and mode of the file st
// describes. Owner and group are kept where the process may (as root;
// otherwise a group it is in); the mode is set after, since chown clears
// setuid and setgid.
func keepOwnerAndMode(tmp *os.File, st fs.FileInfo) error {
	want, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return tmp.Chmod(st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
	}
	if tst, err := tmp.Stat(); err == nil {
		if have, ok := tst.Sys().(*syscall.Stat_t); ok && (have.Uid != want.Uid || have.Gid != want.Gid) {
			if tmp.Chown(int(want.Uid), int(want.Gid)) != nil {
				tmp.Chown(-1, int(want.Gid))
			}
		}
	}
	return tmp.Chmod(st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
}

func links(st fs.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}

// isDescriptor reports whether path names an open file descriptor.
func isDescriptor(path string) bool {
	switch {
	case path == "/dev/stdout" || path == "/dev/stderr" || strings.HasPrefix(path, "/dev/fd/"):
		return true
	case strings.HasPrefix(path, "/proc/"):
		_, fd, ok := strings.Cut(strings.TrimPrefix(path, "/proc/"), "/fd/")
		return ok && fd != "" && !strings.Contains(fd, "/")
	}
	return false
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// syncDir makes a rename in dir durable. File systems that cannot sync a
// folder say so with EINVAL, which is not an error here.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}
