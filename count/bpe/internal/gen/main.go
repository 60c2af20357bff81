// Command gen writes the tables package bpe embeds: per encoding a rank
// table and a table for counting very long pieces, read from the offline
// loader's rank files, and the Unicode class table. Run it with go generate
// in count/bpe.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/convkit/convkit/count/bpe/internal/ranks"
	"github.com/convkit/convkit/count/bpe/internal/table"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	for _, name := range []string{"cl100k_base", "o200k_base", "p50k_base", "r50k_base"} {
		rk, err := ranks.Load(name)
		if err != nil {
			return err
		}
		b, err := table.Build(rk, table.Bits(len(rk)))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".bin"), b, 0o644); err != nil {
			return err
		}
		long, err := table.BuildLong(rk)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".long.bin"), long, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "classes.bin"), table.Classes(), 0o644)
}
