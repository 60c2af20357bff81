//go:build !long

package hf

// longTests is true under `go test -tags long`: the exhaustive checks run
// too, not only a sample.
const longTests = false
