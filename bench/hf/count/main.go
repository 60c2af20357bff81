// Command count measures package hf on a file: it loads a tokenizer.json
// (not timed), counts the file in the chunks of the shared benchmark (cut
// at the first line end at or after 16 KiB), writes each chunk's count to
// -chunks, a line each, and prints tokens, wall and CPU time and MB/s. Run
// it with GOMAXPROCS=1 for one-core figures.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/convkit/convkit/bench/internal/cputime"
	"github.com/convkit/convkit/count/hf"
)

func main() {
	chunks := flag.String("chunks", "", "write each chunk's count to this file, a line each")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the counting to this file")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: count [-chunks FILE] tokenizer.json FILE")
		os.Exit(2)
	}
	tok, err := hf.LoadFile(flag.Arg(0), "")
	if err != nil {
		fail(err)
	}
	text, err := os.ReadFile(flag.Arg(1))
	if err != nil {
		fail(err)
	}
	var counts bytes.Buffer
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	cpu0, t0 := cputime.Used(), time.Now()
	n := 0
	for i := 0; i < len(text); {
		j := len(text)
		if k := bytes.IndexByte(text[min(i+16384-1, len(text)):], '\n'); k >= 0 {
			j = min(i+16384-1, len(text)) + k + 1
		}
		c := tok.Count(string(text[i:j]))
		fmt.Fprintln(&counts, c)
		n += c
		i = j
	}
	wall, cpu := time.Since(t0), cputime.Used()-cpu0
	if *chunks != "" {
		w, err := os.Create(*chunks)
		if err != nil {
			fail(err)
		}
		b := bufio.NewWriter(w)
		b.Write(counts.Bytes())
		if err := b.Flush(); err != nil {
			fail(err)
		}
		w.Close()
	}
	mb := float64(len(text)) / 1e6
	fmt.Printf("%d tokens\t%d bytes\twall %.3fs %.1f MB/s\tcpu %.3fs %.1f MB/s\n", n, len(text), wall.Seconds(), mb/wall.Seconds(), cpu.Seconds(), mb/cpu.Seconds())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "count:", err)
	os.Exit(1)
}
