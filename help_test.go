package main

import (
	"bytes"
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
	app := newApp(newEnv(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}))
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
