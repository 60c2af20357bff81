package template

import (
	"reflect"
	"testing"
)

// TestConfigEncoding checks that a config read from tokenizer_config.json
// comes back from its encoding as it was, and that what is not one of its
// encodings (a damaged cache file, the older layout of the cache) is
// refused rather than read as a config without templates.
func TestConfigEncoding(t *testing.T) {
	c, err := ReadConfig([]byte(`{"chat_template": [{"name": "default", "template": "{{ bos_token }}"}, {"name": "tool_use", "template": "x"}],
		"model_max_length": 8192, "bos_token": "<s>", "eos_token": {"content": "</s>"}, "added_tokens_decoder": {}}`))
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeConfig(c.Encode())
	if err != nil || !reflect.DeepEqual(back, c) {
		t.Errorf("DecodeConfig(Encode()) = %+v, %v; want %+v", back, err, c)
	}
	good := c.Encode()
	for _, bad := range [][]byte{nil, []byte(`{"Templates": {}, "Specials": {}, "MaxLength": 0}`), good[:len(good)-1], append(good, 0)} {
		if c, err := DecodeConfig(bad); err == nil {
			t.Errorf("DecodeConfig(%q) = %+v, want an error", bad, c)
		}
	}
}
