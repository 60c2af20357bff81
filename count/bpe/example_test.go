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

	_, err = bpe.Get("o300k")
	fmt.Println(err)
	// Output:
	// o200k_base 2 7
	// bpe: unknown encoding "o300k" (have cl100k_base, o200k_base, o200k_harmony, p50k_base, p50k_edit, r50k_base)
}
