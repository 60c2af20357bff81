// Package smallfile reads inputs that are read whole, not streamed, with a
// size limit, so that --schema /dev/zero or append < /dev/zero fails
// instead of exhausting memory.
package smallfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/convkit/convkit/internal/cmderr"
)

// The limits of the inputs read whole; docs/formats.md lists them.
const (
	MaxSchema  = 16 << 20 // --schema FILE
	MaxModels  = 16 << 20 // --models FILE
	MaxSummary = 1 << 20  // --summary-file, and what --summary-cmd prints
	MaxAppend  = 16 << 20 // append's text from standard input: 4M tokens, more than any window
)

// Read reads all of r, named name, failing once it passes limit
// bytes; what says what the input is for.
func Read(r io.Reader, name, what string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return nil, cmderr.File(err)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: over %s, the limit for %s", name, SizeName(limit), what)
	}
	return data, nil
}

// ReadFile is Read for the file at path; an error opening it
// is returned as os.Open gives it.
func ReadFile(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path, what, limit)
}

// SizeName writes a power-of-two size as KiB or MiB.
func SizeName(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
