package bpe_test

import (
	"fmt"

	"github.com/convkit/convkit/count/bpe"
)

func ExampleEncoding_Count() {
	enc, err := bpe.Get("o200k_base")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(enc.Name(), enc.Count("hello world"), enc.Count("<|endoftext|>"))

	_, err = bpe.Get("p50k_base")
	fmt.Println(err)
	// Output:
	// o200k_base 2 7
	// bpe: unknown encoding "p50k_base" (have cl100k_base, o200k_base)
}
