package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionFromClone builds convkit as a user does from a fresh clone of
// this repository (at its last commit) and checks that --version names the
// commit.
func TestVersionFromClone(t *testing.T) {
	if testing.Short() {
		t.Skip("clones and builds")
	}
	rev, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git clone")
	}
	clone := filepath.Join(t.TempDir(), "convkit")
	if out, err := exec.Command("git", "clone", "-q", ".", clone).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	bin := filepath.Join(clone, "convkit.bin")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	build.Dir, build.Env = clone, append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "(commit "+strings.TrimSpace(string(rev))) {
		t.Errorf("convkit --version = %q, want the commit %s", out, rev)
	}
}
