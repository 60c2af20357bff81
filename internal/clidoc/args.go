package clidoc

import "strings"

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
