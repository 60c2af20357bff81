package chat

import (
	"bytes"
	"encoding/json"
)

// Field is one JSON object member kept verbatim.
type Field struct {
	Key   string
	Value json.RawMessage
}

// Fields is an ordered list of JSON object members.
type Fields []Field

// Get returns the value of key, or nil.
func (fs Fields) Get(key string) json.RawMessage {
	for _, f := range fs {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// Has reports whether key is present.
func (fs Fields) Has(key string) bool { return fs.Get(key) != nil }

// HasValue reports whether key is present with a value other than null:
// OpenAI's messages say null where they mean absent (an SDK's model_dump()
// writes "tool_calls": null, "function_call": null …).
func (fs Fields) HasValue(key string) bool {
	v := bytes.TrimSpace(fs.Get(key))
	return len(v) > 0 && string(v) != "null"
}

// Set replaces the value of key, or appends it.
func (fs *Fields) Set(key string, value json.RawMessage) {
	for i, f := range *fs {
		if f.Key == key {
			(*fs)[i].Value = value
			return
		}
	}
	*fs = append(*fs, Field{key, value})
}

// Delete removes key.
func (fs *Fields) Delete(key string) {
	for i, f := range *fs {
		if f.Key == key {
			*fs = append((*fs)[:i:i], (*fs)[i+1:]...)
			return
		}
	}
}
