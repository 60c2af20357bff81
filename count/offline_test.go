package count

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/pkoukk/tiktoken-go"

	"github.com/convkit/convkit/internal/nettrap"
)

// TestOffline runs offlineChild in a fresh process, where no encoding has
// been loaded yet, so that loading each one really happens under the trap.
func TestOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every encoding in a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestOfflineChild$", "-test.v")
	cmd.Env = append(os.Environ(), "CONVKIT_OFFLINE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestOfflineChild") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// TestOfflineChild fails if counting in any encoding sends an HTTP request
// or writes a cache: every request goes to a trap, proxies point to a closed
// port, and tiktoken's cache directory is an empty folder that must stay so.
func TestOfflineChild(t *testing.T) {
	if os.Getenv("CONVKIT_OFFLINE_CHILD") == "" {
		t.Skip("run by TestOffline in a fresh process")
	}
	trap := nettrap.Install(t)
	cache := t.TempDir()
	for _, k := range []string{"TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"} {
		t.Setenv(k, cache)
	}
	for _, name := range Encodings() {
		c, err := New(Options{Encoding: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := c.Text("hello world"); n != 2 {
			t.Errorf("%s: hello world is %d tokens, want 2", name, n)
		}
	}
	if n := trap.Calls(); n != 0 {
		t.Fatalf("counting sent %d HTTP requests", n)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Fatalf("counting wrote %d files to tiktoken's cache directory", len(entries))
	}
	// The trap is real: tiktoken-go's own downloading loader walks into it.
	_, err := tiktoken.NewDefaultBpeLoader().LoadTiktokenBpe("https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken")
	if err == nil || trap.Calls() == 0 {
		t.Fatalf("the trap did not catch a download (err %v): this test proves nothing", err)
	}
}
