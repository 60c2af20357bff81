package clidoc

import (
	"fmt"
	"io"
	"strings"
)

func bash(w io.Writer, app App) {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Names...)
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
	for _, c := range app.Commands {
		flags := c.Flags
		fmt.Fprintf(w, "    %s)\n        case $prev in\n", strings.Join(c.Names, "|"))
		for _, f := range flags {
			if f.Choices != nil {
				fmt.Fprintf(w, "            %s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n", strings.Join(f.Spelled(), "|"), strings.Join(f.Choices, " "))
			} else if f.Value != "" && !f.TakesFile() {
				fmt.Fprintf(w, "            %s) return ;;\n", strings.Join(f.Spelled(), "|"))
			}
		}
		var all []string
		for _, f := range flags {
			all = append(all, f.Spelled()...)
		}
		fmt.Fprintf(w, "        esac\n        if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '%s --help' -- \"$cur\")); return; fi ;;\n", strings.Join(all, " "))
	}
	fmt.Fprint(w, `    esac
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -o bashdefault -F _convkit convkit
`)
}

func zsh(w io.Writer, app App) {
	fmt.Fprint(w, "#compdef convkit\n# zsh completion for convkit: convkit completion zsh > \"${fpath[1]}/_convkit\"\n_convkit() {\n    local -a commands\n    commands=(\n")
	for _, c := range app.Commands {
		for _, n := range c.Names {
			fmt.Fprintf(w, "        '%s:%s'\n", n, zshQuote(c.Usage))
		}
	}
	fmt.Fprint(w, "    )\n    if (( CURRENT == 2 )); then\n        _describe command commands\n        return\n    fi\n    shift words\n    (( CURRENT-- ))\n    case ${words[1]} in\n")
	for _, c := range app.Commands {
		fmt.Fprintf(w, "    %s)\n        _arguments -s \\\n", strings.Join(c.Names, "|"))
		for _, f := range c.Flags {
			action := ""
			switch {
			case f.Choices != nil:
				action = fmt.Sprintf(":%s:(%s)", strings.ToLower(f.Value), strings.Join(f.Choices, " "))
			case f.TakesFile():
				action = fmt.Sprintf(":%s:_files", strings.ToLower(f.Value))
			case f.Value != "":
				action = fmt.Sprintf(":%s: ", strings.ToLower(f.Value))
			}
			for _, s := range f.Spelled() {
				fmt.Fprintf(w, "            '%s[%s]%s' \\\n", s, zshQuote(f.Usage), action)
			}
		}
		fmt.Fprint(w, "            '*:file:_files' ;;\n")
	}
	fmt.Fprint(w, "    esac\n}\nif [[ $funcstack[1] == _convkit ]]; then _convkit \"$@\"; else compdef _convkit convkit; fi\n")
}

func fish(w io.Writer, app App) {
	fmt.Fprint(w, "# fish completion for convkit: convkit completion fish > ~/.config/fish/completions/convkit.fish\n")
	fmt.Fprint(w, "complete -c convkit -l version -d 'print the version'\n")
	for _, c := range app.Commands {
		for _, n := range c.Names {
			fmt.Fprintf(w, "complete -c convkit -n __fish_use_subcommand -f -a %s -d %s\n", n, fishQuote(c.Usage))
		}
		for _, f := range c.Flags {
			line := fmt.Sprintf("complete -c convkit -n '__fish_seen_subcommand_from %s'", strings.Join(c.Names, " "))
			if f.Long != "" {
				line += " -l " + f.Long
			}
			if f.Short != "" {
				line += " -s " + f.Short
			}
			switch {
			case f.Choices != nil:
				line += " -x -a " + fishQuote(strings.Join(f.Choices, " "))
			case f.TakesFile():
				line += " -r -F"
			case f.Value != "":
				line += " -x"
			}
			fmt.Fprintln(w, line+" -d "+fishQuote(f.Usage))
		}
	}
}

// zshQuote makes s safe inside a single-quoted _arguments description.
func zshQuote(s string) string {
	return strings.NewReplacer("'", "'\\''", "[", "(", "]", ")", ":", "\\:").Replace(s)
}

// fishQuote quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
