package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestInitAllocatesLittle runs this test binary, which links every package
// convkit does, with GODEBUG=inittrace=1 and no test to run, and checks
// what the initialisers of the dependencies that once did the most work
// before main allocate: jsonschema compiled its five draft metaschemas
// there (about 1 MB; third_party/jsonschema compiles one when a schema
// needs it).
func TestInitAllocatesLittle(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	line := regexp.MustCompile(`(?m)^init github\.com/santhosh-tekuri/jsonschema/v5 @.* ms, .* ms clock, (\d+) bytes, \d+ allocs$`)
	m := line.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no inittrace line for jsonschema in:\n%s", out)
	}
	if n, _ := strconv.Atoi(string(m[1])); n > 64<<10 {
		t.Errorf("jsonschema's init allocates %d bytes (its metaschemas compiled before main?), want at most 64 KiB", n)
	}
}
