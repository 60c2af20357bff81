// Package cputime gives the benchmark programs the CPU time they have used.
package cputime

import (
	"syscall"
	"time"
)

// Used is the user and system time the process has used so far; on a
// shared machine it is steadier than wall time.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
