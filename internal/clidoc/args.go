package clidoc

import (
	"fmt"
	"strings"
)

// Intersperse lets flags follow the arguments (convkit trim chat.json
// --last 5): a flag parser that stops at the first argument would read
// the flags after it as arguments, so they are moved before it, each with
// its value when takesValue says it has one; what follows "--" stays an
// argument.
func Intersperse(args []string, takesValue map[string]bool) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if takesValue[name] && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if len(rest) > 0 {
		flags = append(flags, "--")
	}
	return append(flags, rest...)
}

// UsageMessage words a flag parser's error as convkit says it: "unknown
// flag --nme" (and that flag, to suggest the nearest), each flag spelled
// as it is typed (-o, --output), not as the flag package spells it.
func UsageMessage(msg string) (text, unknownFlag string) {
	if flag, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		if !strings.HasPrefix(flag, "--") && len(flag) > 2 {
			flag = "-" + flag
		}
		msg, unknownFlag = "unknown flag "+flag, flag
	}
	if value, rest, ok := strings.Cut(msg, " for flag -"); ok && strings.HasPrefix(value, "invalid value ") {
		if name, why, ok := strings.Cut(rest, ": "); ok {
			msg = fmt.Sprintf("%s for %s: %s", value, Dashed(name), why)
		}
	}
	return msg, unknownFlag
}

// Dashed spells a flag's name as it is typed: -o, --output.
func Dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// SplitList splits a flag's comma-separated list, dropping empty items.
func SplitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
