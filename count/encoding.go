package count

import (
	"sync"

	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"

	"github.com/convkit/convkit/count/bpe"
)

// The encodings come from the tiktoken files compiled into the binary.
// tiktoken-go's default loader would download them and cache them on disk;
// setting the offline loader here, before anything can ask for an encoding,
// makes that impossible.
func init() {
	tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader())
}

// encoder counts the tokens of text, special-token text included as
// ordinary text. It hides the engine, so that a faster exact one can replace
// tiktoken-go for some encodings.
type encoder interface {
	Count(text string) int
}

// encoders holds each encoding, loaded on first use only. o200k_base and
// cl100k_base count with count/bpe, an exact engine that is several times
// faster than tiktoken-go and starts without parsing anything; the older
// encodings with tiktoken-go, which loads one in a good part of a second.
var encoders = map[string]func() (encoder, error){
	"o200k_base":  lazyBPE("o200k_base"),
	"cl100k_base": lazyBPE("cl100k_base"),
	"p50k_base":   lazyTiktoken("p50k_base"),
	"r50k_base":   lazyTiktoken("r50k_base"),
}

func lazyBPE(name string) func() (encoder, error) {
	return func() (encoder, error) {
		e, err := bpe.Get(name) // loads once
		if err != nil {
			return nil, err
		}
		return e, nil
	}
}

func lazyTiktoken(name string) func() (encoder, error) {
	return sync.OnceValues(func() (encoder, error) {
		t, err := tiktoken.GetEncoding(name)
		if err != nil {
			return nil, err
		}
		return tiktokenEncoder{t}, nil
	})
}

// getEncoder returns the encoding called name, loading it if need be.
func getEncoder(name string) (encoder, error) {
	load, ok := encoders[name]
	if !ok {
		return nil, &UnknownEncodingError{Name: name}
	}
	return load()
}

// tiktokenEncoder counts with github.com/pkoukk/tiktoken-go.
type tiktokenEncoder struct{ t *tiktoken.Tiktoken }

func (e tiktokenEncoder) Count(text string) int {
	if text == "" {
		return 0
	}
	return len(e.t.EncodeOrdinary(text))
}
