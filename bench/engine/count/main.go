// Command count measures package bpe on a file: it counts the file's tokens
// in one pass, cut into the same chunks as the shared benchmark (at the
// first line end at or after 16 KiB) and read as a stream, so that memory
// does not grow with the file, and reports tokens, wall and CPU time and
// MB/s. With -whole it counts the file as one string; with -chunks FILE it
// also writes the count of each chunk to FILE, a line each, for comparing
// chunk by chunk with count.js. Run it with GOMAXPROCS=1 for one-core
// figures.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/convkit/convkit/bench/internal/cputime"
	"github.com/convkit/convkit/count/bpe"
)

func main() {
	enc := flag.String("enc", "o200k_base", "encoding")
	whole := flag.Bool("whole", false, "count the file as one string instead of in chunks")
	want := flag.Int("want", -1, "expected token count; exit 1 if it differs")
	chunks := flag.String("chunks", "", "write each chunk's count to this file, a line each")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: count [-enc NAME] [-whole] [-want N] [-chunks FILE] FILE")
		os.Exit(2)
	}
	// The chunk counts are written out before any exit below, even a
	// failed -want, which is when they are wanted most.
	record, closeChunks := func(int) {}, func() error { return nil }
	if *chunks != "" {
		out, err := os.Create(*chunks)
		if err != nil {
			fmt.Fprintln(os.Stderr, "count:", err)
			os.Exit(1)
		}
		w := bufio.NewWriter(out)
		record = func(n int) { fmt.Fprintln(w, n) }
		closeChunks = func() error { return errors.Join(w.Flush(), out.Close()) }
	}
	e, err := bpe.Get(*enc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "count:", err)
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "count:", err)
		os.Exit(1)
	}
	defer f.Close()
	cpu0, t0 := cputime.Used(), time.Now()
	n, size, err := count(e, f, *whole, record)
	err = errors.Join(err, closeChunks())
	if err != nil {
		fmt.Fprintln(os.Stderr, "count:", err)
		os.Exit(1)
	}
	wall, cpu := time.Since(t0), cputime.Used()-cpu0
	mb := float64(size) / 1e6
	fmt.Printf("%s\t%d tokens\t%d bytes\twall %.3fs %.1f MB/s\tcpu %.3fs %.1f MB/s\n",
		*enc, n, size, wall.Seconds(), mb/wall.Seconds(), cpu.Seconds(), mb/cpu.Seconds())
	if *want >= 0 && n != *want {
		fmt.Fprintf(os.Stderr, "count: %s gives %d tokens, want %d\n", *enc, n, *want)
		os.Exit(1)
	}
}

// count counts r's tokens, whole or chunk by chunk, and returns the count
// and the number of bytes read; record is given each chunk's count.
func count(e *bpe.Encoding, r io.Reader, whole bool, record func(int)) (n, size int, err error) {
	if whole {
		// Read into a buffer of the file's size, as io.ReadAll's doubling
		// would count up to twice the text in peak memory.
		var buf bytes.Buffer
		if f, ok := r.(*os.File); ok {
			if fi, err := f.Stat(); err == nil {
				buf.Grow(int(fi.Size()) + bytes.MinRead)
			}
		}
		if _, err := buf.ReadFrom(r); err != nil {
			return 0, 0, err
		}
		return e.CountBytes(buf.Bytes()), buf.Len(), nil
	}
	br := bufio.NewReaderSize(r, 1<<20)
	chunk := make([]byte, 0, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		chunk = append(chunk, line...)
		if len(chunk) >= 16<<10 && len(line) > 0 && line[len(line)-1] == '\n' || err == io.EOF {
			c := e.CountBytes(chunk)
			record(c)
			n += c
			size += len(chunk)
			chunk = chunk[:0]
		}
		switch err {
		case nil, bufio.ErrBufferFull:
		case io.EOF:
			return n, size, nil
		default:
			return n, size, err
		}
	}
}
