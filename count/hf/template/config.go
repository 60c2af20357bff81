package template

import (
	bin "encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// Config is what a tokenizer_config.json tells the renderer: the chat
// templates by name ("default" for a single one) and the special tokens
// templates read (bos_token, eos_token, unk_token, pad_token).
type Config struct {
	Templates map[string]string
	Specials  map[string]string
	// MaxLength is model_max_length when it is a real context window: 0
	// when absent, or when it is transformers' "no limit" (1e30) or as
	// absurd.
	MaxLength int
}

// maxSaneLength bounds the model_max_length taken as a context window.
const maxSaneLength = 100_000_000

// ReadConfig reads a tokenizer_config.json.
func ReadConfig(data []byte) (*Config, error) {
	// Only a few members are read: the others (added_tokens_decoder holds
	// thousands of entries, a megabyte for Gemma 3) are checked as JSON
	// but not made into values, many times faster.
	names := map[string]bool{"chat_template": true, "model_max_length": true, "bos_token": true, "eos_token": true, "unk_token": true, "pad_token": true}
	top, ok := topMembers(data, names)
	if !ok {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("tokenizer_config.json: %w", err)
		}
		return nil, fmt.Errorf("tokenizer_config.json: not an object")
	}
	d := NewDict()
	for _, k := range []string{"chat_template", "model_max_length", "bos_token", "eos_token", "unk_token", "pad_token"} {
		if raw, ok := top[k]; ok {
			v, err := FromJSON(raw)
			if err != nil {
				return nil, fmt.Errorf("tokenizer_config.json: %s: %w", k, err)
			}
			d.Set(k, v)
		}
	}
	c := &Config{Templates: map[string]string{}, Specials: map[string]string{}}
	switch t := d.vals["chat_template"].(type) {
	case string:
		c.Templates["default"] = t
	case []any:
		for _, item := range t {
			if nt, ok := item.(*Dict); ok {
				name, _ := nt.vals["name"].(string)
				src, _ := nt.vals["template"].(string)
				c.Templates[name] = src
			}
		}
	}
	if n, ok := number(d.vals["model_max_length"]); ok && n >= 1 && n <= maxSaneLength {
		c.MaxLength = int(n)
	}
	for _, k := range []string{"bos_token", "eos_token", "unk_token", "pad_token"} {
		switch v := d.vals[k].(type) {
		case string:
			c.Specials[k] = v
		case *Dict:
			if s, ok := v.vals["content"].(string); ok {
				c.Specials[k] = s
			}
		}
	}
	return c, nil
}

// Encode returns c as DecodeConfig reads it: binary, so that a start
// decodes it without a JSON decoder (Gemma 3's template alone is 4 KB of
// escaped JSON). It is a magic line, MaxLength (u64), then the templates
// and the special tokens, each a count (u32) of name and value pairs, and
// each string its length (u32) then its bytes.
func (c *Config) Encode() []byte {
	b := []byte(configMagic)
	b = bin.LittleEndian.AppendUint64(b, uint64(c.MaxLength))
	for _, m := range []map[string]string{c.Templates, c.Specials} {
		names := make([]string, 0, len(m))
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names)
		b = bin.LittleEndian.AppendUint32(b, uint32(len(names)))
		for _, k := range names {
			for _, s := range []string{k, m[k]} {
				b = bin.LittleEndian.AppendUint32(b, uint32(len(s)))
				b = append(b, s...)
			}
		}
	}
	return b
}

const configMagic = "convkit chat config 1\n"

var errNotConfig = errors.New("not an encoded config")

// DecodeConfig reads what Encode wrote.
func DecodeConfig(b []byte) (*Config, error) {
	if len(b) < len(configMagic)+8 || string(b[:len(configMagic)]) != configMagic {
		return nil, errNotConfig
	}
	b = b[len(configMagic):]
	c := &Config{MaxLength: int(bin.LittleEndian.Uint64(b))}
	b = b[8:]
	next := func() (string, bool) {
		if len(b) < 4 {
			return "", false
		}
		n := bin.LittleEndian.Uint32(b)
		if uint64(n) > uint64(len(b)-4) {
			return "", false
		}
		s := string(b[4 : 4+n])
		b = b[4+n:]
		return s, true
	}
	for _, m := range []*map[string]string{&c.Templates, &c.Specials} {
		if len(b) < 4 {
			return nil, errNotConfig
		}
		n := bin.LittleEndian.Uint32(b)
		b = b[4:]
		if uint64(n) > uint64(len(b))/8 {
			return nil, errNotConfig
		}
		*m = make(map[string]string, n)
		for range n {
			k, ok := next()
			v, ok2 := next()
			if !ok || !ok2 {
				return nil, errNotConfig
			}
			(*m)[k] = v
		}
	}
	if len(b) != 0 || c.MaxLength < 0 || c.MaxLength > maxSaneLength {
		return nil, errNotConfig
	}
	return c, nil
}

// Template returns the source of the template called name, "" for the
// default one.
func (c *Config) Template(name string) (string, error) {
	if name == "" {
		name = "default"
	}
	if src, ok := c.Templates[name]; ok {
		return src, nil
	}
	if len(c.Templates) == 0 {
		return "", fmt.Errorf("tokenizer_config.json has no chat_template")
	}
	names := make([]string, 0, len(c.Templates))
	for n := range c.Templates {
		names = append(names, n)
	}
	sort.Strings(names)
	return "", fmt.Errorf("no chat template named %q (there are: %v)", name, names)
}

// Vars returns the variables apply_chat_template renders a conversation
// with.
func (c *Config) Vars(messages, tools any, generationPrompt bool) map[string]any {
	vars := map[string]any{"messages": messages, "tools": tools, "documents": nil, "add_generation_prompt": generationPrompt}
	for k, v := range c.Specials {
		vars[k] = v
	}
	return vars
}
