package clidoc

import (
	"fmt"
	"io"
	"strings"
)

// Man writes the manual page, in roff.
func Man(w io.Writer, app App) {
	fmt.Fprintf(w, ".TH CONVKIT 1 \"\" %q \"User Commands\"\n", "convkit "+app.Version)
	fmt.Fprintf(w, ".SH NAME\nconvkit \\- %s\n", roff(app.Usage))
	fmt.Fprint(w, ".SH SYNOPSIS\n.B convkit\n.I command\n[\\fIoptions\\fR] [\\fIFILE\\fR ...]\n")
	fmt.Fprint(w, ".SH DESCRIPTION\nEvery command reads each FILE, or standard input when there is none or for \\fB\\-\\fR, "+
		"writes data only to standard output (or \\fB\\-o\\fR \\fIFILE\\fR), and diagnostics to standard error.\n")
	fmt.Fprint(w, ".SH COMMANDS\n")
	for _, c := range app.Commands {
		fmt.Fprintf(w, ".SS \"%s %s\"\n%s\n", roff(strings.Join(c.Names, ", ")), roff(c.ArgsUsage), roff(c.Usage))
		manParagraphs(w, c.Description)
		for _, f := range c.Flags {
			var names []string
			for _, s := range f.Spelled() {
				names = append(names, `\fB`+roff(s)+`\fR`)
			}
			value := ""
			if f.Value != "" {
				value = ` \fI` + roff(f.Value) + `\fR`
			}
			fmt.Fprintf(w, ".TP\n%s%s\n%s\n", strings.Join(names, ", "), value, roff(f.Usage))
		}
	}
	fmt.Fprint(w, ".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\nfailure: I/O error, malformed input\n"+
		".TP\n2\nusage: bad flag, unknown format or command\n.TP\n3\nthe answer is no: problems found, a conversation does not fit\n")
	fmt.Fprint(w, ".SH ENVIRONMENT\n.TP\nNO_COLOR\nwhen set, nothing is coloured\n")
	fmt.Fprint(w, ".SH SEE ALSO\n\\fBconvkit help\\fR \\fIcommand\\fR, \\fBconvkit completion\\fR \\fIshell\\fR\n")
}

// manParagraphs writes a command's description: its paragraphs as text,
// its indented examples as they are.
func manParagraphs(w io.Writer, description string) {
	for _, p := range strings.Split(description, "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		if strings.HasPrefix(p, "   ") {
			fmt.Fprint(w, ".PP\n.RS\n.nf\n")
			for _, line := range strings.Split(p, "\n") {
				fmt.Fprintln(w, roff(strings.TrimSpace(line)))
			}
			fmt.Fprint(w, ".fi\n.RE\n")
			continue
		}
		fmt.Fprintf(w, ".PP\n%s\n", roff(strings.Join(strings.Fields(p), " ")))
	}
}

// roff escapes text for a roff line: backslashes, hyphens that are minus
// signs in flags, a leading dot or quote that would read as a request, and
// the characters an ASCII terminal's troff has no glyph for.
func roff(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`, "…", "...", "—", `\(em`, "–", `\(en`, "→", "->").Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
