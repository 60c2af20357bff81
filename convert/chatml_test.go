package convert

import (
	"errors"
	"testing"
)

func TestChatMLRead(t *testing.T) {
	checkSummary(t, readSample(t, "chatml", "qwen-tools.chatml", DecodeOptions{})[0],
		"system: You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
		"user: What's the temperature in San Francisco now? How about tomorrow?",
		"assistant: ",
		`→ chatml_call_1 get_current_temperature({"location":"San Francisco, CA, USA"})`,
		`→ chatml_call_2 get_temperature_date({"location":"San Francisco, CA, USA","date":"2024-10-01"})`,
		`tool[chatml_call_1]: {"temperature": 26.1, "location": "San Francisco, CA, USA", "unit": "celsius"}`,
		`tool[chatml_call_2]: {"temperature": 25.9, "location": "San Francisco, CA, USA", "date": "2024-10-01", "unit": "celsius"}`,
		"assistant: The current temperature in San Francisco is 26.1 °C; tomorrow it should be about 25.9 °C.",
	)
	convs := readSample(t, "chatml", "two-conversations.chatml", DecodeOptions{})
	if len(convs) != 2 {
		t.Fatalf("%d conversations, want 2", len(convs))
	}
	checkSummary(t, convs[1], "user: Say hi.", "assistant: Hi!")
}

func TestChatMLErrors(t *testing.T) {
	for in, want := range map[string]string{
		"hello":                                 "1:1: expected <|im_start|> to start a message",
		"<|im_start|>user\nhi<|im_end|>\nstray": "3:1: expected <|im_start|> to start a message",
		"<|im_start|>user\nhi":                  "2:1: message has no <|im_end|>",
		"<|im_start|>user\nhi\n<|im_start|>x\n<|im_end|>": "3:1: message has no <|im_end|> before the next <|im_start|>",
	} {
		_, err := decodeWith(chatmlFormat, []byte(in), DecodeOptions{})
		var ce *Error
		if !errors.As(err, &ce) || err.Error() != want {
			t.Errorf("%q: got %v, want %s", in, err, want)
		}
	}
}

func FuzzChatML(f *testing.F) { fuzzFormat(f, "chatml") }
