// Package longtest tells tests whether the long checks run: differential
// corpora walked whole, memory bounds on streams of tens of megabytes.
// go test runs a quick sample of them; go test -tags long runs all of
// them, and .ci/run does so.
package longtest

import "testing"

// Skip skips t unless the tests were built with -tags long, or when they
// run with -short; why says what makes the test long.
func Skip(t testing.TB, why string) {
	t.Helper()
	if !Enabled || testing.Short() {
		t.Skip(why + ": go test -tags long runs it")
	}
}

// Scale returns full under -tags long and quick otherwise: how many cases
// to try, or the step to walk a corpus with.
func Scale(quick, full int) int {
	if Enabled {
		return full
	}
	return quick
}

// Sample returns every nth element of s, from the first, or all of s under
// -tags long: a corpus that go test walks a part of.
func Sample[T any](s []T, n int) []T {
	if Enabled || n <= 1 {
		return s
	}
	out := make([]T, 0, (len(s)+n-1)/n)
	for i := 0; i < len(s); i += n {
		out = append(out, s[i])
	}
	return out
}
