// Command count measures package bpe on a file: it counts the file's tokens
// in one pass, cut into the same chunks as the shared benchmark (at the
// first line end at or after 16 KiB), and reports tokens, wall and CPU time
// and MB/s. Run it with GOMAXPROCS=1 for one-core figures.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/convkit/convkit/count/bpe"
)

func main() {
	enc := flag.String("enc", "o200k_base", "encoding")
	whole := flag.Bool("whole", false, "count the file as one string instead of in chunks")
	want := flag.Int("want", -1, "expected token count; exit 1 if it differs")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: count [-enc NAME] [-whole] [-want N] FILE")
		os.Exit(2)
	}
	text, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "count:", err)
		os.Exit(1)
	}
	e, err := bpe.Get(*enc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "count:", err)
		os.Exit(2)
	}
	cpu0, t0 := cpuTime(), time.Now()
	n := 0
	if *whole {
		n = e.CountBytes(text)
	} else {
		for rest := text; len(rest) > 0; {
			cut := len(rest)
			if len(rest) > 16<<10 {
				if i := bytes.IndexByte(rest[16<<10-1:], '\n'); i >= 0 {
					cut = 16<<10 + i
				}
			}
			n += e.CountBytes(rest[:cut])
			rest = rest[cut:]
		}
	}
	wall, cpu := time.Since(t0), cpuTime()-cpu0
	mb := float64(len(text)) / 1e6
	fmt.Printf("%s\t%d tokens\t%d bytes\twall %.3fs %.1f MB/s\tcpu %.3fs %.1f MB/s\n",
		*enc, n, len(text), wall.Seconds(), mb/wall.Seconds(), cpu.Seconds(), mb/cpu.Seconds())
	if *want >= 0 && n != *want {
		fmt.Fprintf(os.Stderr, "count: %s gives %d tokens, want %d\n", *enc, n, *want)
		os.Exit(1)
	}
}

// cpuTime is the user and system time the process has used so far; on a
// shared machine it is steadier than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
