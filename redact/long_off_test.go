//go:build !long

package redact

// longTests is true under `go test -tags long`: the slow checks run too.
const longTests = false
