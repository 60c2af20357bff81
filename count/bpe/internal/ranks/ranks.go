// Package ranks reads the rank files of the offline loader. It is kept apart
// from package table so that programs using package bpe do not link them.
package ranks

import (
	"fmt"

	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// Load reads the named encoding's ranks from the offline loader's
// embedded rank files, the same data tiktoken-go counts with.
func Load(name string) (map[string]int, error) {
	ranks, err := tiktoken_loader.NewOfflineLoader().LoadTiktokenBpe(name + ".tiktoken")
	if err != nil {
		return nil, fmt.Errorf("ranks: loading %s: %w", name, err)
	}
	return ranks, nil
}
