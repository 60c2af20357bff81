package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/diag"
)

// report prints err as one line, located first as compilers print it
// ("FILE:LINE:COL: error: …", see package diag), then its hints, and
// returns the exit code it calls for: cmderr.Usage is exit 2, cmderr.No
// exit 3. A "no" with no place ("2 errors, 0 warnings") is a verdict, not
// an error: it prints as "convkit: …", as the summary of a run that
// succeeds does.
func report(stderr io.Writer, err error) int {
	code := exitFailure
	var hints []string
	var ue *cmderr.Usage
	var ne *cmderr.No
	var he *cmderr.Hint
	switch {
	case errors.As(err, &ue):
		code, hints = exitUsage, ue.Hints
	case errors.As(err, &ne):
		code = exitNo
	}
	if errors.As(err, &he) {
		hints = append(hints, he.Hints...)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == "/dev/stdout" { // as os.Stdout names itself
		err = fmt.Errorf("stdout: %w", pe.Err)
	}
	isFile := func(name string) bool { return app.ErrorNames(err, name) }
	msg := firstLine(err.Error())
	_, _, located := diag.SplitPlace(msg, isFile)
	switch {
	case msg == "":
	case code == exitNo && !located:
		fmt.Fprintf(stderr, "convkit: %s\n", msg)
	default:
		fmt.Fprintln(stderr, diag.Line("error", msg, isFile))
	}
	for _, h := range hints {
		fmt.Fprintf(stderr, "convkit: hint: %s\n", h)
	}
	return code
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
