package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/suggest"
)

// completionCommand is convkit completion SHELL: a script, made from the
// command definitions, that completes commands, flags, format names,
// models, encodings and files.
func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		ArgsUsage: "SHELL",
		Description: "Prints a script that completes convkit's commands, flags, format names, models and files.\n\n" +
			"   source <(convkit completion bash)                     # in ~/.bashrc\n" +
			"   convkit completion zsh > \"${fpath[1]}/_convkit\"       # then restart zsh\n" +
			"   convkit completion fish > ~/.config/fish/completions/convkit.fish",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cmderr.Usagef("completion takes one SHELL: bash, zsh or fish")
			}
			write, ok := map[string]func(io.Writer, *cli.App){"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}[c.Args().First()]
			if !ok {
				return &cmderr.Usage{Err: fmt.Errorf("no completion for shell %q", c.Args().First()),
					Hints: append(suggest.MeanHint(suggest.DidYouMean(c.Args().First(), []string{"bash", "zsh", "fish"})), "convkit completes bash, zsh and fish")}
			}
			write(e.Out, c.App)
			return nil
		},
	}
}

// visibleCommands are the commands help lists.
func visibleCommands(app *cli.App) []*cli.Command {
	var cmds []*cli.Command
	for _, c := range app.Commands {
		if !c.Hidden {
			cmds = append(cmds, c)
		}
	}
	return cmds
}

func bashCompletion(w io.Writer, app *cli.App) {
	var names []string
	for _, c := range visibleCommands(app) {
		names = append(names, c.Names()...)
	}
	fmt.Fprintf(w, `# bash completion for convkit: source <(convkit completion bash)
_convkit() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W '%s --help --version' -- "$cur"))
        return
    fi
    case $cmd in
`, strings.Join(names, " "))
	for _, c := range visibleCommands(app) {
		flags := visibleFlags(app, c)
		fmt.Fprintf(w, "    %s)\n        case $prev in\n", strings.Join(c.Names(), "|"))
		for _, f := range flags {
			if f.choices != nil {
				fmt.Fprintf(w, "            %s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n", strings.Join(f.spelled(), "|"), strings.Join(f.choices, " "))
			} else if f.value != "" && !f.takesFile() {
				fmt.Fprintf(w, "            %s) return ;;\n", strings.Join(f.spelled(), "|"))
			}
		}
		var all []string
		for _, f := range flags {
			all = append(all, f.spelled()...)
		}
		fmt.Fprintf(w, "        esac\n        if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '%s --help' -- \"$cur\")); return; fi ;;\n", strings.Join(all, " "))
	}
	fmt.Fprint(w, `    esac
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -o bashdefault -F _convkit convkit
`)
}

func zshCompletion(w io.Writer, app *cli.App) {
	fmt.Fprint(w, "#compdef convkit\n# zsh completion for convkit: convkit completion zsh > \"${fpath[1]}/_convkit\"\n_convkit() {\n    local -a commands\n    commands=(\n")
	for _, c := range visibleCommands(app) {
		for _, n := range c.Names() {
			fmt.Fprintf(w, "        '%s:%s'\n", n, zshQuote(c.Usage))
		}
	}
	fmt.Fprint(w, "    )\n    if (( CURRENT == 2 )); then\n        _describe command commands\n        return\n    fi\n    shift words\n    (( CURRENT-- ))\n    case ${words[1]} in\n")
	for _, c := range visibleCommands(app) {
		fmt.Fprintf(w, "    %s)\n        _arguments -s \\\n", strings.Join(c.Names(), "|"))
		for _, f := range visibleFlags(app, c) {
			action := ""
			switch {
			case f.choices != nil:
				action = fmt.Sprintf(":%s:(%s)", strings.ToLower(f.value), strings.Join(f.choices, " "))
			case f.takesFile():
				action = fmt.Sprintf(":%s:_files", strings.ToLower(f.value))
			case f.value != "":
				action = fmt.Sprintf(":%s: ", strings.ToLower(f.value))
			}
			for _, s := range f.spelled() {
				fmt.Fprintf(w, "            '%s[%s]%s' \\\n", s, zshQuote(f.usage), action)
			}
		}
		fmt.Fprint(w, "            '*:file:_files' ;;\n")
	}
	fmt.Fprint(w, "    esac\n}\nif [[ $funcstack[1] == _convkit ]]; then _convkit \"$@\"; else compdef _convkit convkit; fi\n")
}

func fishCompletion(w io.Writer, app *cli.App) {
	fmt.Fprint(w, "# fish completion for convkit: convkit completion fish > ~/.config/fish/completions/convkit.fish\n")
	fmt.Fprint(w, "complete -c convkit -l version -d 'print the version'\n")
	for _, c := range visibleCommands(app) {
		for _, n := range c.Names() {
			fmt.Fprintf(w, "complete -c convkit -n __fish_use_subcommand -f -a %s -d %s\n", n, fishQuote(c.Usage))
		}
		for _, f := range visibleFlags(app, c) {
			line := fmt.Sprintf("complete -c convkit -n '__fish_seen_subcommand_from %s'", strings.Join(c.Names(), " "))
			if f.long != "" {
				line += " -l " + f.long
			}
			if f.short != "" {
				line += " -s " + f.short
			}
			switch {
			case f.choices != nil:
				line += " -x -a " + fishQuote(strings.Join(f.choices, " "))
			case f.takesFile():
				line += " -r -F"
			case f.value != "":
				line += " -x"
			}
			fmt.Fprintln(w, line+" -d "+fishQuote(f.usage))
		}
	}
}

// spelled is the flag's names as typed: --output, -o.
func (d flagDoc) spelled() []string {
	var s []string
	if d.long != "" {
		s = append(s, "--"+d.long)
	}
	if d.short != "" {
		s = append(s, "-"+d.short)
	}
	return s
}

// zshQuote makes s safe inside a single-quoted _arguments description.
func zshQuote(s string) string {
	return strings.NewReplacer("'", "'\\''", "[", "(", "]", ")", ":", "\\:").Replace(s)
}

// fishQuote quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
