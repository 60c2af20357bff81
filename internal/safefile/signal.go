package safefile

import (
	"os"
	"os/signal"
	"syscall"
)

// RemoveTempsOnSignal makes SIGINT, SIGTERM and SIGHUP remove the
// temporary files of writes in progress (RemoveTemps), then call exit with
// 128 plus the signal's number, as a shell reports a process killed by
// it; exit ends the process. Signals it was started with ignored (nohup,
// background jobs) stay ignored. The returned function undoes it.
func RemoveTempsOnSignal(exit func(code int)) (stop func()) {
	var sigs []os.Signal
	for _, s := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	caught := make(chan os.Signal, 1)
	signal.Notify(caught, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-caught:
			RemoveTemps()
			exit(128 + int(s.(syscall.Signal)))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(caught)
		close(done)
	}
}
