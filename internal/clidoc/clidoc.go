// Package clidoc writes what is made from the command definitions: the
// shell completion scripts (bash, zsh, fish) and the manual page, from a
// description of the commands that knows nothing of the flag library; and
// it wraps help text to the terminal's width.
package clidoc

import (
	"io"
	"strings"
)

// App describes convkit's command line.
type App struct {
	Name, Usage, Version string
	Commands             []Command // the commands help lists, in its order
}

// Command is one command as help shows it.
type Command struct {
	Names                         []string // its name, then its aliases
	Usage, ArgsUsage, Description string
	Flags                         []Flag // the flags help shows
}

// Flag is what completion and the man page need of a flag: its names
// (long first), what it does, and what its value is.
type Flag struct {
	Long, Short string // either may be ""
	Usage       string
	Value       string   // the value's placeholder (FILE, N), or "" for a switch
	Choices     []string // the values it takes, when they are few and known
}

// Spelled is the flag's names as typed: --output, -o.
func (d Flag) Spelled() []string {
	var s []string
	if d.Long != "" {
		s = append(s, "--"+d.Long)
	}
	if d.Short != "" {
		s = append(s, "-"+d.Short)
	}
	return s
}

// TakesFile says whether a flag's value is a file or directory name.
func (d Flag) TakesFile() bool {
	return d.Value != "" && d.Choices == nil && (strings.Contains(d.Value, "FILE") || strings.Contains(d.Value, "DIR"))
}

// UnquoteUsage splits a usage text into the name of its value, written
// between back quotes, and the text without them.
func UnquoteUsage(usage string) (name, text string) {
	before, rest, ok := strings.Cut(usage, "`")
	if !ok {
		return "", usage
	}
	name, after, ok := strings.Cut(rest, "`")
	if !ok {
		return "", usage
	}
	return name, before + name + after
}

// Shells are the shells Completion writes a script for.
var Shells = []string{"bash", "zsh", "fish"}

// Completion writes the completion script of shell (one of Shells); it
// reports whether it knows the shell.
func Completion(w io.Writer, shell string, app App) bool {
	write, ok := map[string]func(io.Writer, App){"bash": bash, "zsh": zsh, "fish": fish}[shell]
	if ok {
		write(w, app)
	}
	return ok
}
