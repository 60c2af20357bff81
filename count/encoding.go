package count

import (
	"slices"

	"github.com/convkit/convkit/count/bpe"
)

// getEncoder returns the encoding called name. count/bpe counts all six of
// tiktoken's encodings exactly, reads its tables from the binary without
// parsing them, and has no way to reach the network; pkoukk/tiktoken-go,
// the reference it is tested against, is linked into the tests only.
func getEncoder(name string) (*bpe.Encoding, error) {
	if !knownEncoding(name) {
		return nil, &UnknownEncodingError{Name: name}
	}
	return bpe.Get(name)
}

// Encodings returns the names of the encodings convkit has, sorted.
func Encodings() []string { return bpe.Names() }

func knownEncoding(name string) bool { return slices.Contains(bpe.Names(), name) }
