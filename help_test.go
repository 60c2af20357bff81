package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/count"
)

// TestDescriptions checks that every help/NAME.txt is a command's long
// description, that every command but the few that need none has one,
// and that its placeholders are filled.
func TestDescriptions(t *testing.T) {
	app := newApp(newEnv(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}), "")
	files, _ := fs.Glob(helpTexts, "help/*.txt")
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "help/"), ".txt")
		if app.Command(name) == nil {
			t.Errorf("%s describes no command", f)
		}
	}
	for _, c := range app.Commands {
		d := c.Description
		switch {
		case d == "" && !slices.Contains([]string{"formats", "help", "man"}, c.Name):
			t.Errorf("%s has no description: write help/%s.txt", c.Name, c.Name)
		case strings.Contains(d, "{default-model}"):
			t.Errorf("%s: a placeholder is left in its description", c.Name)
		case strings.HasSuffix(d, "\n"):
			t.Errorf("%s: its description ends with a blank line", c.Name)
		}
	}
	if d := app.Command("count").Description; !strings.Contains(d, "The default model is\n"+count.DefaultModel+" (") {
		t.Errorf("count's description does not name the default model %s:\n%s", count.DefaultModel, d)
	}
}

// TestCommandsByName: each entry of commands builds the command it names,
// and they are all the commands.
func TestCommandsByName(t *testing.T) {
	env := newEnv(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	for _, c := range commands {
		if got := c.build(env).Name; got != c.name {
			t.Errorf("commands lists %q, whose builder makes %q", c.name, got)
		}
	}
	if n := len(newApp(env, "").Commands); n != len(commands) {
		t.Errorf("the app has %d commands, commands lists %d", n, len(commands))
	}
}

// TestOneCommandBuiltAlone runs each command's help, a misspelt flag and
// a missing file through the app that builds that command alone (what run
// does) and through the one that builds them all: the same output, the
// same error.
func TestOneCommandBuiltAlone(t *testing.T) {
	for _, c := range commands {
		if commandArg([]string{"convkit", c.name}) == "" {
			continue // help, completion and man build them all
		}
		for _, args := range [][]string{{"convkit", c.name, "--help"}, {"convkit", c.name, "--no-such-flag"}, {"convkit", c.name, "no-such-file.json"}} {
			outputs := [2]string{}
			for i, only := range []string{c.name, ""} {
				var out, errOut bytes.Buffer
				app := newApp(newEnv(strings.NewReader(""), &out, &errOut), only)
				err := app.Run(intersperse(app, args))
				outputs[i] = fmt.Sprintf("stdout:\n%s\nstderr:\n%s\nerror: %v", out.String(), errOut.String(), err)
			}
			if outputs[0] != outputs[1] {
				t.Errorf("%q: built alone:\n%s\n\nbuilt with the others:\n%s", args, outputs[0], outputs[1])
			}
		}
	}
}

// TestNoCommandIsUsage checks that convkit with no command is a usage
// mistake (exit 2, the help on stderr, stdout empty), while --help, -h and
// help ask for it (exit 0, the help on stdout).
func TestNoCommandIsUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"convkit"}, strings.NewReader(""), &out, &errOut); code != exitUsage {
		t.Errorf("convkit: exit %d, want %d", code, exitUsage)
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "USAGE:") || !strings.HasSuffix(errOut.String(), "\nconvkit: error: no command given\n") {
		t.Errorf("convkit: stdout %q, stderr %q", out.String(), errOut.String())
	}
	for _, ask := range []string{"--help", "-h", "help"} {
		out.Reset()
		errOut.Reset()
		if code := run([]string{"convkit", ask}, strings.NewReader(""), &out, &errOut); code != exitOK {
			t.Errorf("convkit %s: exit %d, want 0", ask, code)
		}
		if !strings.Contains(out.String(), "USAGE:") || errOut.Len() != 0 {
			t.Errorf("convkit %s: stdout %q, stderr %q", ask, out.String(), errOut.String())
		}
	}
}
