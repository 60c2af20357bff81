package main

import (
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
)

// parseImageSize reads --image-size WxH; "" is the counter's default.
func parseImageSize(s string) ([2]int, error) {
	if s == "" {
		return [2]int{}, nil
	}
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w <= 0 || h <= 0 {
		return [2]int{}, usageErrorf("--image-size takes WIDTHxHEIGHT in pixels, like 1024x768, not %q", s)
	}
	return [2]int{w, h}, nil
}

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
			return usageErrorf("--%s takes a number of 0 or more, not %d", f.name, *f.dst)
		}
	}
	return nil
}
