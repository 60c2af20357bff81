package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/app"
)

// TestStdinHint: when standard input is a terminal, a command that reads it
// says how to end it, since it would otherwise seem to hang; from a pipe it
// says nothing (issue 16, 12).
func TestStdinHint(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tty := range []bool{true, false} {
		var out, errb bytes.Buffer
		e := &env{Env: &app.Env{In: strings.NewReader("Hello"), Out: &out, Err: &errb, InTTY: tty}}
		opts := appendOptions{file: "chat.json"}
		opts.message.Role = "user"
		if err := runAppend(e, opts); err != nil {
			t.Fatal(err)
		}
		hinted := strings.Contains(errb.String(), "reading standard input; end it with Ctrl-D")
		if hinted != tty {
			t.Errorf("terminal %v: stderr %q", tty, errb.String())
		}
	}
}
