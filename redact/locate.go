package redact

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// Locate finds the line of each finding in r, the input they were found
// in: the first line, at or after the previous finding's, that holds the
// value as written (raw, or escaped as in a JSON string). It returns 0 for
// a finding it cannot place (a media part, a value split by escapes). It
// reads a line at a time.
func Locate(r io.Reader, findings []Finding) ([]int, error) {
	lines := make([]int, len(findings))
	br := bufio.NewReaderSize(r, 64<<10)
	next := 0
	line := 0
	for next < len(findings) {
		text, err := readLine(br)
		if len(text) > 0 || err == nil {
			line++
			for next < len(findings) {
				f := findings[next]
				if f.Media || f.value == "" {
					next++
					continue
				}
				escaped := appendJSONString(nil, f.value)
				if !bytes.Contains(text, []byte(f.value)) && !bytes.Contains(text, escaped[1:len(escaped)-1]) {
					break
				}
				lines[next] = line
				next++
			}
		}
		if errors.Is(err, io.EOF) {
			// A value found nowhere after the last one placed: go on from it.
			for next < len(findings) && lines[next] == 0 {
				next++
			}
			break
		}
		if err != nil {
			return lines, err
		}
	}
	return lines, nil
}

func readLine(br *bufio.Reader) ([]byte, error) {
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, chunk...)
			continue
		}
		if long != nil {
			return append(long, chunk...), err
		}
		return chunk, err
	}
}
