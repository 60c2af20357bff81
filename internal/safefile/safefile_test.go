package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// write writes data to path with Create and Commit.
func write(t *testing.T, path, data string) {
	t.Helper()
	f, err := Create(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// leftovers lists the temporary and lock files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), tempSuffix) || strings.HasSuffix(e.Name(), lockSuffix) {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestCreateReplacesAndLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chat.json")
	write(t, path, "one")
	write(t, path, "two")
	if got := readFile(t, path); got != "two" {
		t.Errorf("got %q, want %q", got, "two")
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("left %v", l)
	}
}

func TestAbortKeepsTheTarget(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chat.json")
	write(t, path, "old")
	for _, start := range []func(string, Options) (*File, error){Create, Edit} {
		f, err := start(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("new"))
		f.Abort()
		f.Abort()
		if got := readFile(t, path); got != "old" {
			t.Errorf("got %q after Abort", got)
		}
		if l := leftovers(t, dir); l != nil {
			t.Errorf("left %v", l)
		}
	}
}

func TestNewFileHonoursUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "private.json")
	write(t, path, "secret")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o, want 0600", st.Mode().Perm())
	}
}

func TestReplaceKeepsModeAndOwner(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.json")
	write(t, path, "old")
	wantUID, wantGID := os.Getuid(), os.Getgid()
	if os.Geteuid() == 0 {
		wantUID, wantGID = 65534, 65534
		if err := os.Chown(path, wantUID, wantGID); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(path, 0o640|fs.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	write(t, path, "new")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	sys := st.Sys().(*syscall.Stat_t)
	if st.Mode()&(fs.ModePerm|fs.ModeSetgid) != 0o640|fs.ModeSetgid {
		t.Errorf("mode %v, want g+s and 0640", st.Mode())
	}
	if int(sys.Uid) != wantUID || int(sys.Gid) != wantGID {
		t.Errorf("owner %d:%d, want %d:%d", sys.Uid, sys.Gid, wantUID, wantGID)
	}
}

func TestSymlinksAreWrittenThrough(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.Mkdir(filepath.Join(dir, "data"), 0o755)
	real := filepath.Join(dir, "data", "real.json")
	write(t, real, "old")
	// sub/link -> ../data/link2 -> real.json: relative, chained.
	os.Symlink("real.json", filepath.Join(dir, "data", "link2"))
	link := filepath.Join(dir, "sub", "link")
	os.Symlink("../data/link2", link)
	for _, start := range []func(string, Options) (*File, error){Create, Edit} {
		f, err := start(link, Options{})
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("new"))
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("the link is no longer a link")
		}
		if got := readFile(t, real); got != "new" {
			t.Errorf("the file the link names holds %q", got)
		}
		write(t, real, "old")
	}

	dangling := filepath.Join(dir, "dangling")
	os.Symlink("data/made.json", dangling)
	write(t, dangling, "made")
	if got := readFile(t, filepath.Join(dir, "data", "made.json")); got != "made" {
		t.Errorf("a dangling link made %q", got)
	}

	loop := filepath.Join(dir, "loop")
	os.Symlink("loop", loop)
	if _, err := Create(loop, Options{}); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("a link loop: %v, want ELOOP", err)
	}
}

func TestHardLinksAreKept(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	write(t, a, "a much longer old content")
	if err := os.Link(a, b); err != nil {
		t.Fatal(err)
	}
	write(t, b, "new")
	if got := readFile(t, a); got != "new" {
		t.Errorf("the other link holds %q", got)
	}
	sa, _ := os.Stat(a)
	sb, _ := os.Stat(b)
	if !os.SameFile(sa, sb) {
		t.Errorf("the links were split")
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("left %v", l)
	}
}

func TestSpecialFilesAreWrittenDirectly(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		data, _ := os.ReadFile(fifo)
		got <- string(data)
	}()
	write(t, fifo, "through the pipe")
	select {
	case s := <-got:
		if s != "through the pipe" {
			t.Errorf("the reader got %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the FIFO's reader got nothing")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced")
	}
	var nre *NotRegularError
	if _, err := Edit(fifo, Options{}); !errors.As(err, &nre) || err.Error() != fifo+": is a named pipe, not a regular file" {
		t.Errorf("Edit of a FIFO: %v", err)
	}

	if os.Geteuid() != 0 {
		t.Skip("making a character device needs root")
	}
	// A null device made here, never the machine's /dev/null.
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Fatal(err)
	}
	write(t, null, "gone")
	if st, err := os.Lstat(null); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("the character device was replaced")
	}
	if _, err := Edit(null, Options{}); !errors.As(err, &nre) {
		t.Errorf("Edit of a character device: %v", err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a character device")
	}
}

func TestEditRefusesReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.json")
	write(t, path, "keep")
	os.Chmod(path, 0o444)
	var ro *ReadOnlyError
	_, err := Edit(path, Options{})
	if !errors.As(err, &ro) || err.Error() != path+": is read-only (mode 0444)" {
		t.Errorf("Edit of a 0444 file: %v", err)
	}
}

func TestLongNames(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{200, 240, 250, 255} {
		name := strings.Repeat("x", n-5) + ".json"
		path := filepath.Join(dir, name)
		write(t, path, "one")
		f, err := Edit(path, Options{})
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		f.Write([]byte("two"))
		if err := f.Commit(); err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if len(tempName(name)) > nameMax || len(lockName(name)) > nameMax {
			t.Errorf("%d bytes: names too long", n)
		}
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("left %v", l)
	}
}

func TestTempNames(t *testing.T) {
	for _, base := range []string{"chat.json", strings.Repeat("y", 255)} {
		name := tempName(base)
		if !isTempOf(name, base) {
			t.Errorf("%s is not a temporary name of %s", name, base)
		}
	}
	for _, name := range []string{".chat.json.ck1234567.tmp", ".chat.json.ck123456789.tmp", ".chat.json.ckzzzzzzzz.tmp", ".chat.json.ck12345678.tmp.x", "chat.json.ck12345678.tmp"} {
		if isTempOf(name, "chat.json") {
			t.Errorf("%s taken for a temporary name of chat.json", name)
		}
	}
	// A temporary file of "chat.json.ck" is not one of "chat.json".
	if other := tempName("chat.json.ck"); isTempOf(other, "chat.json") {
		t.Errorf("%s taken for a temporary name of chat.json", other)
	}
}

func TestStaleTempsAreRemovedHeldOnesKept(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chat.json")
	stale := filepath.Join(dir, tempName("chat.json"))
	held := filepath.Join(dir, tempName("chat.json"))
	notOurs := filepath.Join(dir, ".chat.json.ck-notours.tmp")
	for _, p := range []string{stale, held, notOurs} {
		os.WriteFile(p, []byte("partial"), 0o600)
	}
	h, err := os.Open(held)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if err := flockNonBlocking(h); err != nil {
		t.Fatal(err)
	}
	write(t, path, "new")
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("a stale temporary file was left")
	}
	for _, p := range []string{held, notOurs} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
}

func TestEditWaitsForTheLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chat.json")
	first, err := Edit(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Edit(path, Options{LockTimeout: 50 * time.Millisecond})
	var lte *LockTimeoutError
	if !errors.As(err, &lte) || !strings.HasPrefix(err.Error(), path+": another process has been writing it for 50ms") {
		t.Errorf("a second Edit: %v", err)
	}
	// Create does not wait to start, only to rename.
	second, err := Create(path, Options{LockTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := second.Commit(); !errors.As(err, &lte) {
		t.Errorf("Commit while another holds the lock: %v", err)
	}
	first.Abort()
	if l := leftovers(t, dir); l != nil {
		t.Errorf("left %v", l)
	}
}

func TestConcurrentEditsLoseNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.txt")
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := Edit(path, Options{})
			if err != nil {
				errs <- err
				return
			}
			old, _ := os.ReadFile(path)
			fmt.Fprintf(f, "%s%d\n", old, i)
			errs <- f.Commit()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Fields(readFile(t, path))
	seen := map[string]bool{}
	for _, l := range lines {
		seen[l] = true
	}
	if len(lines) != 100 || len(seen) != 100 {
		t.Errorf("%d lines, %d different, want 100", len(lines), len(seen))
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("left %v", l)
	}
}

func TestRemoveTemps(t *testing.T) {
	defer func() { live.stopped = false }()
	dir := t.TempDir()
	path := filepath.Join(dir, "chat.json")
	f, err := Edit(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	RemoveTemps()
	if l := leftovers(t, dir); l != nil {
		t.Errorf("left %v", l)
	}
	if err := f.Commit(); err == nil {
		t.Errorf("Commit after RemoveTemps succeeded")
	}
	if _, err := Create(path, Options{}); !errors.Is(err, ErrStopped) {
		t.Errorf("Create after RemoveTemps: %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("the target was made")
	}
}

func TestDescriptorsAreWrittenDirectly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.txt")
	write(t, path, "a longer old content")
	held, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	before, _ := held.Stat()
	write(t, fmt.Sprintf("/proc/self/fd/%d", held.Fd()), "new")
	if got := readFile(t, path); got != "new" {
		t.Errorf("got %q", got)
	}
	if after, err := os.Stat(path); err != nil || !os.SameFile(before, after) {
		t.Errorf("the file the descriptor holds was replaced")
	}
}
