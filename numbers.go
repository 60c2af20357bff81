package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/cmderr"
)

// intFlag is an integer flag and where its value goes.
type intFlag struct {
	name string
	dst  *int
}

// readCounts reads the flags that take a number of 0 or more, in order, into
// their destinations; a flag not given leaves its destination as it is.
func readCounts(c *cli.Context, flags ...intFlag) error {
	for _, f := range flags {
		if !c.IsSet(f.name) {
			continue
		}
		if *f.dst = c.Int(f.name); *f.dst < 0 {
			return cmderr.Usagef("--%s takes a number of 0 or more, not %d", f.name, *f.dst)
		}
	}
	return nil
}
