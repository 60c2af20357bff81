package jsontree

import "bytes"

// UTF16Message says that an input is UTF-16, in the words every command
// uses.
const UTF16Message = "this file is UTF-16; convkit reads UTF-8 (iconv -f UTF-16 -t UTF-8 converts it)"

// LooksUTF16 reports whether an input that starts with head is UTF-16: it
// starts with a UTF-16 byte order mark, or its first 64 bytes are ASCII
// written as UTF-16 (a NUL byte beside every character).
func LooksUTF16(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return true
	}
	head = head[:min(len(head), 64)]
	if len(head) < 4 {
		return false
	}
	even, odd := 0, 0
	for i, c := range head {
		if c == 0 && i%2 == 0 {
			even++
		} else if c == 0 {
			odd++
		}
	}
	half := len(head) / 2
	return even == half && odd == 0 || odd == half && even == 0
}
