// Command interleave times whole processes the way a shared machine allows:
// it runs each of its commands once per round, in turn, for many rounds, so
// that load from other jobs falls on all of them alike, and prints each
// command's median and mean wall time, its median CPU time (user + system,
// from the kernel) and the ratio of its median to the first command's.
//
//	go run ./bench/startup/interleave [-rounds 200] [-warmup 10] 'CMD ARGS…' 'CMD ARGS…' …
//
// Commands are split on spaces (no shell); their output is discarded.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	rounds := flag.Int("rounds", 200, "rounds: each command runs once in each")
	warmup := flag.Int("warmup", 10, "rounds run first and not counted")
	flag.Parse()
	cmds := flag.Args()
	if len(cmds) == 0 {
		fmt.Fprintln(os.Stderr, "interleave: give one or more commands, each one argument")
		os.Exit(2)
	}
	wall := make([][]time.Duration, len(cmds))
	cpu := make([][]time.Duration, len(cmds))
	for r := -*warmup; r < *rounds; r++ {
		for i, c := range cmds {
			w, u, err := run(c)
			if err != nil {
				fmt.Fprintf(os.Stderr, "interleave: %s: %v\n", c, err)
				os.Exit(1)
			}
			if r >= 0 {
				wall[i] = append(wall[i], w)
				cpu[i] = append(cpu[i], u)
			}
		}
	}
	base := median(wall[0])
	fmt.Printf("%d rounds, interleaved (load %s)\n", *rounds, loadavg())
	for i, c := range cmds {
		m := median(wall[i])
		fmt.Printf("%-60s median %6.2f ms  mean %6.2f ms  CPU %6.2f ms  %.2f×\n",
			c, ms(m), ms(mean(wall[i])), ms(median(cpu[i])), float64(m)/float64(base))
	}
}

// run runs one command to its end and returns its wall and CPU time.
func run(command string) (wall, cpu time.Duration, err error) {
	f := strings.Fields(command)
	cmd := exec.Command(f[0], f[1:]...)
	t := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	wall = time.Since(t)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func mean(d []time.Duration) time.Duration {
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return sum / time.Duration(len(d))
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
