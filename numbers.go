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

// readFraction reads a flag that takes a number from 0 to 1 (what names
// it: "a fraction", "a similarity"); NaN and infinities are refused here,
// as comparisons would let NaN through as no fraction at all.
func readFraction(c *cli.Context, name, what string) (float64, error) {
	f := c.Float64(name)
	if !(f >= 0 && f <= 1) {
		return 0, cmderr.Usagef("--%s takes %s from 0 to 1, not %g", name, what, f)
	}
	return f, nil
}
