package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoHTTPClient checks that the binary links no HTTP client, so that no
// code path can download anything: tiktoken-go, whose default loader fetches
// rank files, is linked into the tests only.
func TestNoHTTPClient(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, pkg := range []string{"net/http", "github.com/pkoukk/tiktoken-go", "github.com/pkoukk/tiktoken-go-loader"} {
		if slices.Contains(deps, pkg) {
			t.Errorf("convkit links %s", pkg)
		}
	}
}
