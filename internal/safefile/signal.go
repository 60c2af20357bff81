package safefile

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// RemoveTempsOnSignal makes SIGINT, SIGTERM and SIGHUP remove the
// temporary files of writes in progress (RemoveTemps), then call exit with
// 128 plus the signal's number, as a shell reports a process killed by
// it; exit ends the process. Signals it was started with ignored (nohup,
// background jobs) stay ignored. The returned function undoes it.
//
// The handler is installed when the process makes its first temporary or
// lock file, not before: until then Go's default (the process ends by the
// signal) loses nothing, and a process that writes no file is spared the
// goroutine and the thread waiting for signals, a tenth of the start-up of
// a command that counts one small file.
func RemoveTempsOnSignal(exit func(code int)) (stop func()) {
	onSignal.Lock()
	onSignal.exit = exit
	onSignal.Unlock()
	live.Lock()
	held := len(live.files) > 0 || len(live.locks) > 0
	live.Unlock()
	if held {
		armSignals()
	}
	return func() {
		onSignal.Lock()
		defer onSignal.Unlock()
		onSignal.exit = nil
		if onSignal.caught != nil {
			signal.Stop(onSignal.caught)
			close(onSignal.done)
			onSignal.caught, onSignal.done = nil, nil
		}
	}
}

// onSignal is what RemoveTempsOnSignal asked for, and the handler once
// installed.
var onSignal struct {
	sync.Mutex
	exit   func(code int)
	caught chan os.Signal
	done   chan struct{}
}

// armSignals installs the handler RemoveTempsOnSignal asked for, if it has
// not been installed; it is called before a temporary or lock file is made.
func armSignals() {
	onSignal.Lock()
	defer onSignal.Unlock()
	if onSignal.exit == nil || onSignal.caught != nil {
		return
	}
	var sigs []os.Signal
	for _, s := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	caught, done, exit := make(chan os.Signal, 1), make(chan struct{}), onSignal.exit
	signal.Notify(caught, sigs...)
	go func() {
		select {
		case s := <-caught:
			RemoveTemps()
			exit(128 + int(s.(syscall.Signal)))
		case <-done:
		}
	}()
	onSignal.caught, onSignal.done = caught, done
}

// signalsArmed reports whether the handler is installed, for tests.
func signalsArmed() bool {
	onSignal.Lock()
	defer onSignal.Unlock()
	return onSignal.caught != nil
}
