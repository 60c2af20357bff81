package output

import (
	"fmt"
	"io"
	"os"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/codec"
)

// PackedAs says how path is packed, as its reader sees it (its first
// bytes, not its name), so that -i writes it back the same way: as it is,
// gzip or zstd. A zip archive (its other members), bzip2 and xz, which
// convkit reads but does not write, are refused: written back they would
// become one plain file under their name. InPlace writes with this kind.
func PackedAs(path string) (codec.Kind, error) {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return codec.None, nil // a pipe would block the open; -i refuses it (and reading says why)
	}
	f, err := os.Open(path)
	if err != nil {
		return codec.None, nil // reading it says why
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	hint := []string{"write the result to another file with -o FILE"}
	switch kind := codec.Sniff(head[:n]); kind {
	case codec.None, codec.Gzip, codec.Zstd:
		return kind, nil
	case codec.Zip:
		return kind, &cmderr.Usage{Err: fmt.Errorf("%s: -i/--in-place cannot replace a zip archive: convkit does not write zip, and its members would become one file", path), Hints: hint}
	default:
		return kind, &cmderr.Usage{Err: fmt.Errorf("%s: -i/--in-place cannot replace a file compressed with %s: convkit reads %s but does not write it", path, kind, kind), Hints: hint}
	}
}
