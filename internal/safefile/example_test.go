package safefile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/convkit/convkit/internal/safefile"
)

// ExampleEdit appends a line to a file under its lock: a concurrent Edit
// of the same file waits, so neither line is lost.
func ExampleEdit() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "log.txt")
	os.WriteFile(path, []byte("first\n"), 0o644)

	f, err := safefile.Edit(path, safefile.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Abort() // after Commit, does nothing
	old, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Fprintf(f, "%ssecond\n", old)
	if err := f.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	data, _ := os.ReadFile(path)
	fmt.Print(string(data))
	// Output:
	// first
	// second
}
