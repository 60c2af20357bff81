package appending

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/app"
)

// TestStdinHint: when standard input is a terminal, append, reading it,
// says how to end it, since it would otherwise seem to hang; from a pipe it
// says nothing (issue 16, 12).
func TestStdinHint(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tty := range []bool{true, false} {
		var out, errb bytes.Buffer
		e := &app.Env{In: strings.NewReader("Hello"), Out: &out, Err: &errb, InTTY: tty}
		opts := Options{Args: []string{"chat.json"}, Message: chat.Message{Role: "user"}}
		if err := Run(e, opts); err != nil {
			t.Fatal(err)
		}
		hinted := strings.Contains(errb.String(), "reading standard input; end it with Ctrl-D")
		if hinted != tty {
			t.Errorf("terminal %v: stderr %q", tty, errb.String())
		}
	}
}

func TestArgs(t *testing.T) {
	e := &app.Env{In: strings.NewReader(""), Err: &bytes.Buffer{}}
	for args, want := range map[string]string{
		"":        "append needs a FILE",
		"a b c":   "append takes FILE and one TEXT, not 3 arguments",
		"- hello": "append needs a FILE to add to, not standard input",
	} {
		err := Run(e, Options{Args: strings.Fields(args), Message: chat.Message{Role: "user"}})
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", args, err, want)
		}
	}
	t.Chdir(t.TempDir())
	if err := Run(e, Options{Args: []string{"new.json", "Hi"}, Message: chat.Message{Role: "user"}}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile("new.json"); !strings.Contains(string(data), `"Hi"`) {
		t.Errorf("new.json holds %q", data)
	}
}
