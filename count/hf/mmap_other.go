//go:build !unix

package hf

import "os"

// mapFile reads the file at path and returns its bytes and fileID: where
// files cannot be mapped into memory, they are read.
func mapFile(path string) ([]byte, string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, "", err
	}
	data, err := os.ReadFile(path)
	return data, fileID(fi), err
}

func unmap([]byte) {}
