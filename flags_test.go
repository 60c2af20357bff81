package main

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/clidoc"
)

// meanings declares the long flag names whose help text differs from one
// command to another because what the flag does there differs, though the
// idea is the same: the test below fails on any other difference.
var meanings = map[string]string{
	"model":      "the model tokens are counted for; what is counted differs (a window, meta's token_count, --fine-tune)",
	"max-tokens": "a budget in tokens; what is done with it differs (exit 3, trim, cut, keep)",
	"json":       "a report as JSON instead of text; the report differs",
	"verbose":    "say more on standard error; what is said differs",
	"quiet":      "say less on standard error; trim's -q also drops its report",
	"format":     "the output format; the default differs (the input's, or for a new file)",
	"from":       "the input format",
	"output":     "where to write: a FILE, or for split and shard a DIR of files",
	"by":         "what rows count and stats break down by",
	"n":          "how many: conversations or shards",
	"seed":       "the random seed",
	"key":        "what conversations are grouped by",
	"role":       "a message's role: append sets it, filter and grep match it",
	"merge":      "the inputs are earlier outputs of the same command, to be combined",
	"fit":        "the model's context window is the budget",
	"strict":     "what would be a warning is an error",
	"in-place":   "the input files are replaced, atomically, by what the command makes of them",
	"on-unfit":   "what to do with what cannot fit: a turn (chunk) or a conversation (trim)",
}

// synonyms are names that mean the same idea as a name of the vocabulary:
// none may be shown in help; one may only be a hidden alias.
var synonyms = map[string]string{
	"limit":       "max-tokens",
	"budget":      "max-tokens",
	"report-json": "json",
	"silent":      "quiet",
	"out":         "output",
	"inplace":     "in-place",
	"enc":         "encoding",
	"to":          "format",
}

// shortExceptions are short names that stand for another long name in one
// command, declared: filter's -e is its expression, as grep's -e is.
// grep's -i and -l are grep's own.
var shortExceptions = map[string]string{"filter -e": "expr", "grep -i": "ignore-case", "grep -l": "files-with-matches"}

// TestFlagVocabulary walks every command's flags and fails when one long
// name means different things (its kind, value or short name differ, or
// its help text differs without a declared meaning), or one idea has two
// names.
func TestFlagVocabulary(t *testing.T) {
	app := newApp(newEnv(os.Stdin, &bytes.Buffer{}, &bytes.Buffer{}), "")
	type use struct {
		cmd, short, value, usage string
		takes                    bool
	}
	uses := map[string][]use{}
	shortFor := map[string]string{} // short name → long name
	for _, c := range app.Commands {
		for _, f := range c.Flags {
			names := shownNames(f)
			long, short := "", ""
			for _, n := range names {
				if len(n) == 1 {
					short = n
				} else if long == "" {
					long = n
				}
			}
			if long == "" {
				continue
			}
			if to, ok := synonyms[long]; ok {
				t.Errorf("%s --%s: the vocabulary calls this --%s", c.Name, long, to)
			}
			for _, hidden := range f.Names() {
				if !slices.Contains(names, hidden) && synonyms[hidden] == "" {
					t.Errorf("%s --%s: hidden name --%s is not declared a synonym", c.Name, long, hidden)
				}
			}
			d := f.(cli.DocGenerationFlag)
			value, usage := clidoc.UnquoteUsage(d.GetUsage())
			uses[long] = append(uses[long], use{c.Name, short, value, usage, d.TakesValue()})
			if short == "" {
				continue
			}
			if want, ok := shortExceptions[c.Name+" -"+short]; ok {
				if want != long {
					t.Errorf("%s -%s is declared --%s, is --%s", c.Name, short, want, long)
				}
				continue
			}
			if other, ok := shortFor[short]; ok && other != long {
				t.Errorf("-%s is --%s in one command and --%s in %s", short, other, long, c.Name)
			}
			shortFor[short] = long
		}
	}
	for long, us := range uses {
		first := us[0]
		for _, u := range us[1:] {
			where := fmt.Sprintf("--%s in %s and %s", long, first.cmd, u.cmd)
			if _, excepted := shortExceptions[u.cmd+" -"+u.short]; u.short != "" && first.short != "" && u.short != first.short && !excepted {
				t.Errorf("%s: short names -%s and -%s", where, first.short, u.short)
			}
			if u.takes != first.takes {
				t.Errorf("%s: one takes a value, the other not", where)
			}
			if u.usage != first.usage && meanings[long] == "" {
				t.Errorf("%s: help differs and no meaning is declared:\n  %s\n  %s", where, first.usage, u.usage)
			}
		}
	}
}

// TestHelpLayout checks every help page: lines of at most 100 columns, no
// "(default: false)", no flag with a bare "value" placeholder.
func TestHelpLayout(t *testing.T) {
	pages := [][]string{{"convkit", "--help"}}
	for _, c := range newApp(newEnv(os.Stdin, &bytes.Buffer{}, &bytes.Buffer{}), "").Commands {
		pages = append(pages, []string{"convkit", c.Name, "--help"})
	}
	for _, args := range pages {
		var out, errOut bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		for i, line := range strings.Split(out.String(), "\n") {
			if n := len([]rune(line)); n > clidoc.Width {
				t.Errorf("%v line %d is %d columns: %s", args, i+1, n, line)
			}
			if strings.Contains(line, "(default: false)") || strings.Contains(line, " value ") && strings.HasPrefix(strings.TrimSpace(line), "-") {
				t.Errorf("%v line %d: %s", args, i+1, line)
			}
		}
	}
}

// TestFlagNames holds flagNames, which start-up uses, to what urfave/cli's
// Names gives, for every flag of every command.
func TestFlagNames(t *testing.T) {
	app := newApp(newEnv(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}), "")
	all := append([]cli.Flag(nil), app.Flags...)
	for _, c := range app.Commands {
		all = append(all, c.Flags...)
	}
	for _, f := range all {
		if r, ok := f.(*renamedFlag); ok {
			f = r.docFlag
		}
		var want []string // what urfave/cli's own Names gives
		switch w := f.(type) {
		case switchFlag:
			want = w.BoolFlag.Names()
		case stringNamesFlag:
			want = w.StringFlag.Names()
		case intNamesFlag:
			want = w.IntFlag.Names()
		default:
			want = f.Names()
		}
		if got := flagNames(f); !slices.Equal(got, want) {
			t.Errorf("flagNames = %q, urfave/cli's Names = %q", got, want)
		}
	}
}
