//go:build long

package main

// longTests is true under `go test -tags long`: the slow checks run too.
const longTests = true
