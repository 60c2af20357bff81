// Two settings of the Go runtime that cost a small command's start-up and
// give convkit nothing (0.25 ms of a 3.3 ms count -t, bench/startup/run.sh):
// decoratemappings names each anonymous memory mapping for /proc/PID/maps,
// a system call per mapping that kernels without the option refuse;
// updatemaxprocs keeps re-reading the cgroup's CPU limit while the process
// runs, which a command of seconds does not need (GOMAXPROCS is still set
// from it at start).

//go:debug decoratemappings=0
//go:debug updatemaxprocs=0
package main
