// Command hello counts the tokens of its arguments (default "hello world")
// with package bpe and prints the count: the whole-process start-up case.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/convkit/convkit/count/bpe"
)

func main() {
	enc := "o200k_base"
	args := os.Args[1:]
	if len(args) > 0 && strings.HasSuffix(args[0], "_base") {
		enc, args = args[0], args[1:]
	}
	text := "hello world"
	if len(args) > 0 {
		text = strings.Join(args, " ")
	}
	e, err := bpe.Get(enc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(2)
	}
	fmt.Println(e.Count(text))
}
