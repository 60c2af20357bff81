package clidoc

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

var app = App{Name: "convkit", Usage: "count tokens", Version: "v1", Commands: []Command{{
	Names: []string{"export", "convert"}, Usage: "convert conversations", ArgsUsage: "[FILE…]",
	Description: "Reads conversations.\n\n   convkit export -f text chat.json",
	Flags: []Flag{{Long: "format", Short: "f", Usage: "output FORMAT", Value: "FORMAT", Choices: []string{"api", "text"}},
		{Long: "output", Short: "o", Usage: "write to FILE", Value: "FILE"}, {Long: "strict", Usage: "fail on loss"}},
}}}

func TestIntersperse(t *testing.T) {
	takes := map[string]bool{"last": true, "o": true, "q": false}
	got := Intersperse([]string{"chat.json", "--last", "5", "-q", "--x=1", "--", "-file"}, takes)
	want := []string{"--last", "5", "-q", "--x=1", "--", "chat.json", "-file"}
	if !slices.Equal(got, want) {
		t.Fatalf("Intersperse = %q, want %q", got, want)
	}
	if got := Intersperse([]string{"-o"}, takes); !slices.Equal(got, []string{"-o"}) {
		t.Fatalf("a flag without its value: %q", got)
	}
}

func TestWrapLine(t *testing.T) {
	line := "   --output FILE, -o FILE  " + strings.Repeat("word ", 30)
	got := WrapLine(line, 60)
	for i, l := range strings.Split(got, "\n") {
		if len(l) > 60 {
			t.Errorf("line %d is %d wide: %q", i, len(l), l)
		}
		if i > 0 && !strings.HasPrefix(l, strings.Repeat(" ", 27)+"word") {
			t.Errorf("line %d is not under the usage column: %q", i, l)
		}
	}
	example := "      convkit count --tokenizer meta-llama/Llama-3.1-8B-Instruct --max-seq-len 8192 --fit train.jsonl"
	if got := WrapLine(example, 60); got != example {
		t.Errorf("an example command was wrapped: %q", got)
	}
	var b bytes.Buffer
	h := &HelpWriter{W: &b}
	h.Write([]byte("short "))
	if b.Len() != 0 {
		t.Fatal("HelpWriter wrote half a line")
	}
	h.Write([]byte("line\n"))
	if b.String() != "short line\n" {
		t.Fatalf("HelpWriter wrote %q", b.String())
	}
}

func TestCompletionScripts(t *testing.T) {
	for _, shell := range Shells {
		var b bytes.Buffer
		if !Completion(&b, shell, app) {
			t.Fatalf("%s: not known", shell)
		}
		for _, want := range []string{"export", "convert", "api text"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s script lacks %q", shell, want)
			}
		}
	}
	if Completion(&bytes.Buffer{}, "tcsh", app) {
		t.Error("tcsh is known")
	}
}

func TestMan(t *testing.T) {
	var b bytes.Buffer
	Man(&b, app)
	for _, want := range []string{`.TH CONVKIT 1 "" "convkit v1"`, `\fB\-\-format\fR, \fB\-f\fR \fIFORMAT\fR`, ".nf\nconvkit export \\-f text chat.json\n.fi", "[FILE...]"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
}

func TestFlag(t *testing.T) {
	f := app.Commands[0].Flags
	if !slices.Equal(f[0].Spelled(), []string{"--format", "-f"}) || f[0].TakesFile() || !f[1].TakesFile() || f[2].TakesFile() {
		t.Errorf("Spelled/TakesFile: %q %v %v", f[0].Spelled(), f[0].TakesFile(), f[1].TakesFile())
	}
	if name, text := UnquoteUsage("write to `FILE` atomically"); name != "FILE" || text != "write to FILE atomically" {
		t.Errorf("UnquoteUsage = %q, %q", name, text)
	}
}

func TestUsageMessage(t *testing.T) {
	for in, want := range map[string][2]string{
		"flag provided but not defined: -nme":                                   {"unknown flag --nme", "--nme"},
		"flag provided but not defined: -x":                                     {"unknown flag -x", "-x"},
		`invalid value "x" for flag -max-tokens: a number of tokens, like 4000`: {`invalid value "x" for --max-tokens: a number of tokens, like 4000`, ""},
		`invalid value "x" for flag -n: parse error`:                            {`invalid value "x" for -n: parse error`, ""},
		"something else": {"something else", ""},
	} {
		if msg, flag := UsageMessage(in); msg != want[0] || flag != want[1] {
			t.Errorf("UsageMessage(%q) = %q, %q; want %q", in, msg, flag, want)
		}
	}
}

func TestSplitList(t *testing.T) {
	for in, want := range map[string][]string{"": nil, "email, phone,,": {"email", "phone"}, " aws ": {"aws"}} {
		if got := SplitList(in); !slices.Equal(got, want) {
			t.Errorf("SplitList(%q) = %q, want %q", in, got, want)
		}
	}
}
