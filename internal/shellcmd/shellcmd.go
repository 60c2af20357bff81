// Package shellcmd runs a user's shell command (trim --summary-cmd) with
// bounds: a time limit, a limit on what it prints, and its whole process
// group killed when it is done.
package shellcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"syscall"
	"time"

	"github.com/convkit/convkit/internal/smallfile"
)

// WaitDelay is how long, after --summary-cmd's shell has exited,
// convkit waits for the rest of its output: a background child that keeps
// the output open is not waited for longer.
const WaitDelay = time.Second

// Output runs cmd with sh -c in a process group of its own, in
// convkit's environment, with stdin as its standard input and stderr as
// its standard error, and returns what it prints. It is killed, with all
// its group, after timeout or once it has printed more than limit bytes;
// what is left of its group is killed when it exits.
func Output(cmd string, stdin io.Reader, stderr io.Writer, timeout time.Duration, limit int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	killGroup := func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
	c.Cancel, c.WaitDelay = killGroup, WaitDelay
	out := &cappedBuffer{limit: limit, full: func() { killGroup() }}
	c.Stdin, c.Stdout, c.Stderr = stdin, out, stderr
	if err := c.Start(); err != nil {
		return nil, err
	}
	err := c.Wait()
	killGroup() // background children, which no one waits for
	switch {
	case out.over:
		return nil, fmt.Errorf("printed more than %s, the limit for a summary: killed", smallfile.SizeName(int64(limit)))
	case ctx.Err() != nil:
		return nil, fmt.Errorf("still running after --summary-timeout %s: killed", timeout)
	case errors.Is(err, exec.ErrWaitDelay):
		// The shell exited and something it started still holds its
		// output: what it printed is the summary.
	case err != nil:
		return nil, err
	}
	return out.buf.Bytes(), nil
}

// cappedBuffer keeps up to limit bytes; past that it calls full, once,
// and refuses what comes. (It does not embed bytes.Buffer, whose ReadFrom
// io.Copy would use instead of Write.)
type cappedBuffer struct {
	buf   bytes.Buffer
	limit int
	over  bool
	full  func()
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.limit {
		if !b.over {
			b.over = true
			b.full()
		}
		return 0, errors.New("output over the limit")
	}
	return b.buf.Write(p)
}
